/* SPDX-License-Identifier: Apache-2.0 */
/* The container's init: everything create does inside the new namespaces, then the wait for start. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/spec.h"

struct cgroup;

struct init_args {
        const struct spec *spec;
        const char *id;
        const char *bundle;
        const char *rootfs;
        const struct cgroup *cgroup; /* the container's, resolved by create (NULL: none) */
        int sync_fd;                 /* the child's end of the socketpair */
        int fifo_fd;                 /* O_PATH fd of the exec fifo; -1: `run`, SYNC_START on sync_fd */
        int stub_fd;            /* the exec stub (linux/selfexe.h) the container's execs go through; -1 */
        uint64_t clone_flags;   /* CLONE_NEW* the clone3 created */
        uint64_t unshare_flags; /* CLONE_NEW* to unshare after GO (see plan/ns_plan.h) */
        bool ns_ready;          /* staged: the staging child already joined and created the namespaces */
        bool no_pivot;
        bool no_new_keyring;
        int preserve_fds;    /* kept after stdio: the socket-activation fds, then --preserve-fds */
        int listen_fds;      /* LISTEN_FDS passed on (systemd socket activation), 0 when none */
        bool undumpable;     /* non-dumpable while it waits for start (linux/undumpable.h) */
        bool lean_wait;      /* start comes from another command: let go of clean pages while waiting */
        bool pty_as_written; /* process.terminal: its pty passes "\n" as written (relay_output_as_written) */
};

/* Runs in the child right after clone3; never returns. */
__attribute__((noreturn)) void container_init(const struct init_args *a);

/*
 * The staged path (plan/ns_plan.h): runs in the child right after clone3, joins
 * and creates the namespaces of stage_flags with the runtime's help, then becomes
 * (or forks) the init. Never returns.
 */
__attribute__((noreturn)) void container_stage(const struct init_args *a, uint64_t stage_flags,
                                               bool fork_init);
