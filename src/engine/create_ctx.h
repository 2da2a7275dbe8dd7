/* SPDX-License-Identifier: Apache-2.0 */
/* create's working state, and the steps restore shares with it (the bundle, the state directory, the
 * cgroup, and undoing them). */
#pragma once

#include <limits.h>
#include <sys/types.h>

#include "container.h"
#include "engine.h"
#include "hand_out.h"
#include "idmap_serve.h"
#include "linux/cgroup/cgroup.h"
#include "model/spec.h"

struct net_devices;
struct network;

struct create_ctx {
        const struct global_opts *g;
        const struct create_opts *o;
        struct spec *spec;
        char *config_text;
        size_t config_len;
        char bundle[PATH_MAX];
        char rootfs[PATH_MAX];
        int rootfd;
        struct container *c;
        bool dir_made;
        struct cgroup *cg;
        bool cg_made;
        int fifo_fd;
        int stub_fd; /* the exec stub's memfd (engine/seal.h), -1: none */
        int sock[2];
        pid_t pid;
        pid_t init_pid; /* staged: the init the staging child names (0: itself) */
        int pidfd;
        int pty_master;
        struct net_devices *net_devices; /* moved in: moved back if create fails */
        int listen_fds; /* read before the clone: LISTEN_PID names the runtime, not the child */
        bool lean_wait; /* `create`: start is another command's; the init lets go of clean pages meanwhile */
        bool start_follows; /* run, restore: no exec fifo (run's init waits for SYNC_START on its socket) */
        struct idmap_serve_ctx idmap;
        char *rdt_root; /* linux.intelRdt: the resctrl mount, and an fd of it */
        int rdt_fd;
        struct network *net; /* --network / --publish: NULL when not asked */
};

/* A context with no fd or resource taken yet (what every cleanup path expects). */
#define CREATE_CTX_INIT(G, O)                                                                                \
        {                                                                                                    \
                .g = (G), .o = (O), .rootfd = -1, .fifo_fd = -1, .stub_fd = -1, .sock = {-1, -1},            \
                .pidfd = -1, .pty_master = -1, .rdt_fd = -1                                                  \
        }

/* The bundle's config parsed into x->spec, its realpath and the rootfs's (not the host's "/"). */
int create_load_bundle(struct create_ctx *x, struct error *err);
/* <root>/<id> made and locked, config.json copied, exec.fifo made (x->fifo_fd an O_PATH fd of it) unless
 * start follows (`run`). */
int create_make_state_dir(struct create_ctx *x, struct error *err);
/* The first state saved (cgroup paths, no init), then the cgroup made in every hierarchy. */
int create_setup_cgroup(struct create_ctx *x, struct error *err);

/* The container's state saved (with the config's annotations), then the pty, pidfd and pid handed to
 * whoever asked (to): the last steps of create and of restore. */
int create_record(struct create_ctx *x, const struct hand_out *to, struct error *err);
/* Undoes what was made: the child killed, network, devices, cgroup, resctrl group, state directory. */
void create_undo(struct create_ctx *x);
