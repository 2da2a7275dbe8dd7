/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The order of the container's filesystem work. What each step does lives beside
 * it: mount_entry.c (one spec mount), mount_cgroup.c, devices.c, pivot.c
 * (rootfs_pivot), masked.c; the decisions in plan/ (mount_plan, root_plan, dev_plan).
 */
#include "linux/mount/rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "linux/mount/devices.h"
#include "linux/lsm.h"
#include "linux/mount/masked.h"
#include "linux/mount/mount_entry.h"
#include "linux/mount/mount_ops.h"
#include "plan/dev_plan.h"
#include "plan/mount_plan.h"
#include "plan/root_plan.h"
#include "linux/mount/resolve.h"
#include "util/cleanup.h"

/*
 * The model keeps rootfsPropagation without its "r": before the pivot the recursive form is
 * taken (every host mount seen from here gets it: nothing leaks either way), after it the plain
 * one (only "/", so per-mount propagation options stay as asked).
 */
#define PREPARE_RECURSIVE true
#define FINAL_RECURSIVE   false

static enum spec_propagation root_propagation(const struct spec *s)
{
        return s->linux ? s->linux->rootfs_propagation : PROPAGATION_NONE;
}

/* The mount holding the rootfs gets flags (pivot_root refuses a shared one; a bind in a shared
 * one would reach the host): up from the rootfs until a mount point takes them. */
static int set_parent_propagation(const char *rootfs, unsigned long flags, struct error *err)
{
        char path[PATH_MAX];

        if (!plan_clean_path(rootfs, path, sizeof(path)))
                return error_set(err, ENAMETOOLONG, "rootfs \"%s\"", rootfs);
        for (;;) {
                char *slash;

                if (mount(NULL, path, NULL, flags, NULL) == 0)
                        return 0;
                if (errno != EINVAL || !strcmp(path, "/"))
                        return error_errno(err, errno, "set propagation of \"%s\"", path);
                slash = strrchr(path, '/');
                slash[slash == path ? 1 : 0] = '\0';
        }
}

/* linux.mountLabel, where SELinux is enabled (elsewhere it is dropped, as runc does). */
static const char *mount_label(const struct spec *s)
{
        if (!s->linux || !s->linux->mount_label || !*s->linux->mount_label || !lsm_selinux_enabled())
                return NULL;
        return s->linux->mount_label;
}

int rootfs_prepare(const struct rootfs_config *c, struct error *err)
{
        const struct spec *s = c->spec;
        enum spec_propagation prop = root_propagation(s);
        struct mount_env env = {.rootfs = c->rootfs,
                                .cgroupns = spec_has_ns(s, NS_CGROUP),
                                .cgroup = c->cgroup,
                                .bundle = c->bundle,
                                .mount_label = mount_label(s),
                                .idmap_tree = c->idmap_tree,
                                .idmap_ctx = c->idmap_ctx};
        _cleanup_close_ int root_fd = -1;
        int r;

        /* Mount work is only ever done in the container's own mount namespace. */
        if (!spec_has_ns(s, NS_MOUNT))
                return error_set(err, EINVAL,
                                 "the container has no mount namespace: refusing to mount in the host's");
        if (c->no_pivot && !plan_root_no_pivot_allowed(prop))
                return error_set(err, EINVAL,
                                 "linux.rootfsPropagation: a private root is not safe with --no-pivot");

        /* Nothing mounted from here on may reach the host: "/" stops propagating to it first. */
        if (mount(NULL, "/", NULL, plan_root_prepare_flags(prop, PREPARE_RECURSIVE), NULL) < 0)
                return error_errno(err, errno, "set propagation of \"/\"");
        r = set_parent_propagation(c->rootfs, plan_root_parent_flags(prop), err);
        if (r < 0)
                return r;
        if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
                return error_errno(err, errno, "bind rootfs \"%s\" onto itself", c->rootfs);
        root_fd = open(c->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root_fd < 0)
                return error_errno(err, errno, "open rootfs \"%s\"", c->rootfs);
        env.root_fd = root_fd;

        for (size_t i = 0; i < s->n_mounts; i++) {
                env.index = i;
                r = mount_entry(&env, &s->mounts[i], err);
                if (r < 0)
                        return r;
        }
        if (plan_needs_dev_setup(s)) {
                r = devices_create(root_fd, s, c->in_userns, err);
                if (r < 0)
                        return r;
        }
        /* The process's cwd is made when missing, as runc does ("/" is there). */
        if (s->process && s->process->cwd && s->process->cwd[strspn(s->process->cwd, "/")]) {
                _cleanup_close_ int cwd =
                    resolve_create(root_fd, s->process->cwd, RESOLVE_CREATE_DIR, 0755, err);
                if (cwd < 0)
                        return error_wrap(err, cwd, "process.cwd \"%s\"", s->process->cwd);
        }
        return 0;
}

/* tmpfs and /dev mounts asked read-only were left writable for the devices and mount points made
 * in them: now they are made read-only (top mount only, as the "ro" of the mount asked). */
static int deferred_readonly(int root_fd, const struct spec *s, struct error *err)
{
        for (size_t i = 0; i < s->n_mounts; i++) {
                const struct spec_mount *m = &s->mounts[i];
                _cleanup_close_ int fd = -1;
                int r;

                if (!plan_mount_deferred_ro(m))
                        continue;
                fd = resolve_in_root(root_fd, m->destination, O_PATH, err);
                if (fd < 0)
                        return error_wrap(err, fd, "make mount \"%s\" read-only", m->destination);
                r = mnt_setattr(fd, (struct plan_attr){.set = MOUNT_ATTR_RDONLY}, false);
                if (r < 0)
                        return error_errno(err, -r, "make mount \"%s\" read-only", m->destination);
        }
        return 0;
}

int rootfs_finalize(const struct rootfs_config *c, struct error *err)
{
        const struct spec *s = c->spec;
        const struct spec_linux *l = s->linux;
        _cleanup_close_ int root_fd = -1;
        int r;

        if (!spec_has_ns(s, NS_MOUNT))
                return error_set(err, EINVAL,
                                 "the container has no mount namespace: refusing to mount in the host's");
        root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root_fd < 0)
                return error_errno(err, errno, "open \"/\"");
        /* shared and unbindable are given to the container's "/" here, where it sees them. */
        r = mnt_propagate(root_fd, plan_root_final_flags(root_propagation(s), FINAL_RECURSIVE));
        if (r < 0)
                return error_errno(err, -r, "linux.rootfsPropagation: set propagation of \"/\"");
        r = deferred_readonly(root_fd, s, err);
        if (r < 0)
                return r;
        if (l) {
                r = rootfs_protect_paths(root_fd, l->masked_paths, l->n_masked_paths, l->readonly_paths,
                                         l->n_readonly_paths, err);
                if (r < 0)
                        return r;
        }
        if (s->root && s->root->readonly) {
                r = mnt_setattr(root_fd, (struct plan_attr){.set = MOUNT_ATTR_RDONLY}, false);
                if (r < 0)
                        return error_errno(err, -r, "root.readonly: make \"/\" read-only");
        }
        return 0;
}
