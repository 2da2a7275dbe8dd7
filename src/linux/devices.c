/* SPDX-License-Identifier: Apache-2.0 */
#include "devices.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "plan/mount_plan.h"
#include "resolve.h"
#include "util/cleanup.h"

struct node {
        const char *path;
        char type;
        unsigned major, minor;
        mode_t mode;
        bool has_owner;
        uid_t uid;
        gid_t gid;
};

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

/* In a user namespace mknod is not allowed: an empty file with the host's node bound over it. */
static int bind_host_node(int root_fd, const struct node *n, struct error *err)
{
        _cleanup_close_ int target = -1, tree = -1;

        target = resolve_create(root_fd, n->path, RESOLVE_CREATE_FILE, 0644, err);
        if (target < 0)
                return error_wrap(err, target, "device \"%s\"", n->path);
        tree = open_tree(AT_FDCWD, n->path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        if (tree < 0)
                return error_errno(err, errno, "device \"%s\": bind the host's node", n->path);
        if (move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
                return error_errno(err, errno, "device \"%s\": bind the host's node", n->path);
        return 0;
}

static int make_node(int root_fd, const struct node *n, bool in_userns, struct error *err)
{
        _cleanup_close_ int parent = -1;
        char name[NAME_MAX + 1], dir[PATH_MAX];
        int r;

        if (in_userns)
                return bind_host_node(root_fd, n, err);
        snprintf(dir, sizeof(dir), "%s", n->path);
        *strrchr(dir, '/') = '\0';
        if (dir[0]) {
                _cleanup_close_ int d = resolve_create(root_fd, dir, RESOLVE_CREATE_DIR, 0755, err);
                if (d < 0)
                        return error_wrap(err, d, "device \"%s\"", n->path);
        }
        parent = resolve_parent(root_fd, n->path, name, sizeof(name), err);
        if (parent < 0)
                return error_wrap(err, parent, "device \"%s\"", n->path);
        /* An O_PATH parent cannot take mknodat: open it for real now that it is known to be inside. */
        {
                char p[64];
                _cleanup_close_ int real = -1;
                fd_path(parent, p, sizeof(p));
                real = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (real < 0)
                        return error_errno(err, errno, "device \"%s\": open its directory", n->path);
                if (unlinkat(real, name, 0) < 0 && errno != ENOENT)
                        return error_errno(err, errno, "device \"%s\": remove what is there", n->path);
                if (mknodat(real, name, type_bits(n->type) | (n->mode & 07777), makedev(n->major, n->minor)) <
                    0)
                        return error_errno(err, errno, "mknod \"%s\"", n->path);
                /* mknod honours the umask: set the mode the config asks for. */
                if (fchmodat(real, name, n->mode & 07777, 0) < 0)
                        return error_errno(err, errno, "chmod \"%s\"", n->path);
                if (n->has_owner && fchownat(real, name, n->uid, n->gid, AT_SYMLINK_NOFOLLOW) < 0)
                        return error_errno(err, errno, "chown \"%s\"", n->path);
        }
        r = 0;
        return r;
}

static int make_links(int root_fd, struct error *err)
{
        for (const struct dev_link *l = plan_dev_links; l->path; l++) {
                _cleanup_close_ int parent = -1, real = -1;
                char name[NAME_MAX + 1], p[64];

                parent = resolve_parent(root_fd, l->path, name, sizeof(name), err);
                if (parent < 0)
                        return error_wrap(err, parent, "link \"%s\"", l->path);
                fd_path(parent, p, sizeof(p));
                real = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (real < 0)
                        return error_errno(err, errno, "link \"%s\"", l->path);
                /* /dev/ptmx may be a node of the image: the container's must be its own devpts's. */
                if (!strcmp(l->path, "/dev/ptmx"))
                        unlinkat(real, name, 0);
                if (symlinkat(l->target, real, name) < 0 && errno != EEXIST)
                        return error_errno(err, errno, "symlink \"%s\" -> \"%s\"", l->path, l->target);
        }
        return 0;
}

int devices_create(int root_fd, const struct spec *s, bool in_userns, struct error *err)
{
        int r;

        if (plan_needs_dev_setup(s)) {
                for (const struct default_device *d = plan_default_devices; d->path; d++) {
                        struct node n = {d->path, d->type, d->major, d->minor, d->mode, false, 0, 0};
                        r = make_node(root_fd, &n, in_userns, err);
                        if (r < 0)
                                return r;
                }
                r = make_links(root_fd, err);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; s->linux && i < s->linux->n_devices; i++) {
                const struct spec_device *d = &s->linux->devices[i];
                struct node n = {d->path,
                                 d->type == 'u' ? 'c' : d->type,
                                 (unsigned)d->major,
                                 (unsigned)d->minor,
                                 d->has_file_mode ? d->file_mode : 0666,
                                 d->has_uid || d->has_gid,
                                 d->uid,
                                 d->gid};
                r = make_node(root_fd, &n, in_userns, err);
                if (r < 0)
                        return error_wrap(err, r, "linux.devices[%zu]", i);
        }
        return 0;
}
