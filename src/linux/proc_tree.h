/* SPDX-License-Identifier: Apache-2.0 */
/* A process and its descendants, from /proc/<pid>/task/<tid>/children: what a container without a
 * cgroup (rootless, none delegated) holds. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

/* root first, then every descendant still alive, breadth first (a malloc'd array). */
int proc_tree(pid_t root, pid_t **pids, size_t *n, struct error *err);

/* The processes of a container without a cgroup: with a pid namespace of its own, every process in
 * that namespace (exec'd ones are not the init's children); else the init's tree. */
int proc_container(pid_t init, pid_t **pids, size_t *n, struct error *err);
