/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/mount/devices.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux/mount/mount_ops.h"
#include "plan/dev_plan.h"
#include "linux/mount/resolve.h"
#include "util/cleanup.h"

static mode_t type_bits(char type)
{
        switch (type) {
        case 'b':
                return S_IFBLK;
        case 'p':
                return S_IFIFO;
        default:
                return S_IFCHR;
        }
}

bool devices_is_null(int fd)
{
        struct stat st;

        return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);
}

/* An empty file (what is there already is used, unless it is a symlink) with the host's node bound over it.
 */
static int bind_host_node(int parent, const char *name, const struct plan_device *d, struct error *err)
{
        _cleanup_close_ int target = -1, tree = -1;
        struct stat st;
        int r;

        target = openat(parent, name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0);
        if (target < 0 && errno == EEXIST)
                target = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (target < 0)
                return error_errno(err, errno, "device \"%s\": create its mount point", d->path);
        if (fstat(target, &st) < 0)
                return error_errno(err, errno, "device \"%s\"", d->path);
        if (S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode))
                return error_set(err, EEXIST, "device \"%s\": the image has a %s there", d->path,
                                 S_ISDIR(st.st_mode) ? "directory" : "symlink");
        tree = mnt_clone(AT_FDCWD, d->path, false);
        if (tree < 0)
                return error_errno(err, -tree, "device \"%s\": bind the host's node", d->path);
        r = mnt_attach(tree, target);
        if (r < 0)
                return error_errno(err, -r, "device \"%s\": bind the host's node", d->path);
        return 0;
}

/* The node mknod made, checked to be it, then given the mode (where the directory's default ACL overrode
 * the umask) and owner. No process of the container runs yet: the name cannot change under us. */
static int set_node(int parent, const char *name, const struct plan_device *d, struct error *err)
{
        struct stat st;

        if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return error_errno(err, errno, "device \"%s\"", d->path);
        if ((st.st_mode & S_IFMT) != type_bits(d->type) ||
            (d->type != 'p' && st.st_rdev != makedev(d->major, d->minor)))
                return error_set(err, EIO, "device \"%s\": what mknod made is not that device", d->path);
        if ((st.st_mode & 07777) != (d->mode & 07777) && fchmodat(parent, name, d->mode & 07777, 0) < 0)
                return error_errno(err, errno, "chmod \"%s\"", d->path);
        if ((st.st_uid != d->uid || st.st_gid != d->gid) &&
            fchownat(parent, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
                return error_errno(err, errno, "chown \"%s\"", d->path);
        return 0;
}

/*
 * The directory that holds path's last component (made when missing), resolved inside the root once
 * for a run of paths in the same directory (/dev/null, /dev/zero, ...): *cache keeps the last one.
 */
struct parent_cache {
        int fd;
        char dir[PATH_MAX];
};

static int parent_of(int root_fd, const char *path, struct parent_cache *cache, char *name, size_t size,
                     struct error *err)
{
        const char *slash = strrchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : 0;
        int fd;

        if (slash && slash[1] && !strchr(path, '.') && !strstr(path, "//") && cache->fd >= 0 &&
            len == strlen(cache->dir) && !strncmp(path, cache->dir, len) &&
            (size_t)snprintf(name, size, "%s", slash + 1) < size)
                return cache->fd;
        fd = resolve_parent(root_fd, path, true, name, size, err);
        if (fd < 0)
                return fd;
        if (cache->fd >= 0)
                close(cache->fd);
        cache->fd = fd;
        snprintf(cache->dir, sizeof(cache->dir), "%.*s", (int)len, path);
        return fd;
}

static int make_node(int root_fd, const struct plan_device *d, bool bind, struct parent_cache *cache,
                     struct error *err)
{
        char name[NAME_MAX + 1];
        int parent;

        parent = parent_of(root_fd, d->path, cache, name, sizeof(name), err);
        if (parent < 0)
                return error_wrap(err, parent, "device \"%s\"", d->path);
        if (!bind) {
                if (mknodat(parent, name, type_bits(d->type) | d->mode, makedev(d->major, d->minor)) == 0)
                        return set_node(parent, name, d, err);
                /* What the image has there stays, as runc does; where mknod is refused, a bind. */
                if (errno == EEXIST)
                        return 0;
                if (errno != EPERM)
                        return error_errno(err, errno, "mknod \"%s\"", d->path);
        }
        return bind_host_node(parent, name, d, err);
}

static int make_links(int root_fd, struct parent_cache *cache, struct error *err)
{
        struct plan_link links[PLAN_DEV_LINKS_MAX];
        size_t n = plan_dev_links(access("/proc/kcore", F_OK) == 0, links, PLAN_DEV_LINKS_MAX);

        for (size_t i = 0; i < n; i++) {
                char name[NAME_MAX + 1];
                int parent;

                parent = parent_of(root_fd, links[i].path, cache, name, sizeof(name), err);
                if (parent < 0)
                        return error_wrap(err, parent, "link \"%s\"", links[i].path);
                /* The container's ptmx is its devpts's, whatever the image has there. */
                if (!strcmp(links[i].path, "/dev/ptmx") && unlinkat(parent, name, 0) < 0 && errno != ENOENT)
                        return error_errno(err, errno, "remove \"%s\"", links[i].path);
                if (symlinkat(links[i].target, parent, name) < 0 && errno != EEXIST)
                        return error_errno(err, errno, "symlink \"%s\" -> \"%s\"", links[i].path,
                                           links[i].target);
        }
        return 0;
}

int devices_create(int root_fd, const struct spec *s, bool in_userns, struct error *err)
{
        size_t max = plan_devices_max(s), n;
        _cleanup_free_ struct plan_device *devs = calloc(max, sizeof(*devs));
        struct parent_cache cache = {.fd = -1};
        mode_t umask_was;
        int r = 0;

        if (!devs)
                return error_errno(err, ENOMEM, "devices");
        n = plan_devices(s, devs, max);
        umask_was = umask(0); /* the nodes get their modes from mknod, without a chmod each */
        for (size_t i = 0; i < n && r >= 0; i++)
                r = make_node(root_fd, &devs[i], in_userns, &cache, err);
        umask(umask_was);
        if (r >= 0)
                r = make_links(root_fd, &cache, err);
        if (cache.fd >= 0)
                close(cache.fd);
        return r;
}
