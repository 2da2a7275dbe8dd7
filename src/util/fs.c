/* SPDX-License-Identifier: Apache-2.0 */
#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"

/* Reads fd to its end, NUL-terminated; more than max bytes is an error. size: a regular file's, which
 * ends the read once that much is in (no call to find the end); 0: read until read returns 0. */
static int read_fd(int fd, const char *path, size_t max, size_t size, char **out, size_t *len,
                   struct error *err)
{
        _cleanup_free_ char *buf = NULL;
        size_t cap = size && size < max ? size + 1 : 4096, n = 0;

        buf = malloc(cap);
        if (!buf)
                return error_errno(err, ENOMEM, "read \"%s\"", path);
        for (;;) {
                ssize_t r;
                if (n + 1 >= cap) {
                        char *nb;
                        if (n > max)
                                break;
                        nb = realloc(buf, cap * 2);
                        if (!nb)
                                return error_errno(err, ENOMEM, "read \"%s\"", path);
                        buf = nb;
                        cap *= 2;
                }
                r = read(fd, buf + n, cap - n - 1);
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        return error_errno(err, errno, "read \"%s\"", path);
                }
                if (r == 0)
                        break;
                n += r;
                if (size && n == size)
                        break;
        }
        if (n > max)
                return error_set(err, EFBIG, "read \"%s\": larger than %zu MiB", path, max >> 20);
        buf[n] = '\0';
        if (len)
                *len = n;
        *out = TAKE_PTR(buf);
        return 0;
}

int read_file_at(int dirfd, const char *path, char **out, size_t *len, struct error *err)
{
        _cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

        if (fd < 0)
                return error_errno(err, errno, "open \"%s\"", path);
        return read_fd(fd, path, SIZE_MAX - 1, 0, out, len, err);
}

int read_doc_at(int dirfd, const char *path, bool stream_ok, char **out, size_t *len, struct error *err)
{
        _cleanup_close_ int fd = -1;
        struct stat st;

        /* O_NONBLOCK: a FIFO with no writer must not hang the open; it is refused below. */
        fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (stream_ok ? 0 : O_NONBLOCK));
        if (fd < 0)
                return error_errno(err, errno, "open \"%s\"", path);
        if (fstat(fd, &st) < 0)
                return error_errno(err, errno, "stat \"%s\"", path);
        if (!S_ISREG(st.st_mode) && !stream_ok)
                return error_set(err, EINVAL, "open \"%s\": not a regular file", path);
        if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > DOC_MAX)
                return error_set(err, EFBIG, "read \"%s\": larger than %d MiB", path, DOC_MAX >> 20);
        return read_fd(fd, path, DOC_MAX, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, out, len, err);
}

static int write_all(int fd, const char *data, size_t len)
{
        while (len > 0) {
                ssize_t w = write(fd, data, len);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                data += w;
                len -= w;
        }
        return 0;
}

int write_file_at(int dirfd, const char *path, const char *data, size_t len, struct error *err)
{
        _cleanup_close_ int fd = -1;
        int r;

        fd = openat(dirfd, path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return error_errno(err, errno, "open \"%s\"", path);
        r = write_all(fd, data, len);
        if (r < 0)
                return error_errno(err, -r, "write \"%s\"", path);
        return 0;
}

/* Creates name (O_CREAT and extra: O_TRUNC or O_EXCL) with data; removed again where the write fails. */
static int create_write(int dirfd, const char *name, int extra, const char *data, size_t len, mode_t mode,
                        struct error *err)
{
        _cleanup_close_ int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_CLOEXEC | extra, mode);
        int r;

        if (fd < 0)
                return error_errno(err, errno, "create \"%s\"", name);
        r = write_all(fd, data, len);
        if (r < 0) {
                unlinkat(dirfd, name, 0);
                return error_errno(err, -r, "write \"%s\"", name);
        }
        return 0;
}

int write_file_atomic_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode,
                         struct error *err)
{
        char tmp[256];
        int r;

        snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
        r = create_write(dirfd, tmp, O_TRUNC, data, len, mode, err);
        if (r < 0)
                return r;
        if (renameat(dirfd, tmp, dirfd, name) < 0) {
                r = errno;
                unlinkat(dirfd, tmp, 0);
                return error_errno(err, r, "rename \"%s\" to \"%s\"", tmp, name);
        }
        return 0;
}

int write_file_new_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode,
                      struct error *err)
{
        return create_write(dirfd, name, O_EXCL, data, len, mode, err);
}

int write_file_atomic_path(const char *path, const char *data, size_t len, struct error *err)
{
        _cleanup_free_ char *dir = strdup(path);
        _cleanup_close_ int dirfd = -1;
        char *slash;
        const char *base;

        if (!dir)
                return error_errno(err, ENOMEM, "write \"%s\"", path);
        slash = strrchr(dir, '/');
        if (slash) {
                *slash = '\0';
                base = slash + 1;
        } else {
                base = path;
        }
        dirfd = open(slash ? (dir[0] ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0)
                return error_errno(err, errno, "directory of \"%s\"", path);
        if (!*base)
                return error_set(err, EISDIR, "\"%s\" names a directory", path);
        return write_file_atomic_at(dirfd, base, data, len, 0644, err);
}

int mkdir_p(const char *path, mode_t mode, struct error *err)
{
        _cleanup_free_ char *p = strdup(path);
        char *s;

        if (!p)
                return error_errno(err, ENOMEM, "mkdir \"%s\"", path);
        /* The parent is usually there: one call. */
        if (mkdir(p, mode) == 0 || errno == EEXIST)
                return 0;
        if (errno != ENOENT)
                return error_errno(err, errno, "mkdir \"%s\"", p);
        for (s = p + 1; *s; s++) {
                if (*s != '/')
                        continue;
                *s = '\0';
                if (mkdir(p, mode) < 0 && errno != EEXIST)
                        return error_errno(err, errno, "mkdir \"%s\"", p);
                *s = '/';
        }
        if (mkdir(p, mode) < 0 && errno != EEXIST)
                return error_errno(err, errno, "mkdir \"%s\"", p);
        return 0;
}

int rm_rf_at(int parent, const char *name)
{
        _cleanup_close_ int fd = -1;
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        struct stat st, pst;

        if (unlinkat(parent, name, 0) == 0 || errno == ENOENT)
                return 0;
        if (errno != EISDIR && errno != EPERM)
                return -errno;
        fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0 || fstat(parent, &pst) < 0)
                return -errno;
        if (st.st_dev != pst.st_dev)
                return -EXDEV; /* a mount point: never delete through it */
        d = fdopendir(fd);
        if (!d)
                return -errno;
        fd = -1; /* owned by d now */
        while ((de = readdir(d))) {
                int r;
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                        continue;
                r = rm_rf_at(dirfd(d), de->d_name);
                if (r < 0)
                        return r;
        }
        if (unlinkat(parent, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                return -errno;
        return 0;
}

int fd_real_path(int fd, char *buf, size_t size)
{
        char link[32];
        ssize_t n;

        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        n = readlink(link, buf, size);
        if (n < 0)
                return -errno;
        if ((size_t)n >= size)
                return -ENAMETOOLONG;
        buf[n] = '\0';
        if (buf[0] != '/' || (n >= 10 && !strcmp(buf + n - 10, " (deleted)")))
                return -ENOENT;
        return 0;
}
