/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How the container's namespaces come to be: which ones clone3 creates, which
 * the init unshares later, and whether a staging child is needed.
 *
 * The fast path: clone3 creates every new namespace at once. Two exceptions
 * are unshared by the init after the runtime's GO: a time namespace (its
 * offsets must be written before anyone lives in it) and, when the init cannot
 * be cloned straight into its cgroup (cgroup v1/hybrid), a cgroup namespace (its
 * root is the cgroup the process is in when it is created).
 *
 * The staged path, when a user namespace is joined by path, or a new one is
 * combined with other namespaces joined by path: the namespaces to join must be
 * entered with the runtime's privileges before the new user namespace exists, and
 * the new ones must be owned by the (new or joined) user namespace. A staging
 * child joins (user namespace first), unshares the user namespace and has the
 * runtime write its maps, unshares the rest, and forks the init when a new pid
 * namespace is asked for.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/spec.h"

struct ns_plan {
        uint64_t clone_flags;   /* CLONE_NEW* given to clone3 */
        uint64_t unshare_flags; /* CLONE_NEW* the init unshares after GO */
        bool staged;
        uint64_t stage_flags; /* staged: CLONE_NEW* the staging child unshares (user first, pid last) */
        bool stage_fork;      /* staged: a new pid namespace, so the init is the staging child's child */
};

void plan_namespaces(const struct spec *s, bool clone_into_cgroup, struct ns_plan *out);
