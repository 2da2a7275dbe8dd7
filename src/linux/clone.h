/* SPDX-License-Identifier: Apache-2.0 */
/* clone3(): the container's init starts life directly in its new namespaces (and cgroup on v2). */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

/*
 * Forks with clone3(flags | CLONE_PIDFD), exit signal SIGCHLD. cgroup_fd >= 0 adds
 * CLONE_INTO_CGROUP. Returns 0 in the child, the child's pid in the parent
 * (with *pidfd set), or a negative errno.
 */
pid_t clone3_fork(uint64_t flags, int cgroup_fd, int *pidfd, struct error *err);
