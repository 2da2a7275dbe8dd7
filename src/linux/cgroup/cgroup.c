/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The container's cgroup over every hierarchy of a v1, v2 or hybrid host: where it is, making
 * it, moving processes in, listing them, removing it. Each hierarchy is made by its backend
 * (cgroup_v1.c, cgroup_v2.c); resources, freezing and statistics live in their own files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "linux/cgroup/cgroup_internal.h"
#include "linux/cgroup/systemd_bus.h"
#include "linux/fds.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

#define CGROUP_ROOT        "/sys/fs/cgroup"
#define DESTROY_TIMEOUT_MS 1000

/* The primary path, then each hierarchy's: a relative cgroupsPath goes below our own cgroup of
 * that hierarchy; an absolute one or systemd's gives the same path everywhere. */
static int finish_resolve(struct cgroup *cg, const char *self_cgroup, const char *cgroups_path,
                          const char *id, bool systemd, struct error *err)
{
        char own[PATH_MAX_CG];
        int r;

        cg->given = cgroups_path && *cgroups_path;
        cgroup_own_path(self_cgroup, cg->mode, own, sizeof(own));
        r = cgroup_path_interpret(cgroups_path, id, systemd, own, &cg->path, err);
        if (r >= 0 && systemd) {
                r = sd_unit_parse(cgroups_path, id, &cg->unit, err);
                cg->unit_state = CGROUP_UNIT_NOT_STARTED;
        }
        for (int i = 0; i < cg->n && r >= 0; i++) {
                cgroup_own_path_of(self_cgroup, cg->mode, &cg->h[i], own, sizeof(own));
                r = cgroup_path_interpret(cgroups_path, id, systemd, own, &cg->h[i].path, err);
        }
        return r;
}

/* A new cgroup with the host's hierarchies: from a mountinfo text below root (unit tests), or from
 * this process's mountinfo when mountinfo is NULL. */
static int discovered(const char *mountinfo, const char *root, struct cgroup **out, struct error *err)
{
        struct cgroup *cg = calloc(1, sizeof(*cg));
        int r;

        if (!cg)
                return error_errno(err, ENOMEM, "cgroup");
        cg->v2_fd = -1;
        r = mountinfo ? cgroup_discover_mountinfo(mountinfo, root, cg, err) : cgroup_discover(root, cg, err);
        if (r < 0) {
                cgroup_free(cg);
                return r;
        }
        *out = cg;
        return 0;
}

/* Hands cg over to *out when r is not an error; frees it otherwise. */
static int handed_over(int r, struct cgroup *cg, struct cgroup **out)
{
        if (r < 0) {
                cgroup_free(cg);
                return r;
        }
        *out = cg;
        return 0;
}

int cgroup_resolve_at(const char *mountinfo, const char *root, const char *proc_self_cgroup,
                      const char *cgroups_path, const char *id, bool systemd, struct cgroup **out,
                      struct error *err)
{
        struct cgroup *cg = NULL;
        int r = discovered(mountinfo, root, &cg, err);

        if (r < 0)
                return r;
        r = finish_resolve(cg, proc_self_cgroup ? proc_self_cgroup : "0::/\n", cgroups_path, id, systemd,
                           err);
        return handed_over(r, cg, out);
}

int cgroup_resolve(const char *cgroups_path, const char *id, bool systemd_cgroup, struct cgroup **out,
                   struct error *err)
{
        _cleanup_free_ char *self = NULL;
        struct cgroup *cg = NULL;
        int r = discovered(NULL, CGROUP_ROOT, &cg, err);

        if (r < 0)
                return r;
        /* Only a relative path (or none) depends on where we are. */
        if (!systemd_cgroup && (!cgroups_path || cgroups_path[0] != '/'))
                r = read_file_at(AT_FDCWD, "/proc/self/cgroup", &self, NULL, err);
        if (r >= 0)
                r = finish_resolve(cg, self, cgroups_path, id, systemd_cgroup, err);
        /* Whether systemd answers is known before anything is made. */
        if (r >= 0 && systemd_cgroup)
                r = cgroup_unit_bus(cg, err);
        return handed_over(r, cg, out);
}

/* A path state.json kept: absolute, and checked as an absolute cgroupsPath is. */
static int saved_path(const char *path, char **out, struct error *err)
{
        if (!path || path[0] != '/')
                return error_set(err, EINVAL, "cgroup path \"%s\" in the state is not absolute",
                                 path ? path : "");
        return cgroup_path_interpret(path, NULL, false, "/", out, err);
}

static int finish_saved(struct cgroup *cg, const char *primary, const struct cgroup_saved_path *paths,
                        size_t n, struct error *err)
{
        int r = saved_path(primary, &cg->path, err);

        for (int i = 0; i < cg->n && r >= 0; i++) {
                const char *path = primary;

                for (size_t j = 0; j < n; j++)
                        if (paths[j].hierarchy && !strcmp(paths[j].hierarchy, cg->h[i].name))
                                path = paths[j].path;
                r = saved_path(path, &cg->h[i].path, err);
        }
        return r;
}

int cgroup_resolve_saved_at(const char *mountinfo, const char *root, const char *primary,
                            const struct cgroup_saved_path *paths, size_t n, struct cgroup **out,
                            struct error *err)
{
        struct cgroup *cg = NULL;
        int r = discovered(mountinfo, root, &cg, err);

        if (r < 0)
                return r;
        return handed_over(finish_saved(cg, primary, paths, n, err), cg, out);
}

int cgroup_resolve_saved(const char *primary, const struct cgroup_saved_path *paths, size_t n,
                         struct cgroup **out, struct error *err)
{
        return cgroup_resolve_saved_at(NULL, CGROUP_ROOT, primary, paths, n, out, err);
}

int cgroup_resolve_saved_listed(const char *primary, const struct cgroup_saved_path *paths, size_t n,
                                struct cgroup **out, struct error *err)
{
        int r = cgroup_resolve_saved(primary, paths, n, out, err);

        for (int i = 0; r >= 0 && i < (*out)->n; i++) {
                bool listed = false;

                for (size_t j = 0; j < n; j++)
                        listed |= paths[j].hierarchy && !strcmp(paths[j].hierarchy, (*out)->h[i].name);
                if (!listed)
                        (*out)->h[i].absent = EACCES;
        }
        if (r >= 0)
                (*out)->rootless = true;
        return r;
}

bool cgroup_joined(const struct cgroup *cg, int i)
{
        return !cg->h[i].absent;
}

int cgroup_hierarchies(const struct cgroup *cg)
{
        return cg->n;
}

void cgroup_hierarchy(const struct cgroup *cg, int i, const char **name, const char **path)
{
        *name = cg->h[i].name;
        *path = cg->h[i].path;
}

/* Takes back what a failed cgroup_create made: the directories it created, deepest first. */
static void unmake(const struct cgroup *cg, const int *made, int n)
{
        for (int i = 0; i < n; i++) {
                _cleanup_close_ int root = -1;

                if (!made[i])
                        continue;
                root = cgroup_mount_open(&cg->h[i], NULL);
                if (root >= 0)
                        cgfs_unmake(root, cg->h[i].path, made[i]);
        }
}

/* Errors that mean "not yours": what rootless skips. */
static bool not_permitted(int r)
{
        return r == -EACCES || r == -EPERM || r == -EROFS;
}

/*
 * Rootless with a cgroupsPath the config names, the cgroup must be the user's wherever runc would
 * make it: in every controller's hierarchy. Left out quietly are only named hierarchies (runc joins
 * name=systemd where it can and ignores the rest) and the unified hierarchy of a hybrid host (runc's
 * v1 driver never joins it). Without a cgroupsPath every hierarchy may be left out, as runc does.
 */
static bool must_join(const struct cgroup *cg, const struct cgroup_hierarchy *h)
{
        if (!cg->given || !strncmp(h->name, "name=", 5))
                return false;
        return !(h->v2 && cg->mode == CGROUP_MODE_HYBRID);
}

/* Rootless: a cgroup that exists (made now or before) is the user's only if it may move processes in. */
static int check_writable(const struct cgroup_hierarchy *h, int root, struct error *err)
{
        _cleanup_close_ int fd = -1;
        char rel[PATH_MAX_CG];

        snprintf(rel, sizeof(rel), "%s/cgroup.procs", h->path + (h->path[0] == '/'));
        fd = cgfs_open_beneath(root, rel, O_WRONLY);
        if (fd < 0)
                return error_errno(err, errno, "open \"%s%s/cgroup.procs\"", h->mount, h->path);
        return 0;
}

static void close_dir(struct cgroup_hierarchy *h)
{
        if (h->dir_open)
                close(h->dir_fd);
        h->dir_open = false;
}

void cgroup_close_fds(struct cgroup *cg)
{
        int fds[CGROUP_MAX_FDS];

        fds_close_list(fds, cgroup_take_fds(cg, fds, CGROUP_MAX_FDS));
}

size_t cgroup_take_fds(struct cgroup *cg, int *out, size_t max)
{
        size_t n = 0;

        if (!cg)
                return 0;
        systemd_bus_close_in_child(cg->bus);
        for (int i = 0; i < cg->n && n < max; i++)
                if (cg->h[i].dir_open) {
                        out[n++] = cg->h[i].dir_fd;
                        cg->h[i].dir_open = false;
                }
        if (cg->v2_fd >= 0 && n < max) {
                out[n++] = cg->v2_fd;
                cg->v2_fd = -1;
        }
        return n;
}

/* The directories in every hierarchy (the unit's, with --systemd-cgroup, exist in those systemd manages). */
static int make_dirs(struct cgroup *cg, bool rootless, cgroup_check_fn check, struct error *err)
{
        int made[CGROUP_MAX_HIERARCHIES] = {0};
        bool existed = false;
        int r;

        for (int i = 0; i < cg->n; i++) {
                struct cgroup_hierarchy *h = &cg->h[i];
                _cleanup_close_ int root = -1;

                /* The common case, a v1 hierarchy below an existing parent: made and opened by path. */
                if (!rootless && !h->v2 && !cgroup_v1_walks(h)) {
                        r = cgfs_mkdir_direct(h, &made[i]);
                        if (r >= 0) {
                                h->dir_fd = r;
                                h->dir_open = true;
                                continue;
                        }
                }
                root = cgroup_mount_open(h, err);
                r = root;
                if (r >= 0) /* the unified hierarchy of a hybrid host too, so "0::" matches the rest */
                        r = h->v2 ? cgroup_v2_create(cg, h, root, &made[i], err)
                                  : cgroup_v1_create(cg, h, root, &made[i], err);
                if (r >= 0) {
                        h->dir_fd = r;
                        h->dir_open = true;
                }
                if (r >= 0 && rootless)
                        r = check_writable(h, root, err);
                if (r < 0 && rootless && not_permitted(r) && must_join(cg, h)) {
                        unmake(cg, made, i + 1);
                        return error_wrap(err, r,
                                          "linux.cgroupsPath \"%s\": not a cgroup delegated to this user "
                                          "(rootless)",
                                          cg->path);
                }
                if (r < 0 && rootless && not_permitted(r)) {
                        log_debug("rootless: no cgroup in \"%s\": %s", h->mount, err ? err->msg : "");
                        if (err)
                                error_clear(err);
                        if (made[i]) /* levels made in a delegated parent before one was refused */
                                cgfs_unmake(root, h->path, made[i]);
                        made[i] = 0;
                        close_dir(h);
                        h->absent = -r;
                        continue;
                }
                if (r < 0) {
                        unmake(cg, made, i + 1);
                        return r;
                }
        }
        for (int i = 0; i < cg->n; i++)
                existed |= !made[i] && !cg->h[i].absent;
        /* A cgroup found already there is looked at only then, off the path of a fresh one. */
        if (existed && check && (r = check(cg, err)) < 0) {
                for (int i = 0; i < cg->n; i++)
                        close_dir(&cg->h[i]);
                unmake(cg, made, cg->n);
                return r;
        }
        if (cg->mode == CGROUP_MODE_V2 && cg->v2_fd < 0 && !cg->h[0].absent) {
                cg->v2_fd = cg->h[0].dir_open ? fcntl(cg->h[0].dir_fd, F_DUPFD_CLOEXEC, 3)
                                              : cgroup_dir_open(cg, &cg->h[0], err);
                if (cg->v2_fd < 0 && cg->h[0].dir_open)
                        cg->v2_fd = error_errno(err, errno, "dup the cgroup's fd");
                if (cg->v2_fd < 0) {
                        r = cg->v2_fd;
                        cg->v2_fd = -1;
                        unmake(cg, made, cg->n);
                        return r;
                }
        }
        return 0;
}

int cgroup_create(struct cgroup *cg, bool rootless, struct error *err)
{
        return cgroup_create_checked(cg, rootless, NULL, err);
}

int cgroup_create_checked(struct cgroup *cg, bool rootless, cgroup_check_fn check, struct error *err)
{
        cg->rootless = rootless;
        if (cg->unit_state == CGROUP_UNIT_NONE)
                return make_dirs(cg, rootless, check, err);
        /* systemd makes the unit's cgroup when the unit starts, with the init in it (cgroup_enter). */
        if (rootless)
                return error_set(err, ENOTSUP, "--systemd-cgroup: not supported rootless (%s)",
                                 cg->unit.unit);
        return 0;
}

int cgroup_v2_fd(struct cgroup *cg)
{
        return cg && cg->mode == CGROUP_MODE_V2 ? cg->v2_fd : -1;
}

int cgroup_enter(struct cgroup *cg, pid_t pid, const struct spec_resources *res, struct error *err)
{
        char buf[32];

        if (cg->unit_state == CGROUP_UNIT_NOT_STARTED) {
                /* As runc: the unit starts with the init in it, then the hierarchies systemd leaves
                 * alone (v1's) get the same path, and the init joins them. */
                int rc = cgroup_unit_start(cg, pid, res, err);
                if (rc >= 0)
                        rc = make_dirs(cg, false, NULL, err);
                if (rc < 0)
                        return rc;
        }

        snprintf(buf, sizeof(buf), "%d", (int)pid);
        for (int i = 0; i < cg->n; i++) {
                int r = cg->h[i].absent ? 0 : cgroup_write(cg, &cg->h[i], "cgroup.procs", buf, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Where the container's processes are listed: v2, else a v1 hierarchy every process is in. */
static int pids_dir(const struct cgroup *cg, char *display, size_t size, struct error *err)
{
        static const char *const prefer[] = {"pids", "freezer", "devices", "memory", "cpu", "name=systemd"};
        const struct cgroup_hierarchy *tried[ARRAY_SIZE(prefer) + CGROUP_MAX_HIERARCHIES + 1];
        size_t n = 0;

        if (cg->mode == CGROUP_MODE_V2)
                tried[n++] = &cg->h[0];
        for (size_t i = 0; i < ARRAY_SIZE(prefer) && cg->mode != CGROUP_MODE_V2; i++)
                if ((tried[n] = cgroup_find(cg, prefer[i])))
                        n++;
        for (int i = 0; i < cg->n; i++) /* then any hierarchy at all, the unified one last */
                if (!cg->h[i].v2)
                        tried[n++] = &cg->h[i];
        if (cg->mode == CGROUP_MODE_HYBRID)
                tried[n++] = cgroup_find(cg, "");
        for (size_t i = 0; i < n; i++) {
                int fd;

                if (!tried[i] || tried[i]->absent)
                        continue;
                fd = cgroup_dir_open(cg, tried[i], err);
                if (fd >= 0) {
                        snprintf(display, size, "%s%s", tried[i]->mount, tried[i]->path);
                        return fd;
                }
                if (fd != -ENOENT)
                        return fd;
        }
        return -ENOENT;
}

int cgroup_pids(struct cgroup *cg, pid_t **pids, size_t *n, struct error *err)
{
        _cleanup_free_ pid_t *list = NULL;
        _cleanup_close_ int fd = -1;
        char display[PATH_MAX_CG + 256];
        size_t count = 0, cap = 0;
        int r;

        *pids = NULL;
        *n = 0;
        fd = pids_dir(cg, display, sizeof(display), err);
        if (fd == -ENOENT) { /* no cgroup left: no process either */
                if (err)
                        error_clear(err);
                return 0;
        }
        if (fd < 0)
                return fd;
        r = cgfs_collect_pids(fd, display, &list, &count, &cap, err);
        if (r < 0)
                return r;
        *pids = TAKE_PTR(list);
        *n = count;
        return 0;
}

/* The cgroup's parent directory in hierarchy h and the cgroup's own name in it; -errno on failure. */
static int open_parent(const struct cgroup_hierarchy *h, const char **name)
{
        _cleanup_close_ int root = cgroup_mount_open(h, NULL);
        const char *slash = strrchr(h->path, '/');
        char rel[PATH_MAX_CG];
        int fd;

        if (root < 0)
                return root;
        *name = slash + 1;
        snprintf(rel, sizeof(rel), "%.*s", (int)(slash - h->path), h->path); /* "/a/b" of "/a/b/c" */
        fd = cgfs_open_beneath(root, rel[0] ? rel + 1 : "", O_RDONLY | O_DIRECTORY);
        return fd < 0 ? -errno : fd;
}

int cgroup_kill(struct cgroup *cg, struct error *err)
{
        _cleanup_close_ int dir = -1, fd = -1;
        char display[PATH_MAX_CG + 256];

        if (cg->mode != CGROUP_MODE_V2 || cg->h[0].absent)
                return -ENOTSUP;
        dir = cgroup_dir_open(cg, &cg->h[0], err);
        if (dir == -ENOENT) { /* no cgroup left: no process either */
                if (err)
                        error_clear(err);
                return 0;
        }
        if (dir < 0)
                return dir;
        fd = cgfs_open_beneath(dir, "cgroup.kill", O_WRONLY);
        if (fd < 0)
                return errno == ENOENT ? -ENOTSUP : error_errno(err, errno, "open cgroup.kill");
        snprintf(display, sizeof(display), "%s%s", cg->h[0].mount, cg->h[0].path);
        if (write(fd, "1", 1) != 1)
                return error_errno(err, errno, "write \"1\" to \"%s/cgroup.kill\"", display);
        return 0;
}

/* An empty cgroup with no nested ones (the common case) goes with one rmdir of its path: the mount point is
 * the host's own (from its mount table) and a cgroup file system has no symbolic links to follow below it. */
static bool removed_at_once(const struct cgroup_hierarchy *h)
{
        char full[sizeof(h->mount) + PATH_MAX_CG];

        if (!strcmp(h->path, "/") ||
            (size_t)snprintf(full, sizeof(full), "%s%s", h->mount, h->path) >= sizeof(full))
                return false;
        return unlinkat(AT_FDCWD, full, AT_REMOVEDIR) == 0 || errno == ENOENT;
}

bool cgroup_remove_empty(struct cgroup *cg)
{
        bool all = true;

        /* A systemd unit is stopped first (cgroup_destroy): its cgroup is systemd's to remove. */
        if (cg->unit_state != CGROUP_UNIT_NONE)
                return false;
        cgroup_close_fds(cg);
        for (int i = 0; i < cg->n; i++)
                if (!cg->h[i].absent && !removed_at_once(&cg->h[i]))
                        all = false;
        return all;
}

int cgroup_destroy(struct cgroup *cg, struct error *err)
{
        struct timespec deadline;
        int first = 0;

        /* A unit systemd never took: nothing was made (its name may be another container's). */
        if (cg->unit_state == CGROUP_UNIT_NOT_STARTED)
                return 0;
        /* systemd stops what is left in its unit and removes the unit's cgroup; the rest goes below. */
        first = cgroup_unit_stop(cg, err);
        cgroup_close_fds(cg);
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_nsec += (DESTROY_TIMEOUT_MS % 1000) * 1000000L;
        deadline.tv_sec += DESTROY_TIMEOUT_MS / 1000 + deadline.tv_nsec / 1000000000L;
        deadline.tv_nsec %= 1000000000L;
        for (int i = 0; i < cg->n; i++) {
                const struct cgroup_hierarchy *h = &cg->h[i];
                struct error e = ERROR_INIT;
                char display[PATH_MAX_CG + 256];
                _cleanup_close_ int parent = -1;
                const char *name;
                int r;

                if (h->absent || removed_at_once(h))
                        continue;
                snprintf(display, sizeof(display), "%s%s", h->mount, h->path);
                parent = open_parent(h, &name);
                if (parent == -ENOENT)
                        continue; /* no parent, no cgroup */
                if (parent < 0)
                        r = error_errno(&e, parent, "remove cgroup \"%s\"", display);
                else
                        r = cgfs_remove_tree(parent, name, display, &deadline, &e);
                if (r < 0 && first >= 0) {
                        first = r;
                        if (err)
                                *err = e;
                }
        }
        return first;
}

const char *cgroup_unit(const struct cgroup *cg)
{
        return cg->unit_state == CGROUP_UNIT_NONE ? NULL : cg->unit.unit;
}

int cgroup_use_unit(struct cgroup *cg, const char *unit, struct error *err)
{
        if (!unit || !*unit || strchr(unit, '/') || strlen(unit) >= sizeof(cg->unit.unit))
                return error_set(err, EINVAL, "systemd unit \"%s\" in the state is not a unit name",
                                 unit ? unit : "");
        snprintf(cg->unit.unit, sizeof(cg->unit.unit), "%s", unit);
        cg->unit_state = CGROUP_UNIT_STARTED;
        return 0;
}

const char *cgroup_path(const struct cgroup *cg)
{
        return cg->path;
}

void cgroup_free(struct cgroup *cg)
{
        if (!cg)
                return;
        cgroup_close_fds(cg);
        for (int i = 0; i < cg->n; i++)
                free(cg->h[i].path);
        systemd_bus_free(cg->bus);
        free(cg->path);
        free(cg);
}
