/* SPDX-License-Identifier: Apache-2.0 */
#include "mount_entry.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/magic.h>

#include "cgroup_internal.h"
#include "plan/mount_plan.h"
#include "resolve.h"
#include "util/cleanup.h"
#include "util/log.h"

#define ATIME_FLAGS (MS_NOATIME | MS_STRICTATIME | MS_RELATIME)

static int sys_open_tree(int dfd, const char *path, unsigned flags)
{
        return (int)syscall(SYS_open_tree, dfd, path, flags);
}

static int sys_move_mount(int from, const char *from_path, int to, const char *to_path, unsigned flags)
{
        return (int)syscall(SYS_move_mount, from, from_path, to, to_path, flags);
}

static int sys_mount_setattr(int fd, const char *path, unsigned flags, struct mount_attr *a)
{
        return (int)syscall(SYS_mount_setattr, fd, path, flags, a, sizeof(*a));
}

int mount_propagate(int fd, unsigned long flags, const char *what, struct error *err)
{
        char p[64];

        if (!flags)
                return 0;
        fd_path(fd, p, sizeof(p));
        if (mount(NULL, p, NULL, flags, NULL) < 0)
                return error_errno(err, errno, "set propagation of \"%s\"", what);
        return 0;
}

/* The options that apply to the top mount (ro, nosuid, atime, ...) and the recursive r* ones. */
static int set_attrs(int fd, const struct spec_mount *m, struct error *err)
{
        struct mount_attr top = {.attr_set = plan_ms_to_attr(m->flags),
                                 .attr_clr = plan_ms_to_attr(m->clear_flags)};
        struct mount_attr rec = {.attr_set = m->attr_set, .attr_clr = m->attr_clr};

        top.attr_clr &= ~top.attr_set;
        /* An atime mode replaces the whole atime field: the kernel wants all of MOUNT_ATTR__ATIME cleared. */
        if (m->flags & ATIME_FLAGS)
                top.attr_clr |= MOUNT_ATTR__ATIME;
        if ((top.attr_set || top.attr_clr) && sys_mount_setattr(fd, "", AT_EMPTY_PATH, &top) < 0)
                return error_errno(err, errno, "set options of mount \"%s\"", m->destination);
        if (m->attr_atime_set)
                rec.attr_clr |= MOUNT_ATTR__ATIME;
        if ((rec.attr_set || rec.attr_clr || m->attr_atime_set) &&
            sys_mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &rec) < 0)
                return error_errno(err, errno, "set recursive options of mount \"%s\"", m->destination);
        return 0;
}

/* A bind: clone the source tree, set its options while it is still detached, attach it. */
static int mount_bind(const struct mount_env *env, const struct spec_mount *m, const char *source,
                      struct error *err)
{
        _cleanup_close_ int tree = -1, target = -1;
        struct stat st;
        int r;

        if (stat(source, &st) < 0)
                return error_errno(err, errno, "bind source \"%s\"", source);
        target = resolve_create(env->root_fd, m->destination,
                                S_ISDIR(st.st_mode) ? RESOLVE_CREATE_DIR : RESOLVE_CREATE_FILE,
                                S_ISDIR(st.st_mode) ? 0755 : 0644, err);
        if (target < 0)
                return error_wrap(err, target, "mount destination \"%s\"", m->destination);
        tree = sys_open_tree(AT_FDCWD, source,
                             OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (m->recursive ? AT_RECURSIVE : 0));
        if (tree < 0)
                return error_errno(err, errno, "bind source \"%s\"", source);
        r = set_attrs(tree, m, err);
        if (r < 0)
                return r;
        if (sys_move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
                return error_errno(err, errno, "bind \"%s\" on \"%s\"", source, m->destination);
        return 0;
}

static int mount_fs(const struct mount_env *env, const struct spec_mount *m, struct error *err)
{
        _cleanup_close_ int target = -1, mnt = -1;
        unsigned long flags = m->flags & ~(MS_REMOUNT | MS_BIND | MS_REC);
        char p[64];

        target = resolve_create(env->root_fd, m->destination, RESOLVE_CREATE_DIR, 0755, err);
        if (target < 0)
                return error_wrap(err, target, "mount destination \"%s\"", m->destination);
        fd_path(target, p, sizeof(p));
        if (mount(m->source ? m->source : m->type, p, m->type, flags, m->data) < 0) {
                int e = errno;
                /* Without a network (ipc) namespace of its own a user namespace cannot mount sysfs (mqueue):
                 * fall back to the host's, bound read-only-or-as-asked, as runc does. */
                if (e == EPERM && (!strcmp(m->type, "sysfs") || !strcmp(m->type, "mqueue"))) {
                        struct spec_mount b = *m;
                        b.bind = b.recursive = true;
                        return mount_bind(env, &b, !strcmp(m->type, "sysfs") ? "/sys" : "/dev/mqueue", err);
                }
                return error_errno(err, e, "mount \"%s\" on \"%s\"", m->type, m->destination);
        }
        if (m->tmpcopyup)
                log_warn("mounts: \"tmpcopyup\" on \"%s\" is not supported yet: the tmpfs starts empty",
                         m->destination);
        if (!m->attr_set && !m->attr_clr && !m->attr_atime_set)
                return 0;
        mnt = resolve_in_root(env->root_fd, m->destination, O_PATH, err);
        if (mnt < 0)
                return mnt;
        struct spec_mount rec_only = *m;
        rec_only.flags = rec_only.clear_flags = 0;
        return set_attrs(mnt, &rec_only, err);
}

/*
 * "cgroup": with a cgroup namespace on a v2 host, a cgroup2 mount (its root is
 * the container's cgroup); otherwise a tmpfs holding a bind of the container's
 * cgroup directory from each hierarchy, as runc shows cgroup v1 to containers.
 */
static int mount_cgroup(const struct mount_env *env, const struct spec_mount *m, struct error *err)
{
        struct cgroup cg = {.v2_fd = -1};
        struct spec_mount t = *m;
        char src[PATH_MAX];
        int r;

        if (!env->cgroup_path)
                return error_set(err, EINVAL, "mount \"cgroup\" on \"%s\": the container has no cgroup",
                                 m->destination);
        r = cgroup_discover("/sys/fs/cgroup", &cg, err);
        if (r < 0)
                return r;
        cg.path = (char *)env->cgroup_path;
        if (cg.mode == CGROUP_MODE_V2) {
                if (env->cgroupns) {
                        t.type = "cgroup2";
                        t.source = "cgroup2";
                        t.data = NULL;
                        return mount_fs(env, &t, err);
                }
                snprintf(src, sizeof(src), "%s%s", cg.h[0].mount, cg.path);
                t.bind = true;
                t.recursive = false;
                return mount_bind(env, &t, src, err);
        }
        t.type = "tmpfs";
        t.source = "tmpfs";
        t.data = "mode=755";
        t.flags = (m->flags & ~MS_RDONLY) | MS_NOSUID | MS_NODEV | MS_NOEXEC;
        r = mount_fs(env, &t, err);
        if (r < 0)
                return r;
        for (int i = 0; i < cg.n; i++) {
                struct spec_mount b = *m;
                char dest[PATH_MAX];
                const char *base = strrchr(cg.h[i].mount, '/') + 1;

                snprintf(dest, sizeof(dest), "%s/%s", m->destination, base);
                snprintf(src, sizeof(src), "%s%s", cg.h[i].mount, cg.path);
                b.destination = dest;
                b.bind = true;
                b.recursive = false;
                b.attr_set = b.attr_clr = 0;
                b.attr_atime_set = false;
                r = mount_bind(env, &b, src, err);
                if (r < 0)
                        return r;
        }
        if (m->flags & MS_RDONLY) {
                _cleanup_close_ int fd = resolve_in_root(env->root_fd, m->destination, O_PATH, err);
                struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY};
                if (fd < 0)
                        return fd;
                if (sys_mount_setattr(fd, "", AT_EMPTY_PATH, &a) < 0)
                        return error_errno(err, errno, "make \"%s\" read-only", m->destination);
        }
        return 0;
}

int mount_entry(const struct mount_env *env, const struct spec_mount *m, struct error *err)
{
        _cleanup_close_ int fd = -1;
        int r;

        if (m->idmap || m->n_uid_mappings || m->n_gid_mappings)
                return error_set(err, ENOTSUP, "mount \"%s\": idmapped mounts are not supported yet",
                                 m->destination);
        if (m->type && !strcmp(m->type, "cgroup") && !m->bind)
                r = mount_cgroup(env, m, err);
        else if (m->bind)
                r = mount_bind(env, m, m->source, err);
        else
                r = mount_fs(env, m, err);
        if (r < 0 || m->propagation == PROPAGATION_NONE)
                return r;
        fd = resolve_in_root(env->root_fd, m->destination, O_PATH, err);
        if (fd < 0)
                return fd;
        return mount_propagate(fd, plan_propagation_flags(m->propagation, m->propagation_recursive),
                               m->destination, err);
}
