/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tmpcopyup: what the image has in a directory is copied into the tmpfs mounted
 * over it. The source is an fd of the covered directory opened before the mount,
 * so the copy reads the image, never the new tmpfs, and never leaves either tree
 * (every step is an *at() call below an fd; symlinks are copied, not followed).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/mount/mount_entry.h"
#include "util/cleanup.h"

#define COPY_MAX_DEPTH 128

static int copy_data(int from, int to)
{
        for (;;) {
                ssize_t n = sendfile(to, from, NULL, 1 << 20);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                if (n == 0)
                        return 0;
        }
}

/* Owner, mode and times of name below dir as st has them. */
static int copy_attrs(int dir, const char *name, const struct stat *st)
{
        struct timespec ts[2] = {st->st_atim, st->st_mtim};

        if (fchownat(dir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
                return -errno;
        if (!S_ISLNK(st->st_mode) && fchmodat(dir, name, st->st_mode & 07777, 0) < 0)
                return -errno;
        if (utimensat(dir, name, ts, AT_SYMLINK_NOFOLLOW) < 0)
                return -errno;
        return 0;
}

static int copy_dir(int src, int dst, int depth, struct error *err);

static int copy_one(int src, int dst, const char *name, int depth, struct error *err)
{
        struct stat st;
        int r = 0;

        if (fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return error_errno(err, errno, "stat \"%s\"", name);
        if (S_ISDIR(st.st_mode)) {
                _cleanup_close_ int s = -1, d = -1;

                if (mkdirat(dst, name, 0700) < 0)
                        return error_errno(err, errno, "mkdir \"%s\"", name);
                s = openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                d = openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (s < 0 || d < 0)
                        return error_errno(err, errno, "open \"%s\"", name);
                r = copy_dir(s, d, depth + 1, err);
                if (r < 0)
                        return error_wrap(err, r, "\"%s\"", name);
        } else if (S_ISREG(st.st_mode)) {
                _cleanup_close_ int s = -1, d = -1;

                s = openat(src, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
                if (s < 0)
                        return error_errno(err, errno, "open \"%s\"", name);
                d = openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (d < 0)
                        return error_errno(err, errno, "create \"%s\"", name);
                r = copy_data(s, d);
                if (r < 0)
                        return error_errno(err, -r, "copy \"%s\"", name);
        } else if (S_ISLNK(st.st_mode)) {
                char target[PATH_MAX];
                ssize_t n = readlinkat(src, name, target, sizeof(target) - 1);

                if (n < 0)
                        return error_errno(err, errno, "readlink \"%s\"", name);
                target[n] = '\0';
                if (symlinkat(target, dst, name) < 0)
                        return error_errno(err, errno, "symlink \"%s\"", name);
        } else if (mknodat(dst, name, st.st_mode, st.st_rdev) < 0) {
                return error_errno(err, errno, "mknod \"%s\"", name);
        }
        r = copy_attrs(dst, name, &st);
        if (r < 0)
                return error_errno(err, -r, "set owner, mode and times of \"%s\"", name);
        return 0;
}

static int copy_dir(int src, int dst, int depth, struct error *err)
{
        _cleanup_closedir_ DIR *d = NULL;
        int fd;

        if (depth > COPY_MAX_DEPTH)
                return error_set(err, ELOOP, "directories nested too deep");
        fd = openat(src, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return error_errno(err, errno, "open");
        d = fdopendir(fd);
        if (!d) {
                close(fd);
                return error_errno(err, errno, "open");
        }
        for (struct dirent *e; (errno = 0, e = readdir(d));) {
                int r;

                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                        continue;
                r = copy_one(src, dst, e->d_name, depth, err);
                if (r < 0)
                        return r;
        }
        return errno ? error_errno(err, errno, "readdir") : 0;
}

int copy_tree(int src, int dst, struct error *err)
{
        return copy_dir(src, dst, 0, err);
}
