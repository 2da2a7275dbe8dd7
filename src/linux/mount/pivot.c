/* SPDX-License-Identifier: Apache-2.0 */
/* The switch to the container's root: pivot_root, or with --no-pivot a move onto "/" and chroot. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "plan/mountinfo.h"
#include "linux/mount/rootfs.h"
#include "util/cleanup.h"
#include "util/fs.h"

/*
 * pivot_root(".", "."): the rootfs becomes "/" and the old root sits on top of it, reached
 * through an fd held across the call, never by a path. It is made a recursive slave first
 * so that its unmount does not reach the host, then detached.
 */
static int pivot(int new_root, const char *rootfs, struct error *err)
{
        _cleanup_close_ int old_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

        if (old_root < 0)
                return error_errno(err, errno, "open the old root");
        if (fchdir(new_root) < 0)
                return error_errno(err, errno, "chdir to rootfs \"%s\"", rootfs);
        if (syscall(SYS_pivot_root, ".", ".") < 0)
                return error_errno(err, errno, "pivot_root to \"%s\"", rootfs);
        if (fchdir(old_root) < 0)
                return error_errno(err, errno, "chdir to the old root");
        if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
                return error_errno(err, errno, "make the old root a slave");
        if (umount2(".", MNT_DETACH) < 0)
                return error_errno(err, errno, "unmount the old root");
        return 0;
}

/*
 * --no-pivot keeps the host's mounts below the moved root. A full proc or sysfs mount left
 * there would let the container mount new ones (the kernel allows it when a full one is
 * visible): they are detached, or covered by a tmpfs when that is refused, as runc does.
 */
static int hide_host_procfs(const char *rootfs, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        char *save = NULL;
        int r;

        r = read_file_at(AT_FDCWD, "/proc/self/mountinfo", &text, NULL, err);
        if (r < 0)
                return r;
        for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
                struct mountinfo_entry e;

                if (plan_mountinfo_parse(l, &e) < 0 || !plan_no_pivot_hides(&e, rootfs))
                        continue;
                if (mount(NULL, e.mount_point, NULL, MS_SLAVE | MS_REC, NULL) < 0) {
                        if (errno == ENOENT || errno == EINVAL) /* gone with a parent detached before */
                                continue;
                        return error_errno(err, errno, "make \"%s\" a slave", e.mount_point);
                }
                if (umount2(e.mount_point, MNT_DETACH) == 0)
                        continue;
                if (errno != EINVAL && errno != EPERM)
                        return error_errno(err, errno, "unmount \"%s\"", e.mount_point);
                if (mount("tmpfs", e.mount_point, "tmpfs", MS_RDONLY, NULL) < 0)
                        return error_errno(err, errno, "cover \"%s\"", e.mount_point);
        }
        return 0;
}

static int move_root(int new_root, const char *rootfs, struct error *err)
{
        int r;

        /* Nothing unmounted or moved below may reach the host through a shared "/". */
        if (mount(NULL, "/", NULL, MS_SLAVE, NULL) < 0)
                return error_errno(err, errno, "make \"/\" a slave");
        r = hide_host_procfs(rootfs, err);
        if (r < 0)
                return r;
        if (fchdir(new_root) < 0)
                return error_errno(err, errno, "chdir to rootfs \"%s\"", rootfs);
        if (mount(rootfs, "/", NULL, MS_MOVE, NULL) < 0)
                return error_errno(err, errno, "move rootfs \"%s\" to \"/\"", rootfs);
        if (chroot(".") < 0)
                return error_errno(err, errno, "chroot to rootfs \"%s\"", rootfs);
        return 0;
}

int rootfs_pivot(const struct rootfs_config *c, struct error *err)
{
        _cleanup_close_ int new_root = open(c->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
        int r;

        if (new_root < 0)
                return error_errno(err, errno, "open rootfs \"%s\"", c->rootfs);
        if (!spec_has_ns(c->spec, NS_MOUNT)) {
                /* No mount namespace of its own: nothing may be changed in the host's, only chroot. */
                if (fchdir(new_root) < 0 || chroot(".") < 0)
                        return error_errno(err, errno, "chroot to rootfs \"%s\"", c->rootfs);
        } else {
                r = c->no_pivot ? move_root(new_root, c->rootfs, err) : pivot(new_root, c->rootfs, err);
                if (r < 0)
                        return r;
        }
        if (chdir("/") < 0)
                return error_errno(err, errno, "chdir \"/\"");
        return 0;
}
