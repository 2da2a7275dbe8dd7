/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Networking for standalone use, opt-in (--network, --publish, or the org.brownie.network and
 * org.brownie.publish annotations): an engine step that drives CNI plugins. Nothing here happens for a
 * container that did not ask: under Docker, containerd, Kubernetes or Podman the engine wires the
 * network namespace itself.
 *
 * create: network_plan (before anything is made: what is asked, the conflist, the host ports free),
 * network_add_mounts (after the state directory: /etc/hosts, /etc/hostname, /etc/resolv.conf bound from
 * it), network_setup (after the clone, before GO: loopback, then CNI ADD of the list, the result kept in
 * the state directory's network.json, the files written). delete: network_teardown (CNI DEL from
 * network.json, also when the container died or its create crashed).
 */
#pragma once

#include <sys/types.h>

#include <json-c/json.h>

#include "engine.h"
#include "model/spec.h"
#include "util/error.h"

#define NETWORK_FILE           "network.json"
#define NETWORK_ANNOTATION     "org.brownie.network"
#define PUBLISH_ANNOTATION     "org.brownie.publish"
#define NETWORK_STATE_KEY      "org.brownie.network"
#define CNI_DEFAULT_CONFIG_DIR "/etc/cni/net.d"
#define CNI_DEFAULT_PATH       "/usr/lib/cni:/opt/cni/bin"

struct network;

/* What the container asked for; *out is NULL when it asked for nothing. */
int network_plan(const struct global_opts *g, const struct create_opts *o, const struct spec *s,
                 struct network **out, struct error *err);

/* The network files' bind mounts, from the state directory (statedir), added to the spec. */
int network_add_mounts(struct network *n, struct spec *s, int statedir, struct error *err);

/* Loopback up and the list's ADD in the namespace of pid; the record and the files in statedir. */
int network_setup(struct network *n, const struct spec *s, const char *id, int statedir, pid_t pid,
                  struct error *err);

/* create failed: what network_setup did is deleted. */
void network_undo(struct network *n, const char *id);

void network_free(struct network *n);

/* DEL from statedir's network.json (none: nothing to do), in the namespace create pinned in statedir,
 * then the pin goes. Every plugin runs; a failure is a warning, so a container can always be deleted. */
void network_teardown(int statedir, const char *id);

/* For `state`: {"network", "interface", "addresses", "ports"} from network.json, or NULL. */
json_object *network_state_json(int statedir);
