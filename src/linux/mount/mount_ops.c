/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/mount/mount_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "linux/mount/resolve.h"
#include "util/cleanup.h"

int mnt_clone(int dfd, const char *path, bool recursive)
{
        unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
        int fd;

        if (!*path)
                flags |= AT_EMPTY_PATH;
        fd = open_tree(dfd, path, flags);
        return fd < 0 ? -errno : fd;
}

int mnt_attach(int tree, int target)
{
        if (move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
                return -errno;
        return 0;
}

int mnt_bind_fd(int source, int target)
{
        char s[64], t[64];

        fd_path(source, s, sizeof(s));
        fd_path(target, t, sizeof(t));
        if (mount(s, t, NULL, MS_BIND, NULL) < 0)
                return -errno;
        return 0;
}

int mnt_rbind_at(const char *source, int dir, const char *name)
{
        char t[PATH_MAX];

        fd_path(dir, t, sizeof(t));
        if ((size_t)snprintf(t + strlen(t), sizeof(t) - strlen(t), "/%s", name) >= sizeof(t) - strlen(t))
                return -ENAMETOOLONG;
        if (mount(source, t, NULL, MS_BIND | MS_REC, NULL) < 0)
                return -errno;
        return 0;
}

int mnt_setattr(int fd, struct plan_attr a, bool recursive)
{
        struct mount_attr attr = {.attr_set = a.set, .attr_clr = a.clr};

        if (!a.set && !a.clr)
                return 0;
        if (mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof(attr)) < 0)
                return -errno;
        return 0;
}

int mnt_set_idmap(int fd, int userns_fd, bool recursive)
{
        struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns_fd};

        if (mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof(attr)) < 0)
                return -errno;
        return 0;
}

int mnt_propagate(int fd, unsigned long ms)
{
        struct mount_attr attr = {.propagation = ms & ~(unsigned long)MS_REC};

        if (!attr.propagation)
                return 0;
        if (mount_setattr(fd, "", AT_EMPTY_PATH | (ms & MS_REC ? AT_RECURSIVE : 0), &attr, sizeof(attr)) < 0)
                return -errno;
        return 0;
}

int mnt_flags(int fd, unsigned long *out)
{
        struct statvfs sv;

        if (fstatvfs(fd, &sv) < 0)
                return -errno;
        *out = plan_statfs_to_ms(sv.f_flag);
        return 0;
}

int mnt_new_fs(int target, const char *source, const char *type, unsigned long flags, const char *data)
{
        char p[64];

        fd_path(target, p, sizeof(p));
        if (mount(source, p, type, flags, data && *data ? data : NULL) < 0)
                return -errno;
        return 0;
}

static int empty_tmpfs(const char *inodes)
{
        _cleanup_close_ int fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
        int mnt;

        if (fs < 0)
                return -errno;
        if (fsconfig(fs, FSCONFIG_SET_STRING, "nr_blocks", "1", 0) < 0 ||
            fsconfig(fs, FSCONFIG_SET_STRING, "nr_inodes", inodes, 0) < 0 ||
            fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
                return -errno;
        mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY);
        return mnt < 0 ? -errno : mnt;
}

int mnt_empty_tmpfs(void)
{
        int fd = empty_tmpfs("1");

        /* Some kernels want two inodes in a tmpfs at least. */
        return fd == -EINVAL ? empty_tmpfs("2") : fd;
}
