/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Running CNI plugins as the CNI spec says: the plugin found in CNI_PATH by its type, its config on
 * stdin, CNI_COMMAND / CNI_CONTAINERID / CNI_NETNS / CNI_IFNAME / CNI_PATH in its environment, its
 * result (or its error: {code, msg, details}) on stdout. A conflist runs plugin by plugin: ADD in order,
 * each given the previous one's result; DEL in reverse, each given the result ADD ended with.
 */
#pragma once

#include <json-c/json.h>

#include "util/error.h"

struct cni_call {
        const char *network;      /* the list's name, for messages */
        const char *container_id; /* CNI_CONTAINERID */
        const char *netns;        /* CNI_NETNS: a path; "" for a DEL whose namespace is gone */
        const char *ifname;       /* CNI_IFNAME */
        const char *cni_path;     /* CNI_PATH: directories separated by ':' */
};

/* Runs one plugin; *out gets its stdout (malloc'd). A failure names the plugin and carries its msg and
 * details verbatim. */
int cni_exec(const struct cni_call *c, const char *command, const char *type, const char *config, char **out,
             struct error *err);

/* ADD of every plugin of list in order; *result is the last one's (a new reference). When a plugin
 * fails, what the plugins before it did is deleted again (DEL in reverse) and its error returned. */
int cni_add(const struct cni_call *c, json_object *list, json_object *runtime_config, json_object **result,
            struct error *err);

/* DEL of every plugin of list in reverse order with prev_result (may be NULL); every plugin runs, the
 * first failure is returned. */
int cni_del(const struct cni_call *c, json_object *list, json_object *runtime_config,
            json_object *prev_result, struct error *err);
