/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Files and directories of cgroup filesystems, always reached through a directory fd below the
 * hierarchy's mount, never crossing a symlink: reading and writing interface files, making a
 * path level by level, removing a cgroup with its nested ones, listing its processes. Errors
 * name the full path ("mkdir \"/sys/fs/cgroup/pids/a/b\": permission denied").
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"
#include "util/log.h"
#include "util/parse.h"

#define MAX_NESTING 128

/* rel (no leading slash) below dirfd, never through a symlink or out of dirfd. */
int cgfs_open_beneath(int dirfd, const char *rel, int flags)
{
        struct open_how how = {
            .flags = (unsigned)(flags | O_CLOEXEC),
            .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        int fd = (int)syscall(SYS_openat2, dirfd, *rel ? rel : ".", &how, sizeof(how));

        if (fd < 0 && errno == ENOSYS) /* before Linux 5.6: no symlink in the last component at least */
                fd = openat(dirfd, *rel ? rel : ".", flags | O_CLOEXEC | O_NOFOLLOW);
        return fd;
}

int cgroup_mount_open(const struct cgroup_hierarchy *h, struct error *err)
{
        int fd = open(h->mount, O_PATH | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return error_errno(err, errno, "open cgroup hierarchy \"%s\"", h->mount);
        return fd;
}

/* mount + path (+ "/" file) opened with one openat2: the mount point is the host's own (from its mount
 * table), the path one of ours with no ".." in it, and no symbolic link is followed anywhere. -errno. */
static int open_under_mount(const struct cgroup_hierarchy *h, const char *file, int flags)
{
        char full[sizeof(h->mount) + PATH_MAX_CG + 128];
        struct open_how how = {
            .flags = (unsigned)(flags | O_CLOEXEC),
            .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        int fd;

        if (!h->path || strstr(h->path, "/..") ||
            (size_t)snprintf(full, sizeof(full), "%s%s%s%s", h->mount, strcmp(h->path, "/") ? h->path : "",
                             file ? "/" : "", file ? file : "") >= sizeof(full))
                return -EINVAL;
        fd = (int)syscall(SYS_openat2, AT_FDCWD, full, &how, sizeof(how));
        return fd < 0 ? -errno : fd;
}

int cgfs_mkdir_direct(const struct cgroup_hierarchy *h, int *made)
{
        char full[sizeof(h->mount) + PATH_MAX_CG];
        int fd;

        *made = 0;
        if (!h->path || !strcmp(h->path, "/") || strstr(h->path, "/..") ||
            (size_t)snprintf(full, sizeof(full), "%s%s", h->mount, h->path) >= sizeof(full))
                return -EINVAL;
        if (mkdirat(AT_FDCWD, full, 0755) == 0)
                *made = 1;
        else if (errno != EEXIST)
                return -errno;
        fd = open_under_mount(h, NULL, O_RDONLY | O_DIRECTORY);
        if (fd < 0 && *made) {
                unlinkat(AT_FDCWD, full, AT_REMOVEDIR);
                *made = 0;
        }
        return fd;
}

int cgroup_dir_open(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct error *err)
{
        _cleanup_close_ int root = -1;
        int fd = open_under_mount(h, NULL, O_RDONLY | O_DIRECTORY);

        if (fd >= 0 || fd == -ENOENT || fd == -ENOTDIR)
                return fd >= 0 ? fd : error_errno(err, -fd, "open cgroup \"%s%s\"", h->mount, h->path);
        root = cgroup_mount_open(h, err);
        if (root < 0)
                return root;
        fd = cgfs_open_beneath(root, h->path + 1, O_RDONLY | O_DIRECTORY);
        if (fd < 0)
                return error_errno(err, errno, "open cgroup \"%s%s\"", h->mount, h->path);
        return fd;
}

int cgroup_dir_use(const struct cgroup *cg, const struct cgroup_hierarchy *h, int *owned, struct error *err)
{
        *owned = -1;
        if (h->dir_open)
                return h->dir_fd;
        return *owned = cgroup_dir_open(cg, h, err);
}

int cgfs_write_fd(int fd, const char *display, const char *file, const char *value, struct error *err)
{
        size_t len = strlen(value);
        ssize_t w;

        /* One write per value: the kernel parses each write on its own. */
        do
                w = write(fd, value, len);
        while (w < 0 && errno == EINTR);
        if (w < 0)
                return error_errno(err, errno, "write \"%s\" to \"%s/%s\"", value, display, file);
        if ((size_t)w != len)
                return error_set(err, EIO, "write \"%s\" to \"%s/%s\": short write", value, display, file);
        return 0;
}

int cgfs_open_write(int dirfd, const char *display, const char *file, struct error *err)
{
        int fd = openat(dirfd, file, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);

        return fd < 0 ? error_errno(err, errno, "open \"%s/%s\"", display, file) : fd;
}

int cgfs_write(int dirfd, const char *display, const char *file, const char *value, struct error *err)
{
        _cleanup_close_ int fd = cgfs_open_write(dirfd, display, file, err);

        if (fd < 0)
                return fd;
        return cgfs_write_fd(fd, display, file, value, err);
}

int cgfs_read(int dirfd, const char *display, const char *file, char **out, struct error *err)
{
        _cleanup_close_ int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        _cleanup_free_ char *buf = NULL;
        size_t cap = 0, len = 0;

        if (fd < 0)
                return error_errno(err, errno, "open \"%s/%s\"", display, file);
        for (;;) {
                ssize_t r;

                if (len + 1 >= cap) {
                        char *nb = realloc(buf, cap = cap ? cap * 2 : 512);
                        if (!nb)
                                return error_errno(err, ENOMEM, "read \"%s/%s\"", display, file);
                        buf = nb;
                }
                r = read(fd, buf + len, cap - len - 1);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0)
                        return error_errno(err, errno, "read \"%s/%s\"", display, file);
                if (r == 0)
                        break;
                len += (size_t)r;
        }
        buf[len] = '\0';
        *out = TAKE_PTR(buf);
        return 0;
}

int cgroup_write(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file,
                 const char *value, struct error *err)
{
        _cleanup_close_ int owned = -1, fd = -1;
        char display[PATH_MAX_CG + 256];
        int dir;

        snprintf(display, sizeof(display), "%s%s", h->mount, h->path);
        if (!h->dir_open) { /* the file opened at once; a failure is told as before */
                fd = open_under_mount(h, file, O_WRONLY | O_TRUNC | O_NOCTTY);
                if (fd >= 0)
                        return cgfs_write_fd(fd, display, file, value, err);
        }
        dir = cgroup_dir_use(cg, h, &owned, err);
        if (dir < 0)
                return dir;
        return cgfs_write(dir, display, file, value, err);
}

bool cgroup_has_file(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file)
{
        _cleanup_close_ int owned = -1;
        int fd = cgroup_dir_use(cg, h, &owned, NULL);

        return fd >= 0 && faccessat(fd, file, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

int cgroup_read(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file, char **out,
                struct error *err)
{
        _cleanup_close_ int owned = -1;
        int fd = cgroup_dir_use(cg, h, &owned, err);
        char display[PATH_MAX_CG + 256];

        if (fd < 0)
                return fd;
        snprintf(display, sizeof(display), "%s%s", h->mount, h->path);
        return cgfs_read(fd, display, file, out, err);
}

int cgfs_mkdir_walk(int root_fd, const char *root_display, const char *path, cgfs_level_fn level, void *data,
                    int *made, struct error *err)
{
        _cleanup_close_ int parent = -1;
        char display[PATH_MAX_CG + 256], name[256];
        size_t off;

        *made = 0;
        while (*path == '/')
                path++;
        /* The parent exists (the common case): no walk. A missing parent or a refusal takes the walk,
         * which names the level that failed. */
        if (!level && *path) {
                if (mkdirat(root_fd, path, 0755) == 0)
                        *made = 1;
                if (*made || errno == EEXIST) {
                        int fd = cgfs_open_beneath(root_fd, path, O_RDONLY | O_DIRECTORY), e = errno;

                        if (fd >= 0)
                                return fd;
                        if (*made)
                                cgfs_unmake(root_fd, path, *made);
                        *made = 0;
                        return error_errno(err, e, "open \"%s/%s\"", root_display, path);
                }
        }
        off = (size_t)snprintf(display, sizeof(display), "%s", root_display);
        for (const char *p = path; *p;) {
                _cleanup_close_ int dir = -1;
                size_t len;
                bool fresh;
                int pfd = parent >= 0 ? parent : root_fd;

                while (*p == '/')
                        p++;
                len = strcspn(p, "/");
                if (!len)
                        break;
                if (len >= sizeof(name) || off + len + 1 >= sizeof(display))
                        return error_set(err, ENAMETOOLONG, "mkdir \"%s%s\": name too long", root_display,
                                         path);
                memcpy(name, p, len);
                name[len] = '\0';
                off += (size_t)snprintf(display + off, sizeof(display) - off, "/%s", name);
                p += len;
                fresh = mkdirat(pfd, name, 0755) == 0;
                if (fresh)
                        (*made)++;
                else if (errno != EEXIST)
                        return error_errno(err, errno, "mkdir \"%s\"", display);
                dir = cgfs_open_beneath(pfd, name, O_RDONLY | O_DIRECTORY);
                if (dir < 0)
                        return error_errno(err, errno, "open \"%s\"", display);
                if (level) {
                        int r = level(pfd, dir, display, fresh, data, err);
                        if (r < 0)
                                return r;
                }
                cleanup_closep(&parent);
                parent = TAKE_FD(dir);
        }
        if (parent < 0) { /* path is the hierarchy's root */
                parent = cgfs_open_beneath(root_fd, "", O_RDONLY | O_DIRECTORY);
                if (parent < 0)
                        return error_errno(err, errno, "open \"%s\"", root_display);
        }
        return TAKE_FD(parent);
}

void cgfs_unmake(int root_fd, const char *path, int made)
{
        char rel[PATH_MAX_CG];

        snprintf(rel, sizeof(rel), "%s", path + (path[0] == '/'));
        for (int i = 0; i < made; i++) {
                char *slash;

                if (unlinkat(root_fd, rel, AT_REMOVEDIR) < 0 && errno != ENOENT)
                        log_debug("cgroup: rollback rmdir \"%s\": %m", rel);
                slash = strrchr(rel, '/');
                if (!slash)
                        break;
                *slash = '\0';
        }
}

static bool is_dir(int dirfd, const struct dirent *de)
{
        struct stat st;

        if (de->d_type != DT_UNKNOWN)
                return de->d_type == DT_DIR;
        return fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

static bool dot(const char *name)
{
        return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

static bool before(const struct timespec *deadline)
{
        struct timespec now;

        clock_gettime(CLOCK_MONOTONIC, &now);
        return now.tv_sec < deadline->tv_sec ||
               (now.tv_sec == deadline->tv_sec && now.tv_nsec < deadline->tv_nsec);
}

/* A listing of the cgroup at dirfd (its own fd, so that closedir leaves dirfd alone). */
static int open_listing(int dirfd, const char *display, DIR **out, struct error *err)
{
        int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return error_errno(err, errno, "open cgroup \"%s\"", display);
        *out = fdopendir(fd);
        if (!*out) {
                int e = errno;
                close(fd);
                return error_errno(err, e, "read cgroup \"%s\"", display);
        }
        return 0;
}

static int remove_children(int dirfd, const char *display, const struct timespec *deadline, int depth,
                           struct error *err);

static int remove_at(int parent_fd, const char *name, const char *display, const struct timespec *deadline,
                     int depth, struct error *err)
{
        long delay_ms = 1;

        if (depth > MAX_NESTING)
                return error_set(err, ELOOP, "remove cgroup \"%s\": nested too deep", display);
        for (;;) {
                _cleanup_close_ int fd = cgfs_open_beneath(parent_fd, name, O_RDONLY | O_DIRECTORY);
                struct timespec ts;
                int r;

                if (fd < 0)
                        return errno == ENOENT ? 0 : error_errno(err, errno, "open cgroup \"%s\"", display);
                /* Nested cgroups first; they may appear while we work, so each retry looks again. */
                r = remove_children(fd, display, deadline, depth, err);
                if (r < 0)
                        return r;
                if (unlinkat(parent_fd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
                        return 0;
                if (errno != EBUSY || !before(deadline))
                        return error_errno(err, errno, "remove cgroup \"%s\"", display);
                /* Still populated: the last processes of a killed container are exiting. */
                ts.tv_sec = 0;
                ts.tv_nsec = delay_ms * 1000000L;
                nanosleep(&ts, NULL);
                if (delay_ms < 64)
                        delay_ms *= 2;
        }
}

static int remove_children(int dirfd, const char *display, const struct timespec *deadline, int depth,
                           struct error *err)
{
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int r = open_listing(dirfd, display, &d, err);

        if (r < 0)
                return r;
        while ((errno = 0, de = readdir(d))) {
                _cleanup_free_ char *sub = NULL;

                if (dot(de->d_name) || !is_dir(dirfd, de))
                        continue;
                if (asprintf(&sub, "%s/%s", display, de->d_name) < 0)
                        return error_errno(err, ENOMEM, "remove cgroup \"%s\"", display);
                r = remove_at(dirfd, de->d_name, sub, deadline, depth + 1, err);
                if (r < 0)
                        return r;
        }
        if (errno)
                return error_errno(err, errno, "read cgroup \"%s\"", display);
        return 0;
}

int cgfs_remove_tree(int parent_fd, const char *name, const char *display, const struct timespec *deadline,
                     struct error *err)
{
        return remove_at(parent_fd, name, display, deadline, 0, err);
}

static int add_pid(pid_t **pids, size_t *n, size_t *cap, pid_t pid)
{
        if (*n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 32;
                pid_t *np = realloc(*pids, ncap * sizeof(**pids));
                if (!np)
                        return -ENOMEM;
                *pids = np;
                *cap = ncap;
        }
        (*pids)[(*n)++] = pid;
        return 0;
}

static int collect(int dirfd, const char *display, pid_t **pids, size_t *n, size_t *cap, int depth,
                   struct error *err)
{
        _cleanup_free_ char *text = NULL;
        _cleanup_closedir_ DIR *d = NULL;
        char *line, *save = NULL;
        struct dirent *de;
        int r;

        if (depth > MAX_NESTING)
                return error_set(err, ELOOP, "cgroup \"%s\": nested too deep", display);
        r = cgfs_read(dirfd, display, "cgroup.procs", &text, err);
        if (r == -ENOENT || r == -ENODEV) /* removed while we looked */
                return 0;
        if (r < 0)
                return r;
        for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                int pid;
                if (parse_int(line, &pid) < 0 || pid <= 0)
                        continue;
                if (add_pid(pids, n, cap, pid) < 0)
                        return error_errno(err, ENOMEM, "cgroup \"%s\"", display);
        }
        r = open_listing(dirfd, display, &d, err);
        if (r < 0)
                return r;
        while ((de = readdir(d))) {
                _cleanup_close_ int sub = -1;
                _cleanup_free_ char *subdisplay = NULL;

                if (dot(de->d_name) || !is_dir(dirfd, de))
                        continue;
                sub = cgfs_open_beneath(dirfd, de->d_name, O_RDONLY | O_DIRECTORY);
                if (sub < 0)
                        continue; /* gone meanwhile */
                if (asprintf(&subdisplay, "%s/%s", display, de->d_name) < 0)
                        return error_errno(err, ENOMEM, "cgroup \"%s\"", display);
                r = collect(sub, subdisplay, pids, n, cap, depth + 1, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

int cgfs_collect_pids(int dirfd, const char *display, pid_t **pids, size_t *n, size_t *cap, struct error *err)
{
        return collect(dirfd, display, pids, n, cap, 0, err);
}
