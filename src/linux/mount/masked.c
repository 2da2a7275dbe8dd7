/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/mount/masked.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "linux/mount/devices.h"
#include "linux/mount/mount_ops.h"
#include "plan/mount_plan.h"
#include "linux/mount/resolve.h"
#include "util/cleanup.h"

/* Whether the container's /proc (not through a symlink) is a procfs: -1 not yet known. */
struct proc_state {
        int is_procfs;
};

/* Paths below /proc are only worked on over a real procfs (CVE-2019-19921). */
static int check_proc(int root_fd, const char *clean, const char *what, struct proc_state *ps,
                      struct error *err)
{
        if (!plan_path_under(clean, "/proc"))
                return 0;
        if (ps->is_procfs < 0) {
                _cleanup_close_ int proc = resolve_in_root(root_fd, "/proc", O_PATH | O_NOFOLLOW, NULL);
                struct statfs sf;

                ps->is_procfs = proc >= 0 && fstatfs(proc, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
        }
        if (!ps->is_procfs)
                return error_set(err, EPERM, "%s \"%s\": \"/proc\" is not a procfs", what, clean);
        return 0;
}

/*
 * Before any path below /proc is looked up: whatever is mounted on /proc must be a procfs. A path
 * that is missing is skipped (as runc), so a tmpfs or a bind (a volume with a tree of its own) over
 * /proc that lacks the masked paths would otherwise pass unnoticed. A /proc of the image itself,
 * with nothing mounted on it, is left to check_proc, path by path.
 */
static int check_proc_mount(int root_fd, char **paths, size_t n, const char *what, struct proc_state *ps,
                            struct error *err)
{
        _cleanup_close_ int proc = -1;
        char clean[PATH_MAX];
        struct statx sx;
        struct statfs sf;
        bool under = false;

        for (size_t i = 0; i < n && !under; i++)
                under = plan_clean_path(paths[i], clean, sizeof(clean)) && plan_path_under(clean, "/proc");
        if (!under || ps->is_procfs == 1)
                return 0;
        proc = resolve_in_root(root_fd, "/proc", O_PATH | O_NOFOLLOW, NULL);
        if (proc < 0)
                return 0;
        if (fstatfs(proc, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC) {
                ps->is_procfs = 1; /* what check_proc would find again */
                return 0;
        }
        if (statx(proc, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, 0, &sx) < 0)
                return error_errno(err, errno, "%s stat \"/proc\"", what);
        if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) || !(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
                return 0;
        return error_set(err, EPERM, "%s \"/proc\" is not a procfs: something else is mounted there", what);
}

/* The path's fd, or 0 with *fd < 0 when it does not exist (skipped silently, as runc). */
static int open_target(int root_fd, const char *clean, const char *what, struct proc_state *ps, int *fd,
                       struct error *err)
{
        int r;

        *fd = resolve_in_root(root_fd, clean, O_PATH, err);
        if (*fd == -ENOENT) {
                error_clear(err);
                return 0;
        }
        if (*fd < 0)
                return error_wrap(err, *fd, "%s \"%s\"", what, clean);
        r = check_proc(root_fd, clean, what, ps, err);
        if (r < 0) {
                close(*fd);
                *fd = -1;
        }
        return r;
}

static bool seen(char **paths, size_t i, const char *clean)
{
        char other[PATH_MAX];

        for (size_t j = 0; j < i; j++)
                if (plan_clean_path(paths[j], other, sizeof(other)) && !strcmp(other, clean))
                        return true;
        return false;
}

struct masks {
        int null;     /* the container's /dev/null, checked to be it */
        int dir_mask; /* the first attached empty tmpfs, cloned for the next directories */
};

static int mask_file(int root_fd, struct masks *mk, int target, const char *path, struct error *err)
{
        int r;

        if (mk->null < 0) {
                mk->null = resolve_in_root(root_fd, "/dev/null", O_PATH, err);
                if (mk->null < 0)
                        return error_wrap(err, mk->null, "maskedPaths: \"/dev/null\"");
                if (!devices_is_null(mk->null))
                        return error_set(err, EIO,
                                         "maskedPaths: the container's /dev/null is not the null device");
        }
        r = mnt_bind_fd(mk->null, target);
        if (r < 0)
                return error_errno(err, -r, "maskedPaths: bind /dev/null on \"%s\"", path);
        return 0;
}

static int mask_dir(struct masks *mk, int target, const char *path, struct error *err)
{
        _cleanup_close_ int tree = -1;
        int r;

        /* Attached, the first one is bound again: one superblock serves every masked directory. */
        if (mk->dir_mask >= 0) {
                r = mnt_bind_fd(mk->dir_mask, target);
                if (r < 0)
                        return error_errno(err, -r, "maskedPaths: mount an empty read-only tmpfs on \"%s\"",
                                           path);
                return 0;
        }
        tree = mnt_empty_tmpfs();
        r = tree < 0 ? tree : mnt_attach(tree, target);
        if (r < 0)
                return error_errno(err, -r, "maskedPaths: mount an empty read-only tmpfs on \"%s\"", path);
        mk->dir_mask = TAKE_FD(tree);
        return 0;
}

static int mask_paths(int root_fd, char **paths, size_t n, struct proc_state *ps, struct error *err)
{
        struct masks mk = {-1, -1};
        int r;

        r = check_proc_mount(root_fd, paths, n, "maskedPaths:", ps, err);
        for (size_t i = 0; i < n && r == 0; i++) {
                _cleanup_close_ int fd = -1;
                char clean[PATH_MAX];
                struct stat st;

                if (!plan_clean_path(paths[i], clean, sizeof(clean))) {
                        r = error_set(err, ENAMETOOLONG, "maskedPaths: \"%s\"", paths[i]);
                        break;
                }
                if (seen(paths, i, clean))
                        continue;
                r = open_target(root_fd, clean, "maskedPaths:", ps, &fd, err);
                if (r < 0 || fd < 0)
                        continue;
                if (fstat(fd, &st) < 0)
                        r = error_errno(err, errno, "maskedPaths: \"%s\"", clean);
                else if (S_ISDIR(st.st_mode))
                        r = mask_dir(&mk, fd, clean, err);
                else
                        r = mask_file(root_fd, &mk, fd, clean, err);
        }
        cleanup_closep(&mk.null);
        cleanup_closep(&mk.dir_mask);
        return r;
}

static int readonly_paths(int root_fd, char **paths, size_t n, struct proc_state *ps, struct error *err)
{
        int r;

        r = check_proc_mount(root_fd, paths, n, "readonlyPaths:", ps, err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                _cleanup_close_ int fd = -1, tree = -1;
                char clean[PATH_MAX];

                if (!plan_clean_path(paths[i], clean, sizeof(clean)))
                        return error_set(err, ENAMETOOLONG, "readonlyPaths: \"%s\"", paths[i]);
                r = open_target(root_fd, clean, "readonlyPaths:", ps, &fd, err);
                if (r < 0)
                        return r;
                if (fd < 0)
                        continue;
                /* A recursive bind of the path onto itself, read-only at its top (submounts as they are). */
                tree = mnt_clone(fd, "", true);
                if (tree < 0)
                        return error_errno(err, -tree, "readonlyPaths: bind \"%s\"", clean);
                r = mnt_setattr(tree, (struct plan_attr){.set = MOUNT_ATTR_RDONLY}, false);
                if (r < 0)
                        return error_errno(err, -r, "readonlyPaths: make \"%s\" read-only", clean);
                r = mnt_attach(tree, fd);
                if (r < 0)
                        return error_errno(err, -r, "readonlyPaths: bind \"%s\"", clean);
        }
        return 0;
}

int rootfs_protect_paths(int root_fd, char **masked, size_t n_masked, char **readonly, size_t n_readonly,
                         struct error *err)
{
        struct proc_state ps = {-1}; /* what /proc is, found once for both lists */
        int r = mask_paths(root_fd, masked, n_masked, &ps, err);

        return r < 0 ? r : readonly_paths(root_fd, readonly, n_readonly, &ps, err);
}
