/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CNI network configuration lists (the CNI spec's "conflist"): finding one by its name in a config
 * directory, checking it, and building the configuration each plugin gets on stdin. Pure but for the
 * directory scan; unit-tested.
 */
#pragma once

#include <stddef.h>

#include <json-c/json.h>

#include "model/publish.h"
#include "util/error.h"

/*
 * Parses and checks a conflist (or a single plugin's .conf, made a list of one): an object with a
 * string "name", a string "cniVersion" and a non-empty "plugins" array of objects whose "type" is a
 * plain file name. origin names the text in messages. *out is a new reference.
 */
int cni_conflist_parse(const char *text, size_t len, const char *origin, json_object **out,
                       struct error *err);

/* The conflist named name among dir's *.conflist, *.conf and *.json files (in name order, as libcni
 * reads them). -ENOENT with one line when there is none. */
int cni_conflist_find(const char *dir, const char *name, json_object **out, struct error *err);

const char *cni_conflist_name(json_object *list);
size_t cni_conflist_len(json_object *list);
const char *cni_plugin_type(json_object *list, size_t i);

/* runtimeConfig for the list: {"portMappings": [{hostPort, containerPort, protocol, hostIP}]}. */
json_object *cni_runtime_config(const struct port_mapping *ports, size_t n);

/*
 * The JSON plugin i reads on stdin: its own object with the list's "name" and "cniVersion", prevResult
 * when given, and of runtime_config the keys its "capabilities" ask for. Malloc'd text.
 */
char *cni_plugin_stdin(json_object *list, size_t i, json_object *prev_result, json_object *runtime_config);
