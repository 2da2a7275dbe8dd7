/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/mount/mount_entry.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "linux/lsm.h"
#include "linux/mount/mount_ops.h"
#include "plan/mount_plan.h"
#include "linux/mount/resolve.h"
#include "util/cleanup.h"
#include "util/log.h"

/* Refuses a destination that resolved onto the root itself or into /proc (see plan_check_destination). */
/* exact: target was reached with no symlink on the way, so it is where the destination says. */
static int check_destination(const struct mount_env *env, int target, const struct spec_mount *m,
                             bool is_procfs, bool exact, struct error *err)
{
        char where[PATH_MAX], asked[PATH_MAX];
        const char *why;
        int r;

        if (exact) {
                if (!plan_clean_path(m->destination, where, sizeof(where)))
                        return error_set(err, ENAMETOOLONG, "mount destination \"%s\"", m->destination);
        } else {
                r = resolve_container_path(target, env->rootfs, where, sizeof(where), err);
                if (r < 0)
                        return error_wrap(err, r, "mount destination \"%s\"", m->destination);
        }
        if (plan_check_destination(where, is_procfs, &why) == 0)
                return 0;
        if (plan_clean_path(m->destination, asked, sizeof(asked)) && !strcmp(asked, where))
                return error_set(err, EPERM, "mount destination \"%s\": %s", m->destination, why);
        return error_set(err, EPERM, "mount destination \"%s\" (resolved to \"%s\"): %s", m->destination,
                         where, why);
}

/* Top-mount options of a bind, as runc gives them: only the flags asked; locked ones kept on EPERM. */
int mount_bind_flags(int tree, const struct spec_mount *m, struct error *err)
{
        unsigned long src, flags;
        const char *why;
        int r;

        r = mnt_setattr(tree, plan_bind_attr(m->flags), false);
        if (r != -EPERM)
                return r < 0 ? error_errno(err, -r, "set options of mount \"%s\"", m->destination) : 0;
        r = mnt_flags(tree, &src);
        if (r < 0)
                return error_errno(err, -r, "set options of mount \"%s\": statfs", m->destination);
        if (plan_bind_locked_flags(m->flags, m->clear_flags, src, &flags, &why) < 0) {
                char names[128];

                plan_ms_names(flags, names, sizeof(names));
                return error_set(err, EPERM, "set options of mount \"%s\": cannot %s %s (locked by %s)",
                                 m->destination, strcmp(why, "atime") ? "clear" : "change the atime from",
                                 names, "the source's user namespace");
        }
        r = mnt_setattr(tree, plan_bind_attr(flags), false);
        if (r < 0)
                return error_errno(err, -r, "set options of mount \"%s\" (its locked flags kept)",
                                   m->destination);
        return 0;
}

/* Whether finish() has anything to do for m. */
static bool needs_finish(const struct spec_mount *m)
{
        struct plan_attr a = plan_rec_attr(m);

        return a.set || a.clr || (plan_propagation_flags(m->propagation, m->propagation_recursive) & ~MS_REC);
}

/* Recursive attributes, then propagation, on the mount at fd. */
static int finish(int fd, const struct spec_mount *m, struct error *err)
{
        int r;

        r = mnt_setattr(fd, plan_rec_attr(m), true);
        if (r < 0)
                return error_errno(err, -r, "set recursive options of mount \"%s\"", m->destination);
        r = mnt_propagate(fd, plan_propagation_flags(m->propagation, m->propagation_recursive));
        if (r < 0)
                return error_errno(err, -r, "set propagation of mount \"%s\"", m->destination);
        return 0;
}

/* The source tree (given, or cloned now) with its options set while still detached, attached on target. */
static int bind_onto(int target, const struct spec_mount *m, const char *source, int given, struct error *err)
{
        _cleanup_close_ int tree = given;
        int r;

        if (tree < 0) {
                tree = mnt_clone(AT_FDCWD, source, m->recursive);
                if (tree < 0)
                        return error_errno(err, -tree, "bind source \"%s\"", source);
        }
        if (plan_bind_needs_flags(m)) {
                r = mount_bind_flags(tree, m, err);
                if (r < 0)
                        return r;
        }
        r = mnt_attach(tree, target);
        if (r < 0)
                return error_errno(err, -r, "bind \"%s\" on \"%s\"", source, m->destination);
        /* After move_mount the tree's fd is the attached mount's root. */
        return finish(tree, m, err);
}

/*
 * A bind: the source tree cloned, its options set while it is still detached, then attached. An
 * id-mapped one (given >= 0) comes already cloned and id-mapped from the runtime (mount_idmap.h).
 */
static int bind_tree(const struct mount_env *env, const struct spec_mount *m, const char *source, int given,
                     struct error *err)
{
        _cleanup_close_ int target = -1, tree = given;
        struct statfs sf;
        struct stat st;
        bool dir;
        int r;

        if (!source)
                return error_set(err, EINVAL, "mount \"%s\": a bind mount needs a source", m->destination);
        if (tree >= 0 ? fstat(tree, &st) < 0 || fstatfs(tree, &sf) < 0
                      : stat(source, &st) < 0 || statfs(source, &sf) < 0)
                return error_errno(err, errno, "bind source \"%s\"", source);
        dir = S_ISDIR(st.st_mode);
        target = resolve_create(env->root_fd, m->destination, dir ? RESOLVE_CREATE_DIR : RESOLVE_CREATE_FILE,
                                dir ? 0755 : 0644, err);
        if (target < 0)
                return error_wrap(err, target, "mount destination \"%s\"", m->destination);
        r = check_destination(env, target, m, sf.f_type == PROC_SUPER_MAGIC, false, err);
        if (r < 0)
                return r;
        return bind_onto(target, m, source, TAKE_FD(tree), err);
}

int mount_bind(const struct mount_env *env, const struct spec_mount *m, const char *source, struct error *err)
{
        return bind_tree(env, m, source, -1, err);
}

/* The runtime makes the id-mapped clone of the source; it is attached here like any bind. */
static int mount_idmapped(const struct mount_env *env, const struct spec_mount *m, const char *source,
                          struct error *err)
{
        int tree;

        if (!env->idmap_tree)
                return error_set(err, ENOTSUP, "mount \"%s\": id-mapped mounts need the runtime's help",
                                 m->destination);
        tree = env->idmap_tree(env->idmap_ctx, env->index, err);
        if (tree < 0)
                return error_wrap(err, tree, "mount \"%s\"", m->destination);
        return bind_tree(env, m, source, tree, err);
}

/* A source the init may not reach from its user namespace (a directory of mode 0700 on the way, owned
 * by a host user the namespace does not map) is reached by the runtime, as host root: it makes the
 * clone as for an id-mapped mount, without the mapping, as runc opens such sources before the init
 * enters its user namespace. */
static int mount_plain_bind(const struct mount_env *env, const struct spec_mount *m, const char *source,
                            struct error *err)
{
        int r = bind_tree(env, m, source, -1, err), tree;

        if (r != -EACCES || !env->idmap_tree)
                return r;
        log_debug("bind source \"%s\": not reachable from the container's user namespace, cloned by the "
                  "runtime",
                  source);
        error_clear(err);
        tree = env->idmap_tree(env->idmap_ctx, env->index, err);
        if (tree < 0)
                return error_wrap(err, tree, "mount \"%s\"", m->destination);
        return bind_tree(env, m, source, tree, err);
}

/* Without a network (ipc) namespace of its own, a user namespace may not mount sysfs (mqueue):
 * the host's is bound instead, with the options asked (crun does the same). */
static const char *fallback_source(const struct spec_mount *m, int e)
{
        if (e != EPERM)
                return NULL;
        if (!strcmp(m->type, "sysfs"))
                return "/sys";
        if (!strcmp(m->type, "mqueue"))
                return "/dev/mqueue";
        return NULL;
}

int mount_fs(const struct mount_env *env, const struct spec_mount *m, struct error *err)
{
        _cleanup_close_ int covered = -1, target = -1, mnt = -1, copy_from = -1;
        enum plan_mount_kind kind = plan_mount_kind(m);
        bool tmpfs = !strcmp(m->type, "tmpfs");
        char data[4096];
        struct stat st = {0};
        bool covers_dir, exact;
        const char *fb;
        int r;

        /* What is there, its last component not followed: a directory (the common case) is at once the
         * target and what a tmpfs covers. */
        covered = resolve_in_root_exact(env->root_fd, m->destination, O_PATH | O_NOFOLLOW);
        exact = covered >= 0 || covered == -ENOENT;
        if (covered == -ELOOP) /* a symlink on the way: followed, inside the root */
                covered = resolve_in_root(env->root_fd, m->destination, O_PATH | O_NOFOLLOW, NULL);
        if (covered >= 0 && fstat(covered, &st) < 0)
                return error_errno(err, errno, "mount destination \"%s\"", m->destination);
        /* proc and sysfs never land through a symlink (runc's rule): what is there must be a directory. */
        if (kind == PLAN_MOUNT_PROC_SYSFS && covered >= 0 && !S_ISDIR(st.st_mode))
                return error_set(err, EPERM, "mount \"%s\" on \"%s\": the destination is not a directory",
                                 m->type, m->destination);
        if (covered >= 0 && S_ISLNK(st.st_mode)) { /* followed, inside the root: what a tmpfs covers */
                exact = false;
                cleanup_closep(&covered);
                st = (struct stat){0};
                covered = resolve_in_root(env->root_fd, m->destination, O_PATH, NULL);
                if (covered >= 0 && fstat(covered, &st) < 0)
                        return error_errno(err, errno, "mount destination \"%s\"", m->destination);
        }
        covers_dir = covered >= 0 && S_ISDIR(st.st_mode);
        if (covers_dir)
                target = TAKE_FD(covered);
        else
                target = resolve_create(env->root_fd, m->destination,
                                        RESOLVE_CREATE_DIR | (covered == -ENOENT ? RESOLVE_CREATE_ABSENT : 0),
                                        0755, err);
        if (target < 0)
                return error_wrap(err, target, "mount destination \"%s\"", m->destination);
        r = check_destination(env, target, m, !strcmp(m->type, "proc"), exact, err);
        if (r < 0)
                return r;
        if (!plan_tmpfs_data(tmpfs && covers_dir, st.st_mode, m->data, data, sizeof(data)))
                return error_set(err, E2BIG, "mount \"%s\" on \"%s\": options too long", m->type,
                                 m->destination);
        if (env->mount_label && plan_mount_takes_label(m->type) &&
            !plan_label_data(data, sizeof(data), env->mount_label))
                return error_set(err, E2BIG, "mount \"%s\" on \"%s\": options too long", m->type,
                                 m->destination);
        if (m->tmpcopyup && tmpfs) {
                copy_from = openat(target, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (copy_from < 0)
                        return error_errno(err, errno, "tmpcopyup: open \"%s\"", m->destination);
        }
        r = mnt_new_fs(target, m->source ? m->source : m->type, m->type, plan_mount_flags(m), data);
        /* A user namespace that does not map the group (rootless: gid 5): devpts without gid=, as crun. */
        if (r == -EINVAL && !strcmp(m->type, "devpts") && plan_data_drop_option(data, "gid")) {
                log_debug("mount \"devpts\" on \"%s\": its gid is not mapped, mounted without gid=",
                          m->destination);
                r = mnt_new_fs(target, m->source ? m->source : m->type, m->type, plan_mount_flags(m), data);
        }
        if (r < 0) {
                fb = fallback_source(m, -r);
                if (fb) {
                        struct spec_mount b = *m;
                        b.bind = b.recursive = true;
                        b.data = NULL;
                        return mount_bind(env, &b, fb, err);
                }
                if (r == -EINVAL && env->mount_label && plan_mount_takes_label(m->type))
                        return error_errno(err, -r, "linux.mountLabel \"%s\": mount \"%s\" on \"%s\"",
                                           env->mount_label, m->type, m->destination);
                return error_errno(err, -r, "mount \"%s\" on \"%s\"", m->type, m->destination);
        }
        if (!needs_finish(m) && copy_from < 0 && !(env->mount_label && !strcmp(m->type, "mqueue")))
                return 0;
        /* The destination again: now the root of the new mount. */
        mnt = resolve_in_root(env->root_fd, m->destination, O_PATH, err);
        if (mnt < 0)
                return error_wrap(err, mnt, "mount \"%s\" on \"%s\"", m->type, m->destination);
        if (env->mount_label && !strcmp(m->type, "mqueue")) {
                r = lsm_label_file(mnt, env->mount_label, err);
                if (r < 0)
                        return error_wrap(err, r, "linux.mountLabel: mount \"%s\" on \"%s\"", m->type,
                                          m->destination);
        }
        if (copy_from >= 0) {
                _cleanup_close_ int to = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (to < 0)
                        return error_errno(err, errno, "tmpcopyup: open the tmpfs on \"%s\"", m->destination);
                r = copy_tree(copy_from, to, err);
                if (r < 0)
                        return error_wrap(err, r, "tmpcopyup \"%s\"", m->destination);
        }
        return finish(mnt, m, err);
}

int mount_entry(const struct mount_env *env, const struct spec_mount *m, struct error *err)
{
        char source[PATH_MAX];

        switch (plan_mount_kind(m)) {
        case PLAN_MOUNT_BIND:
                /* config.md: a relative bind source is relative to the bundle, as runc reads it too. */
                if (!plan_bind_source(env->bundle, m->source, source, sizeof(source)))
                        return error_set(err, ENAMETOOLONG, "bind source \"%s\"", m->source);
                if (plan_mount_idmap(m) != PLAN_IDMAP_NONE)
                        return mount_idmapped(env, m, source, err);
                return mount_plain_bind(env, m, source, err);
        case PLAN_MOUNT_CGROUP:
                return mount_cgroup(env, m, err);
        case PLAN_MOUNT_PROC_SYSFS:
        case PLAN_MOUNT_FS:
                break;
        }
        if (!m->type)
                return error_set(err, EINVAL, "mount on \"%s\": no type", m->destination);
        return mount_fs(env, m, err);
}
