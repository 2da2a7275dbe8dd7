/* SPDX-License-Identifier: Apache-2.0 */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/magic.h>

#include "devices.h"
#include "mount_entry.h"
#include "plan/mount_plan.h"
#include "resolve.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* The mount point holding path, from /proc/self/mountinfo: its mount point and whether it is shared. */
static int parent_mount(const char *path, char *mnt, size_t size, bool *shared)
{
        _cleanup_free_ char *text = NULL;
        char *save = NULL;
        size_t best = 0;

        if (read_file_at(AT_FDCWD, "/proc/self/mountinfo", &text, NULL, NULL) < 0)
                return -EIO;
        snprintf(mnt, size, "/");
        *shared = false;
        for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
                char point[PATH_MAX], *opt, *dash;
                size_t len;

                if (sscanf(l, "%*d %*d %*s %*s %4095s", point) != 1)
                        continue;
                len = strlen(point);
                if (strncmp(path, point, len) || (path[len] != '/' && path[len] != '\0' && len > 1) ||
                    len < best)
                        continue;
                best = len;
                snprintf(mnt, size, "%s", point);
                dash = strstr(l, " - ");
                opt = strstr(l, " shared:");
                *shared = opt && (!dash || opt < dash);
        }
        return 0;
}

int rootfs_prepare(const struct rootfs_config *c, struct error *err)
{
        const struct spec_linux *l = c->spec->linux;
        enum spec_propagation prop = l ? l->rootfs_propagation : PROPAGATION_NONE;
        /* Unbindable would forbid the rootfs bind below: it is applied to the new "/" after pivot_root. */
        unsigned long flags =
            prop && prop != PROPAGATION_UNBINDABLE ? plan_propagation_flags(prop, true) : (MS_SLAVE | MS_REC);
        struct mount_env env = {.in_userns = c->in_userns,
                                .cgroup_path = c->cgroup_path,
                                .cgroupns = spec_has_ns(c->spec, NS_CGROUP)};
        _cleanup_close_ int root_fd = -1;
        char mnt[PATH_MAX];
        bool shared;
        int r;

        /* Nothing we mount may reach the host: "/" stops propagating to it first. */
        if (mount(NULL, "/", NULL, flags, NULL) < 0)
                return error_errno(err, errno, "set propagation of \"/\"");
        /* pivot_root refuses a new root whose parent mount is shared. */
        if (parent_mount(c->rootfs, mnt, sizeof(mnt), &shared) == 0 && shared &&
            mount(NULL, mnt, NULL, MS_PRIVATE, NULL) < 0)
                return error_errno(err, errno, "make \"%s\" private", mnt);
        if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
                return error_errno(err, errno, "bind rootfs \"%s\" onto itself", c->rootfs);
        root_fd = open(c->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root_fd < 0)
                return error_errno(err, errno, "open rootfs \"%s\"", c->rootfs);
        env.root_fd = root_fd;
        for (size_t i = 0; i < c->spec->n_mounts; i++) {
                r = mount_entry(&env, &c->spec->mounts[i], err);
                if (r < 0)
                        return error_wrap(err, r, "mounts[%zu]", i);
        }
        /* The process's cwd is made when missing, as runc does. */
        if (c->spec->process && c->spec->process->cwd) {
                _cleanup_close_ int cwd =
                    resolve_create(root_fd, c->spec->process->cwd, RESOLVE_CREATE_DIR, 0755, err);
                if (cwd < 0)
                        return error_wrap(err, cwd, "process.cwd");
        }
        return devices_create(root_fd, c->spec, c->in_userns, err);
}

int rootfs_pivot(const struct rootfs_config *c, struct error *err)
{
        _cleanup_close_ int new_root = open(c->rootfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC), old_root = -1;

        if (new_root < 0)
                return error_errno(err, errno, "open rootfs \"%s\"", c->rootfs);
        if (fchdir(new_root) < 0)
                return error_errno(err, errno, "chdir to rootfs \"%s\"", c->rootfs);
        if (c->no_pivot) {
                if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
                        return error_errno(err, errno, "move rootfs \"%s\" to \"/\"", c->rootfs);
                if (chroot(".") < 0)
                        return error_errno(err, errno, "chroot to rootfs \"%s\"", c->rootfs);
        } else {
                /* Held across the pivot: the old root is then reached through it, never by a path. */
                old_root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (old_root < 0)
                        return error_errno(err, errno, "open the old root");
                if (syscall(SYS_pivot_root, ".", ".") < 0)
                        return error_errno(err, errno, "pivot_root to \"%s\"", c->rootfs);
                /* Cut the old root loose without the unmount reaching the host (it may be shared with it). */
                if (fchdir(old_root) < 0)
                        return error_errno(err, errno, "chdir to the old root");
                if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
                        return error_errno(err, errno, "make the old root a slave");
                if (umount2(".", MNT_DETACH) < 0)
                        return error_errno(err, errno, "unmount the old root");
        }
        if (chdir("/") < 0)
                return error_errno(err, errno, "chdir \"/\"");
        return 0;
}

/* A file gets /dev/null over it; a directory an empty read-only tmpfs. Missing paths are fine. */
static int mask_path(int root_fd, const char *path, struct error *err)
{
        _cleanup_close_ int fd = resolve_in_root(root_fd, path, O_PATH, NULL);
        struct stat st;
        char p[64];

        if (fd < 0)
                return 0;
        if (fstat(fd, &st) < 0)
                return error_errno(err, errno, "maskedPaths: \"%s\"", path);
        fd_path(fd, p, sizeof(p));
        if (S_ISDIR(st.st_mode)) {
                if (mount("tmpfs", p, "tmpfs", MS_RDONLY, NULL) < 0)
                        return error_errno(err, errno, "maskedPaths: mount tmpfs on \"%s\"", path);
        } else if (mount("/dev/null", p, NULL, MS_BIND, NULL) < 0) {
                return error_errno(err, errno, "maskedPaths: bind /dev/null on \"%s\"", path);
        }
        return 0;
}

/* MS_* of an existing mount that a bind remount must repeat (in a user namespace they are locked). */
static unsigned long kept_flags(const char *p)
{
        struct statvfs sv;
        unsigned long f = 0;

        if (statvfs(p, &sv) < 0)
                return 0;
        if (sv.f_flag & ST_NOSUID)
                f |= MS_NOSUID;
        if (sv.f_flag & ST_NODEV)
                f |= MS_NODEV;
        if (sv.f_flag & ST_NOEXEC)
                f |= MS_NOEXEC;
        if (sv.f_flag & ST_NOATIME)
                f |= MS_NOATIME;
        if (sv.f_flag & ST_NODIRATIME)
                f |= MS_NODIRATIME;
        if (sv.f_flag & ST_RELATIME)
                f |= MS_RELATIME;
        return f;
}

static int readonly_path(int root_fd, const char *path, struct error *err)
{
        _cleanup_close_ int fd = resolve_in_root(root_fd, path, O_PATH, NULL), top = -1;
        char p[64];

        if (fd < 0)
                return 0;
        fd_path(fd, p, sizeof(p));
        if (mount(p, p, NULL, MS_BIND | MS_REC, NULL) < 0)
                return error_errno(err, errno, "readonlyPaths: bind \"%s\"", path);
        top = resolve_in_root(root_fd, path, O_PATH, err);
        if (top < 0)
                return top;
        fd_path(top, p, sizeof(p));
        if (mount(NULL, p, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags(p), NULL) < 0)
                return error_errno(err, errno, "readonlyPaths: remount \"%s\" read-only", path);
        return 0;
}

static bool under_proc(const char *path)
{
        return !strncmp(path, "/proc", 5) && (path[5] == '/' || path[5] == '\0');
}

int rootfs_finalize(const struct rootfs_config *c, struct error *err)
{
        const struct spec_linux *l = c->spec->linux;
        _cleanup_close_ int root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        bool proc_checked = false;
        int r;

        if (root_fd < 0)
                return error_errno(err, errno, "open \"/\"");
        if (l && l->rootfs_propagation) {
                r = mount_propagate(root_fd, plan_propagation_flags(l->rootfs_propagation, false), "/", err);
                if (r < 0)
                        return error_wrap(err, r, "linux.rootfsPropagation");
        }
        for (size_t i = 0; l && i < l->n_masked_paths + l->n_readonly_paths; i++) {
                bool masked = i < l->n_masked_paths;
                const char *path = masked ? l->masked_paths[i] : l->readonly_paths[i - l->n_masked_paths];

                /* Masking /proc entries is only sound over a real procfs (CVE-2019-19921). */
                if (under_proc(path) && !proc_checked) {
                        struct statfs sf;
                        _cleanup_close_ int proc =
                            resolve_in_root(root_fd, "/proc", O_PATH | O_DIRECTORY, NULL);
                        if (proc >= 0 && (fstatfs(proc, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC))
                                return error_set(err, EINVAL,
                                                 "\"/proc\" is not a procfs: refusing to mask \"%s\"", path);
                        proc_checked = true;
                }
                r = masked ? mask_path(root_fd, path, err) : readonly_path(root_fd, path, err);
                if (r < 0)
                        return r;
        }
        if (c->spec->root->readonly &&
            mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags("/"), NULL) < 0)
                return error_errno(err, errno, "root.readonly: remount \"/\" read-only");
        return 0;
}
