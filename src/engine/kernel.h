/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seam under the lifecycle: the few kernel calls that start, kill, delete and state make on a
 * container's processes, behind one table. Production runs kernel_linux; a unit test passes a recorded
 * fake in struct global_opts (tests/unit/test_lifecycle.c), so the transitions, their refusals and the
 * state file run without root and without a container. Each entry keeps its syscall's convention (-1 and
 * errno) or its linux/ function's. The cgroup, the exec fifo and the state directory are not behind it:
 * a test gives the container no cgroup and its state directory on a temporary tree.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

struct kernel_ops {
        int (*pidfd_open)(pid_t pid); /* pidfd_open(2): close-on-exec, polls readable at exit */
        int (*pidfd_send_signal)(int pidfd, int sig); /* pidfd_send_signal(2) */
        int (*kill)(pid_t pid, int sig);              /* kill(2) */
        /* linux/process_stat.h: pid is the process that started at start_time, and not a zombie */
        bool (*process_alive)(pid_t pid, uint64_t start_time);
        /* linux/proc_tree.h: the init and its descendants (a container without a cgroup) */
        int (*process_tree)(pid_t init, pid_t **pids, size_t *n, struct error *err);
};

extern const struct kernel_ops kernel_linux;
