/* SPDX-License-Identifier: Apache-2.0 */
/* The runtime's side of create, shared by create and run. */
#pragma once

#include <sys/types.h>

#include "container.h"
#include "engine.h"
#include "model/spec.h"

struct created {
        struct container *c; /* locked; state saved as "created" */
        struct spec *spec;
        pid_t pid;
        int pidfd;
        int pty_master; /* process.terminal without --console-socket (run in the foreground): ours to relay */
        int sync_fd;    /* start_follows: the socket the init waits on for SYNC_START (container_start) */
};
#define CREATED_INIT                                                                                         \
        {                                                                                                    \
                .pidfd = -1, .pty_master = -1, .sync_fd = -1                                                 \
        }

/*
 * Creates the container; on failure nothing is left (no state dir, cgroup, process).
 * foreground: `run` without --detach, which may keep a terminal's master to relay itself.
 * start_follows: `run`, which starts it at once (the init then keeps what it has mapped while it waits).
 */
int create_container(const struct global_opts *g, const struct create_opts *o, bool foreground,
                     bool start_follows, struct created *out, struct error *err);

void created_release(struct created *cr);
