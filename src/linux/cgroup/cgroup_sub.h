/* SPDX-License-Identifier: Apache-2.0 */
/* exec --cgroup: the process moved into existing sub-cgroups of the container's (model/cgroup_subs.h). */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "linux/cgroup/cgroup.h"
#include "model/cgroup_subs.h"
#include "util/error.h"

/* The sub-path of a hierarchy (its comma-separated controller names, "" for the unified one), or
 * NULL when the process stays in the container's own cgroup there. -EINVAL when two of the
 * hierarchy's controllers were given different paths (err says so). */
int cgroup_subs_for(const struct cgroup_subs *subs, const char *hierarchy, const char **path,
                    struct error *err);

/* Every controller the arguments name is one of the container's hierarchies' (-EINVAL, "unknown
 * controller X", as runc says, else). */
int cgroup_subs_check(const struct cgroup *cg, const struct cgroup_subs *subs, struct error *err);

/* Pure v2: the sub-cgroup's directory in *fd, for CLONE_INTO_CGROUP; -1 when there is no sub-path
 * or the host is not pure v2. */
int cgroup_sub_v2_open(struct cgroup *cg, const struct cgroup_subs *subs, int *fd, struct error *err);

/* Moves pid into the sub-cgroups (the container's own cgroup where no sub-path applies). */
int cgroup_enter_sub(struct cgroup *cg, pid_t pid, const struct cgroup_subs *subs, struct error *err);
