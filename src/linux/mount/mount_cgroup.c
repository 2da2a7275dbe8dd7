/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A "cgroup" mount, as runc makes it. On a cgroup v2 host: a cgroup2 mount (its
 * root is the container's cgroup when the container has a cgroup namespace); when
 * the kernel refuses it (a user namespace without its own cgroup namespace), a bind
 * of the host's hierarchy, or of the container's cgroup with a cgroup namespace.
 * On a v1 or hybrid host: a tmpfs holding, for each v1 hierarchy, the container's
 * cgroup in that hierarchy (a bind, or a new cgroup mount of that hierarchy inside a cgroup
 * namespace), and "cpu" -> "cpu,cpuacct" links for co-mounted controllers.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/cgroup/cgroup_internal.h"
#include "linux/mount/mount_entry.h"
#include "linux/mount/mount_ops.h"
#include "linux/mount/resolve.h"
#include "util/fs.h"
#include "util/cleanup.h"

static int cgroup_v2(const struct mount_env *env, const struct spec_mount *m, const struct cgroup *cg,
                     struct error *err)
{
        struct spec_mount t = *m, b = *m;
        char src[PATH_MAX];
        int r;

        t.type = "cgroup2";
        t.source = m->source ? m->source : "cgroup2";
        r = mount_fs(env, &t, err);
        if (r != -EPERM && r != -EBUSY)
                return r;
        if (env->cgroupns && cg->h[0].path)
                snprintf(src, sizeof(src), "%s%s", cg->h[0].mount, cg->h[0].path);
        else
                snprintf(src, sizeof(src), "%s", cg->h[0].mount);
        error_clear(err);
        b.bind = true;
        b.recursive = false;
        b.data = NULL;
        return mount_bind(env, &b, src, err);
}

/* The tmpfs's directory of a hierarchy: the base name of its host mount point ("cpu,cpuacct"). */
static const char *base_name(const char *path)
{
        const char *s = strrchr(path, '/');
        return s ? s + 1 : path;
}

/* Inside a cgroup namespace, a new mount of the hierarchy shows the namespace's root: the container's. */
static int hierarchy_mount(const struct mount_env *env, const struct spec_mount *m, const char *dest,
                           const struct cgroup_hierarchy *h, struct error *err)
{
        _cleanup_close_ int target = resolve_create(env->root_fd, dest, RESOLVE_CREATE_DIR, 0755, err);
        unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (m->flags & MS_RDONLY);
        int r;

        if (target < 0)
                return error_wrap(err, target, "mount destination \"%s\"", dest);
        r = mnt_new_fs(target, "cgroup", "cgroup", flags, h->name);
        if (r < 0)
                return error_errno(err, -r, "mount \"cgroup\" (%s) on \"%s\"", h->name, dest);
        return 0;
}

/* "cpu" and "cpuacct" -> "cpu,cpuacct", in the tmpfs. */
static int comount_links(int dir, const char *base, const char *dest, struct error *err)
{
        char name[NAME_MAX + 1];

        if (!strchr(base, ','))
                return 0;
        for (const char *p = base; *p;) {
                size_t n = strcspn(p, ",");

                snprintf(name, sizeof(name), "%.*s", (int)n, p);
                if (*name && symlinkat(base, dir, name) < 0 && errno != EEXIST)
                        return error_errno(err, errno, "symlink \"%s/%s\" -> \"%s\"", dest, name, base);
                p += n + (p[n] == ',');
        }
        return 0;
}

/* The container's cgroup of one hierarchy bound at dir/base, the tmpfs being ours alone (no one else can
 * have put a link there); its options are set with the others' once all are in (binds_options). */
static int bind_hierarchy(int dir, const char *base, const char *src, const char *dest, struct error *err)
{
        int r;

        if (mkdirat(dir, base, 0755) < 0 && errno != EEXIST)
                return error_errno(err, errno, "mkdir \"%s\"", dest);
        r = mnt_rbind_at(src, dir, base);
        if (r < 0)
                return error_errno(err, -r, "bind \"%s\" on \"%s\"", src, dest);
        return 0;
}

/* The mount's options on the tmpfs and every bind in it at once; the tmpfs keeps nosuid, nodev and noexec
 * whatever the mount says. Where a user namespace locks some of a bind's flags, each bind is set on its
 * own (mount_bind_flags keeps the locked ones). */
static int binds_options(int dir, const struct spec_mount *m, const struct cgroup *cg, struct error *err)
{
        struct plan_attr a = plan_bind_attr(m->flags);
        int r;

        a.clr &= ~(uint64_t)(MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
        r = mnt_setattr(dir, a, true);
        if (r != -EPERM)
                return r < 0 ? error_errno(err, -r, "set options of mount \"%s\"", m->destination) : 0;
        for (int i = 0; i < cg->n; i++) {
                struct spec_mount b = *m;
                char dest[PATH_MAX];
                _cleanup_close_ int fd = -1;

                if (cg->h[i].v2)
                        continue;
                snprintf(dest, sizeof(dest), "%s/%s", m->destination, base_name(cg->h[i].mount));
                b.destination = dest;
                fd = openat(dir, base_name(cg->h[i].mount), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return error_errno(err, errno, "mount destination \"%s\"", dest);
                r = mount_bind_flags(fd, &b, err);
                if (r < 0)
                        return r;
        }
        if (m->flags & MS_RDONLY) {
                r = mnt_setattr(dir, (struct plan_attr){.set = MOUNT_ATTR_RDONLY}, false);
                if (r < 0)
                        return error_errno(err, -r, "make \"%s\" read-only", m->destination);
        }
        return 0;
}

static int cgroup_v1(const struct mount_env *env, const struct spec_mount *m, const struct cgroup *cg,
                     struct error *err)
{
        struct spec_mount t = *m;
        _cleanup_close_ int dir = -1;
        _cleanup_free_ char *self = NULL;
        int r;

        if (!env->cgroup)
                return error_set(err, EINVAL, "mount \"cgroup\" on \"%s\": the container has no cgroup",
                                 m->destination);
        t.type = "tmpfs";
        t.source = "tmpfs";
        t.data = "mode=755";
        t.flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
        t.clear_flags = 0;
        t.attr_set = t.attr_clr = 0;
        t.attr_atime_set = t.tmpcopyup = false;
        r = mount_fs(env, &t, err);
        if (r < 0)
                return r;
        dir = resolve_in_root(env->root_fd, m->destination, O_PATH | O_DIRECTORY, err);
        if (dir < 0)
                return error_wrap(err, dir, "mount \"cgroup\" on \"%s\"", m->destination);
        for (int i = 0; i < cg->n; i++) {
                const struct cgroup_hierarchy *h = &cg->h[i];
                const char *base = base_name(h->mount);
                char dest[PATH_MAX], src[PATH_MAX];

                /* The unified hierarchy of a hybrid host is not shown, as runc. */
                if (h->v2)
                        continue;
                snprintf(dest, sizeof(dest), "%s/%s", m->destination, base);
                if (env->cgroupns) {
                        r = hierarchy_mount(env, m, dest, h, err);
                } else {
                        char own[PATH_MAX_CG];

                        /* Rootless without a cgroup here: the one the init was left in, as runc binds it. */
                        if (h->absent && !self &&
                            read_file_at(AT_FDCWD, "/proc/self/cgroup", &self, NULL, err) < 0)
                                return error_wrap(err, -err->code, "mount \"cgroup\" on \"%s\"",
                                                  m->destination);
                        if (h->absent)
                                cgroup_own_path_of(self, cg->mode, h, own, sizeof(own));
                        snprintf(src, sizeof(src), "%s%s", h->mount, h->absent ? own : h->path);
                        r = bind_hierarchy(dir, base, src, dest, err);
                }
                if (r < 0)
                        return r;
                r = comount_links(dir, base, m->destination, err);
                if (r < 0)
                        return r;
        }
        if (!env->cgroupns)
                return binds_options(dir, m, cg, err);
        /* The tmpfs itself follows "ro" too (runc leaves it writable). */
        if (m->flags & MS_RDONLY) {
                r = mnt_setattr(dir, (struct plan_attr){.set = MOUNT_ATTR_RDONLY}, false);
                if (r < 0)
                        return error_errno(err, -r, "make \"%s\" read-only", m->destination);
        }
        return 0;
}

int mount_cgroup(const struct mount_env *env, const struct spec_mount *m, struct error *err)
{
        struct cgroup none = {.v2_fd = -1};
        const struct cgroup *cg = env->cgroup;
        int r;

        /* The container's cgroup knows the hierarchies it is in; without one, the host's. */
        if (!cg) {
                r = cgroup_discover("/sys/fs/cgroup", &none, err);
                if (r < 0)
                        return error_wrap(err, r, "mount \"cgroup\" on \"%s\"", m->destination);
                cg = &none;
        }
        return cg->mode == CGROUP_MODE_V2 ? cgroup_v2(env, m, cg, err) : cgroup_v1(env, m, cg, err);
}
