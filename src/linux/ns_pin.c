/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/ns_pin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "util/cleanup.h"

int ns_pin(const char *ns_file, int dirfd, const char *name, struct error *err)
{
        _cleanup_close_ int fd =
            openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0444);
        char target[64];

        if (fd < 0)
                return error_errno(err, errno, "create \"%s\"", name);
        /* Through the fd: the state directory's path never needs to be spelled out. */
        snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
        if (mount(ns_file, target, NULL, MS_BIND, NULL) < 0) {
                int e = errno;
                unlinkat(dirfd, name, 0);
                return error_errno(err, e, "bind \"%s\" on \"%s\"", ns_file, name);
        }
        return 0;
}

bool ns_pinned(int dirfd, const char *name)
{
        _cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        struct statfs sf;

        return fd >= 0 && fstatfs(fd, &sf) == 0 && sf.f_type == NSFS_MAGIC;
}

void ns_unpin(int dirfd, const char *name)
{
        _cleanup_close_ int fd = openat(dirfd, name, O_PATH | O_CLOEXEC | O_NOFOLLOW);
        char path[64];

        if (fd < 0)
                return;
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
        while (ns_pinned(dirfd, name) && umount2(path, MNT_DETACH) == 0)
                ;
        cleanup_closep(&fd);
        unlinkat(dirfd, name, 0);
}
