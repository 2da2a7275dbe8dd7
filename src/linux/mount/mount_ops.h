/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mounting by fd: the new mount API (open_tree, move_mount, mount_setattr) and
 * mount(2) on "/proc/self/fd/N" of a resolved destination. Each returns 0 (or an
 * fd) or -errno; the caller names the mount in the message.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "plan/mount_plan.h"

/* A detached clone of the mount tree at dfd/path ("" for dfd itself), recursive or top only. */
int mnt_clone(int dfd, const char *path, bool recursive);

/* Attaches a detached tree (from mnt_clone or fsmount) on top of target (an O_PATH fd). */
int mnt_attach(int tree, int target);

/* A bind (not recursive) of the mount at source onto target, both O_PATH fds, by mount(2) on their
 * /proc/self/fd paths: one call where cloning and attaching take three. */
int mnt_bind_fd(int source, int target);

/* A recursive bind of the host path source onto dir/name, a directory of the runtime's own making, by one
 * mount(2) on "/proc/self/fd/<dir>/<name>" (where cloning, attaching and closing the clone take three). */
int mnt_rbind_at(const char *source, int dir, const char *name);

/* Sets and clears MOUNT_ATTR_* on the mount at fd, or on its whole tree. */
int mnt_setattr(int fd, struct plan_attr a, bool recursive);

/* MOUNT_ATTR_IDMAP with the user namespace userns_fd on the detached mount at fd (or its whole tree). */
int mnt_set_idmap(int fd, int userns_fd, bool recursive);

/* MS_SHARED, MS_SLAVE, MS_PRIVATE or MS_UNBINDABLE (| MS_REC) on the mount at fd; 0 does nothing. */
int mnt_propagate(int fd, unsigned long ms);

/* The MS_* flags the mount at fd has (statvfs). */
int mnt_flags(int fd, unsigned long *out);

/* mount(2) of a new filesystem on top of target (an O_PATH fd). */
int mnt_new_fs(int target, const char *source, const char *type, unsigned long flags, const char *data);

/* A detached, read-only, empty tmpfs of one block and one inode (for masking directories). */
int mnt_empty_tmpfs(void);
