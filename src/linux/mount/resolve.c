/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/mount/resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "plan/mount_plan.h"
#include "util/cleanup.h"

void fd_path(int fd, char *buf, size_t size)
{
        snprintf(buf, size, "/proc/self/fd/%d", fd);
}

static int reason(struct error *err, int e)
{
        return error_set(err, e, "%s", errno_text(e));
}

/* openat2 below root_fd, staying inside it, with more RESOLVE_* flags; the path must be relative ("" not
 * allowed). */
static int open_in_root_how(int root_fd, const char *rel, int flags, uint64_t resolve)
{
        struct open_how how = {
            .flags = (uint64_t)(flags | O_CLOEXEC),
            .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | resolve,
        };
        int fd;

        /* EAGAIN: a rename or mount raced the lookup; the kernel asks for a retry. */
        do
                fd = (int)syscall(SYS_openat2, root_fd, rel, &how, sizeof(how));
        while (fd < 0 && errno == EAGAIN);
        return fd < 0 ? -errno : fd;
}

static int open_in_root(int root_fd, const char *rel, int flags)
{
        return open_in_root_how(root_fd, rel, flags, 0);
}

int resolve_in_root_exact(int root_fd, const char *path, int flags)
{
        char clean[PATH_MAX];

        if (!plan_clean_path(path, clean, sizeof(clean)))
                return -ENAMETOOLONG;
        return open_in_root_how(root_fd, clean[1] ? clean + 1 : ".", flags, RESOLVE_NO_SYMLINKS);
}

int resolve_in_root(int root_fd, const char *path, int flags, struct error *err)
{
        char clean[PATH_MAX];
        int fd;

        if (!plan_clean_path(path, clean, sizeof(clean)))
                return reason(err, ENAMETOOLONG);
        fd = open_in_root(root_fd, clean[1] ? clean + 1 : ".", flags);
        return fd < 0 ? reason(err, -fd) : fd;
}

/* Makes the component name below the parent dirfd; EEXIST is fine (what is there is used). */
static int make_component(int parent, const char *name, bool dir, mode_t mode)
{
        if (dir)
                return mkdirat(parent, name, mode) < 0 ? -errno : 0;
        int fd = openat(parent, name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0)
                return -errno;
        close(fd);
        return 0;
}

/* The last component of clean ("/a/b/c") made below its parent when the parent exists: the fd of what
 * was made (or, after a race, of what is there); -ENOENT when the parent is missing too. */
static int make_last(int root_fd, const char *clean, enum resolve_create what, mode_t mode)
{
        const char *slash = strrchr(clean, '/');
        char parent_rel[PATH_MAX];
        _cleanup_close_ int parent = -1;
        int r, fd;

        if (slash == clean) /* "/c": its parent is the root */
                parent = open_in_root(root_fd, ".", O_PATH | O_DIRECTORY);
        else {
                snprintf(parent_rel, sizeof(parent_rel), "%.*s", (int)(slash - clean - 1), clean + 1);
                parent = open_in_root(root_fd, parent_rel, O_PATH | O_DIRECTORY);
        }
        if (parent < 0)
                return parent == -ENOENT ? -ENOENT : parent;
        r = make_component(parent, slash + 1, what == RESOLVE_CREATE_DIR, mode);
        if (r == 0) {
                fd = openat(parent, slash + 1, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                return fd < 0 ? -errno : fd;
        }
        if (r == -EEXIST) /* made meanwhile: resolved again from the root, as the walk does */
                return open_in_root(root_fd, clean + 1, O_PATH);
        return r == -ENOENT ? -EIO : r; /* the parent went away under us: not "missing" */
}

int resolve_create(int root_fd, const char *path, enum resolve_create what, mode_t mode, struct error *err)
{
        char clean[PATH_MAX];
        _cleanup_close_ int parent = -1;
        size_t end;
        int fd;

        if (!plan_clean_path(path, clean, sizeof(clean)))
                return reason(err, ENAMETOOLONG);
        if (what & RESOLVE_CREATE_ABSENT) /* the caller just found it missing */
                what &= ~RESOLVE_CREATE_ABSENT;
        else if ((fd = open_in_root(root_fd, clean[1] ? clean + 1 : ".", O_PATH)) != -ENOENT)
                return fd < 0 ? reason(err, -fd) : fd;

        /* Only the last component missing (the common case): made below its parent, no walk. */
        fd = make_last(root_fd, clean, what, mode);
        if (fd != -ENOENT)
                return fd < 0 ? error_errno(err, -fd, "%s \"%s\"",
                                            what == RESOLVE_CREATE_DIR ? "mkdir" : "create", clean)
                              : fd;

        parent = open_in_root(root_fd, ".", O_PATH | O_DIRECTORY);
        if (parent < 0)
                return reason(err, -parent);
        /* Down the path: each component is made below its parent, itself resolved inside the root. */
        for (size_t start = 1; clean[start]; start = end + 1) {
                bool last;
                int r, next;

                end = start + strcspn(clean + start, "/");
                last = clean[end] == '\0';
                clean[end] = '\0';
                r = make_component(parent, clean + start, !last || what == RESOLVE_CREATE_DIR,
                                   last ? mode : 0755);
                if (r < 0 && r != -EEXIST)
                        return error_errno(err, -r, "%s \"%s\"",
                                           !last || what == RESOLVE_CREATE_DIR ? "mkdir" : "create", clean);
                /* What we just made is no symlink: open it directly. What was there is resolved again
                 * from the root, so a symlink in the image is followed inside the root only. */
                if (r == 0) {
                        next = openat(parent, clean + start, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                        if (next < 0)
                                next = -errno;
                } else {
                        next = open_in_root(root_fd, clean + 1, O_PATH);
                }
                if (next < 0)
                        return error_errno(err, -next, "\"%s\"", clean);
                close(parent);
                parent = next;
                if (!last)
                        clean[end] = '/';
                else
                        break;
        }
        return TAKE_FD(parent);
}

int resolve_parent(int root_fd, const char *path, bool create, char *name, size_t size, struct error *err)
{
        char clean[PATH_MAX];
        char *slash;

        if (!plan_clean_path(path, clean, sizeof(clean)))
                return reason(err, ENAMETOOLONG);
        slash = strrchr(clean, '/');
        if (!slash[1])
                return error_set(err, EINVAL, "\"%s\" has no last component", path);
        if ((size_t)snprintf(name, size, "%s", slash + 1) >= size)
                return reason(err, ENAMETOOLONG);
        if (slash == clean)
                slash[1] = '\0';
        else
                *slash = '\0';
        if (create)
                return resolve_create(root_fd, clean, RESOLVE_CREATE_DIR, 0755, err);
        return resolve_in_root(root_fd, clean, O_PATH | O_DIRECTORY, err);
}

int resolve_container_path(int fd, const char *rootfs, char *out, size_t size, struct error *err)
{
        char link[64], target[PATH_MAX], root[PATH_MAX];
        ssize_t n;
        size_t len;

        fd_path(fd, link, sizeof(link));
        n = readlink(link, target, sizeof(target) - 1);
        if (n < 0)
                return error_errno(err, errno, "readlink \"%s\"", link);
        target[n] = '\0';
        if (!plan_clean_path(rootfs, root, sizeof(root)))
                return reason(err, ENAMETOOLONG);
        len = strcmp(root, "/") ? strlen(root) : 0;
        if (target[0] != '/' || !plan_path_under(target, root))
                return error_set(err, EXDEV, "\"%s\" is outside the container's root", target);
        if (!plan_clean_path(target + len, out, size))
                return reason(err, ENAMETOOLONG);
        return 0;
}
