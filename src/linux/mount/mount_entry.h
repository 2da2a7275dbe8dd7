/* SPDX-License-Identifier: Apache-2.0 */
/* One entry of the spec's mounts, carried out below a rootfs fd (before pivot_root). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "model/spec.h"
#include "util/error.h"

struct cgroup;

struct mount_env {
        int root_fd;                 /* the rootfs */
        const char *rootfs;          /* its host path: where a destination resolved is checked against it */
        bool cgroupns;               /* the container has its own cgroup namespace */
        const struct cgroup *cgroup; /* the container's cgroup, for "cgroup" mounts (NULL: none) */
        const char *bundle;          /* relative bind sources are relative to it (config.md) */
        const char *mount_label;     /* linux.mountLabel where SELinux is enabled, else NULL */
        size_t index;                /* of the mount being made, in spec->mounts */
        /* The runtime's detached clone of the source of mounts[index] (an fd), or -errno: id-mapped when
         * the mount asks for it, else plain, for a source the init may not reach from its user namespace. */
        int (*idmap_tree)(void *ctx, size_t index, struct error *err);
        void *idmap_ctx;
};

/* Mounts m: errors name it ("mount \"proc\" on \"/proc\": ...", "bind source \"/x\": ..."). */
int mount_entry(const struct mount_env *env, const struct spec_mount *m, struct error *err);

/* --- shared by the kinds of mounts (mount_entry.c) --- */

/* A bind of the host's source (not necessarily m->source) with m's options and propagation. */
int mount_bind(const struct mount_env *env, const struct spec_mount *m, const char *source,
               struct error *err);

/* A new filesystem of type m->type with m's flags and data. */
int mount_fs(const struct mount_env *env, const struct spec_mount *m, struct error *err);

/* A bind's options (its MS_* flags in m) set on the mount at tree, detached or attached; where a user
 * namespace locks some of the source's flags, those are kept (or the mount fails if it must clear them). */
int mount_bind_flags(int tree, const struct spec_mount *m, struct error *err);

/* "cgroup" (mount_cgroup.c): cgroup2 on a v2 host, else a tmpfs of the container's v1 hierarchies. */
int mount_cgroup(const struct mount_env *env, const struct spec_mount *m, struct error *err);

/* tmpcopyup (copyup.c): copies the tree of the directory src (the covered one) into dst (the new tmpfs). */
int copy_tree(int src, int dst, struct error *err);
