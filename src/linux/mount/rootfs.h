/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The container's filesystem view, built inside its new mount namespace by the
 * container's init before it executes the user program. The engine calls the
 * three phases in this order, with createRuntime/createContainer hooks between
 * prepare and pivot, and sysctls between pivot and finalize.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "model/spec.h"
#include "util/error.h"

struct cgroup;

struct rootfs_config {
        const struct spec *spec;
        const char *rootfs;          /* absolute, canonical host path of the rootfs */
        bool no_pivot;               /* --no-pivot: MS_MOVE + chroot instead of pivot_root */
        bool in_userns;              /* own user namespace: device nodes are bind-mounted, not mknod'ed */
        const struct cgroup *cgroup; /* the container's cgroup (for "cgroup" mounts); NULL when none */
        const char *bundle;          /* absolute path of the bundle (relative bind sources) */
        /* Id-mapped mounts: asks the runtime for the id-mapped tree of mounts[index] (see mount_entry.h). */
        int (*idmap_tree)(void *ctx, size_t index, struct error *err);
        void *idmap_ctx;
};

/* Before the hooks: "/" made rslave (or per rootfsPropagation), the rootfs bound onto itself,
 * every mount of the spec in order, the default and listed devices, /dev symlinks, /dev/ptmx. */
int rootfs_prepare(const struct rootfs_config *c, struct error *err);

/* After createContainer hooks: pivot_root (or MS_MOVE + chroot); the old root is gone; cwd "/". */
int rootfs_pivot(const struct rootfs_config *c, struct error *err);

/* After sysctls: rootfsPropagation on "/", maskedPaths, readonlyPaths, then root.readonly. */
int rootfs_finalize(const struct rootfs_config *c, struct error *err);
