/* SPDX-License-Identifier: Apache-2.0 */
/* One entry of the spec's mounts, carried out below a rootfs fd. */
#pragma once

#include <stdbool.h>

#include "model/spec.h"
#include "util/error.h"

struct mount_env {
        int root_fd; /* the rootfs (before pivot_root) */
        bool in_userns;
        const char *cgroup_path; /* for "cgroup" mounts */
        bool cgroupns;           /* the container has its own cgroup namespace */
};

int mount_entry(const struct mount_env *env, const struct spec_mount *m, struct error *err);

/* Applies MS_* propagation to the mount at fd (an O_PATH fd of its root). */
int mount_propagate(int fd, unsigned long flags, const char *what, struct error *err);
