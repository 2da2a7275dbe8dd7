/* SPDX-License-Identifier: Apache-2.0 */
/* The container's cgroup over every hierarchy of a v1, v2 or hybrid host: create, enter, list, destroy. */
#include "cgroup_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

static bool is_fs(const char *path, long magic)
{
        struct statfs st;

        return statfs(path, &st) == 0 && st.f_type == magic;
}

int cgroup_discover(const char *root, struct cgroup *cg, struct error *err)
{
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;

        cg->n = 0;
        if (is_fs(root, CGROUP2_SUPER_MAGIC)) {
                cg->mode = CGROUP_MODE_V2;
                snprintf(cg->h[0].mount, sizeof(cg->h[0].mount), "%s", root);
                cg->h[0].v2 = true;
                cg->n = 1;
                return 0;
        }
        cg->mode = CGROUP_MODE_V1;
        d = opendir(root);
        if (!d)
                return error_errno(err, errno, "cgroup root \"%s\"", root);
        while ((de = readdir(d)) && cg->n < CGROUP_MAX_HIERARCHIES) {
                struct cgroup_hierarchy *h = &cg->h[cg->n];
                struct stat st;

                if (de->d_name[0] == '.')
                        continue;
                if ((size_t)snprintf(h->mount, sizeof(h->mount), "%s/%s", root, de->d_name) >=
                    sizeof(h->mount))
                        continue;
                /* Co-mounted controllers appear once as a directory and again as symlinks: skip the links. */
                if (lstat(h->mount, &st) < 0 || !S_ISDIR(st.st_mode))
                        continue;
                if (is_fs(h->mount, CGROUP2_SUPER_MAGIC)) {
                        cg->mode = CGROUP_MODE_HYBRID;
                        h->v2 = true;
                        h->name[0] = '\0';
                } else if (is_fs(h->mount, CGROUP_SUPER_MAGIC)) {
                        h->v2 = false;
                        if ((size_t)snprintf(h->name, sizeof(h->name), "%s",
                                             strcmp(de->d_name, "systemd") ? de->d_name : "name=systemd") >=
                            sizeof(h->name))
                                continue;
                } else {
                        continue;
                }
                cg->n++;
        }
        if (cg->n == 0)
                return error_set(err, ENOENT, "no cgroup hierarchy is mounted under \"%s\"", root);
        return 0;
}

const struct cgroup_hierarchy *cgroup_find(const struct cgroup *cg, const char *controller)
{
        for (int i = 0; i < cg->n; i++) {
                const struct cgroup_hierarchy *h = &cg->h[i];

                if (h->v2 || !*controller) {
                        if (h->v2 && !*controller)
                                return h;
                        continue;
                }
                /* Exact names in a co-mount list ("cpu,cpuacct"): "cpu" must not match "cpuset". */
                for (const char *p = h->name; *p;) {
                        size_t len = strcspn(p, ",");
                        if (len == strlen(controller) && !strncmp(p, controller, len))
                                return h;
                        p += len + (p[len] == ',');
                }
        }
        return NULL;
}

int cgroup_dir_open(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct error *err)
{
        char path[PATH_MAX_CG];
        int fd;

        snprintf(path, sizeof(path), "%s%s", h->mount, cg->path);
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return error_errno(err, errno, "open cgroup \"%s\"", path);
        return fd;
}

int cgroup_write(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file,
                 const char *value, struct error *err)
{
        char path[PATH_MAX_CG];
        int r;

        snprintf(path, sizeof(path), "%s%s/%s", h->mount, cg->path, file);
        r = write_file_at(AT_FDCWD, path, value, strlen(value), err);
        if (r < 0)
                return error_wrap(err, r, "cgroup: write \"%s\"", value);
        return 0;
}

static int cgroup_resolve_own(const char *root, const char *cgroups_path, const char *id, bool systemd,
                              const char *own, struct cgroup **out, struct error *err)
{
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = calloc(1, sizeof(*cg));
        int r;

        if (!cg)
                return error_errno(err, ENOMEM, "cgroup");
        cg->v2_fd = -1;
        cg->undo = NULL;
        r = cgroup_path_interpret(cgroups_path, id, systemd, own, &cg->path, err);
        if (r < 0)
                return r;
        r = cgroup_discover(root, cg, err);
        if (r < 0)
                return r;
        *out = TAKE_PTR(cg);
        return 0;
}

/* Our own cgroup: the unified line ("0::/x") where there is one, else the first v1 line. */
static void own_cgroup(char *out, size_t size)
{
        _cleanup_free_ char *text = NULL;
        char *line, *save = NULL;

        snprintf(out, size, "/");
        if (read_file_at(AT_FDCWD, "/proc/self/cgroup", &text, NULL, NULL) < 0)
                return;
        for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *path = strchr(line, ':');
                path = path ? strchr(path + 1, ':') : NULL;
                if (!path)
                        continue;
                if (!strncmp(line, "0::", 3)) {
                        snprintf(out, size, "%s", path + 1);
                        return;
                }
                snprintf(out, size, "%s", path + 1);
        }
}

int cgroup_resolve_at(const char *root, const char *cgroups_path, const char *id, bool systemd,
                      const char *own, struct cgroup **out, struct error *err)
{
        return cgroup_resolve_own(root, cgroups_path, id, systemd, own, out, err);
}

int cgroup_resolve(const char *cgroups_path, const char *id, bool systemd_cgroup, struct cgroup **out,
                   struct error *err)
{
        char own[PATH_MAX_CG] = "/";

        if (!systemd_cgroup && (!cgroups_path || cgroups_path[0] != '/'))
                own_cgroup(own, sizeof(own));
        return cgroup_resolve_own(CGROUP_ROOT, cgroups_path, id, systemd_cgroup, own, out, err);
}

/* cpuset needs cpus and mems before anything can join: copy them down from the parent, level by level. */
static int cpuset_inherit(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct error *err)
{
        char dir[PATH_MAX_CG], parent[PATH_MAX_CG];
        static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};
        size_t len;

        snprintf(dir, sizeof(dir), "%s", h->mount);
        len = strlen(dir);
        for (const char *p = cg->path; *p;) {
                size_t seg = strcspn(p + 1, "/") + 1;
                snprintf(parent, sizeof(parent), "%s", dir);
                snprintf(dir + len, sizeof(dir) - len, "%.*s", (int)seg, p);
                len = strlen(dir);
                p += seg;
                for (int i = 0; i < 2; i++) {
                        _cleanup_free_ char *mine = NULL, *theirs = NULL;
                        char f[PATH_MAX_CG + 32];
                        int r;

                        snprintf(f, sizeof(f), "%s/%s", dir, files[i]);
                        if (read_file_at(AT_FDCWD, f, &mine, NULL, NULL) < 0 || (mine[0] && mine[0] != '\n'))
                                continue;
                        snprintf(f, sizeof(f), "%s/%s", parent, files[i]);
                        if (read_file_at(AT_FDCWD, f, &theirs, NULL, err) < 0)
                                return error_wrap(err, -EIO, "cpuset");
                        snprintf(f, sizeof(f), "%s/%s", dir, files[i]);
                        r = write_file_at(AT_FDCWD, f, theirs, strlen(theirs), err);
                        if (r < 0)
                                return error_wrap(err, r, "cpuset");
                }
        }
        return 0;
}

/* Pure v2: every controller the parent has is delegated down to the container's cgroup. */
static int v2_enable_controllers(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct error *err)
{
        char dir[PATH_MAX_CG];
        size_t len;

        snprintf(dir, sizeof(dir), "%s", h->mount);
        len = strlen(dir);
        for (const char *p = cg->path; *p;) {
                _cleanup_free_ char *ctrls = NULL;
                size_t seg = strcspn(p + 1, "/") + 1;
                char f[PATH_MAX_CG + 32], buf[512] = "";
                size_t off = 0;

                snprintf(f, sizeof(f), "%s/cgroup.controllers", dir);
                if (read_file_at(AT_FDCWD, f, &ctrls, NULL, NULL) == 0) {
                        char *save = NULL;
                        for (char *c = strtok_r(ctrls, " \n", &save); c; c = strtok_r(NULL, " \n", &save))
                                off += snprintf(buf + off, sizeof(buf) - off, "%s+%s", off ? " " : "", c);
                        snprintf(f, sizeof(f), "%s/cgroup.subtree_control", dir);
                        if (off && write_file_at(AT_FDCWD, f, buf, off, NULL) < 0)
                                log_debug("cgroup: enable \"%s\" in \"%s\": %m", buf, f);
                }
                snprintf(dir + len, sizeof(dir) - len, "%.*s", (int)seg, p);
                len = strlen(dir);
                p += seg;
        }
        return 0;
}

int cgroup_create(struct cgroup *cg, struct error *err)
{
        for (int i = 0; i < cg->n; i++) {
                const struct cgroup_hierarchy *h = &cg->h[i];
                char path[PATH_MAX_CG];
                int r;

                snprintf(path, sizeof(path), "%s%s", h->mount, cg->path);
                if (h->v2) { /* pure v2, or a hybrid host's unified hierarchy (hugetlb here) */
                        r = v2_enable_controllers(cg, h, err);
                        if (r < 0)
                                return r;
                }
                r = mkdir_p(path, 0755, err);
                if (r < 0)
                        return error_wrap(err, r, "create cgroup");
                if (!h->v2 && strstr(h->name, "cpuset")) {
                        r = cpuset_inherit(cg, h, err);
                        if (r < 0)
                                return r;
                }
        }
        if (cg->mode == CGROUP_MODE_V2) {
                cg->v2_fd = cgroup_dir_open(cg, &cg->h[0], err);
                if (cg->v2_fd < 0)
                        return cg->v2_fd;
        }
        return 0;
}

int cgroup_v2_fd(struct cgroup *cg)
{
        return cg ? cg->v2_fd : -1;
}

int cgroup_enter(struct cgroup *cg, pid_t pid, struct error *err)
{
        char buf[32];

        snprintf(buf, sizeof(buf), "%d", (int)pid);
        for (int i = 0; i < cg->n; i++) {
                int r = cgroup_write(cg, &cg->h[i], "cgroup.procs", buf, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int collect_pids(int dirfd, pid_t **pids, size_t *n, size_t *cap, int depth)
{
        _cleanup_free_ char *text = NULL;
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int fd;

        if (read_file_at(dirfd, "cgroup.procs", &text, NULL, NULL) == 0) {
                char *save = NULL;
                for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
                        if (*n == *cap) {
                                pid_t *np = realloc(*pids, (*cap = *cap ? *cap * 2 : 32) * sizeof(**pids));
                                if (!np)
                                        return -ENOMEM;
                                *pids = np;
                        }
                        (*pids)[(*n)++] = (pid_t)atoi(l);
                }
        }
        if (depth > 32)
                return 0;
        fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || !(d = fdopendir(fd))) {
                if (fd >= 0)
                        close(fd);
                return 0;
        }
        while ((de = readdir(d))) {
                _cleanup_close_ int sub = -1;
                if (de->d_type != DT_DIR || de->d_name[0] == '.')
                        continue;
                sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (sub >= 0 && collect_pids(sub, pids, n, cap, depth + 1) < 0)
                        return -ENOMEM;
        }
        return 0;
}

int cgroup_pids(struct cgroup *cg, pid_t **pids, size_t *n, struct error *err)
{
        static const char *const prefer[] = {"", "pids", "freezer", "devices", "memory", "cpu"};
        const struct cgroup_hierarchy *h = NULL;
        _cleanup_close_ int fd = -1;
        size_t cap = 0;

        *pids = NULL;
        *n = 0;
        for (size_t i = 0; i < sizeof(prefer) / sizeof(prefer[0]) && !h; i++)
                if (cg->mode != CGROUP_MODE_HYBRID || i > 0) /* hybrid's unified tree may lack our dir */
                        h = cgroup_find(cg, prefer[i]);
        if (!h)
                h = &cg->h[0];
        fd = cgroup_dir_open(cg, h, err);
        if (fd == -ENOENT)
                return 0;
        if (fd < 0)
                return fd;
        if (collect_pids(fd, pids, n, &cap, 0) < 0)
                return error_errno(err, ENOMEM, "cgroup pids");
        return 0;
}

/* rmdir depth-first; a cgroup whose last process is still exiting answers EBUSY for a moment. */
static int remove_tree(int parent, const char *name, int depth)
{
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int fd;

        fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        d = fdopendir(fd);
        if (!d) {
                close(fd);
                return -errno;
        }
        while (depth < 32 && (de = readdir(d))) {
                if (de->d_type == DT_DIR && de->d_name[0] != '.') {
                        int r = remove_tree(dirfd(d), de->d_name, depth + 1);
                        if (r < 0)
                                return r;
                }
        }
        for (int attempt = 0;; attempt++) {
                struct timespec ts = {0, 10 * 1000 * 1000};
                if (unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
                        return 0;
                if (errno != EBUSY || attempt >= 100)
                        return -errno;
                nanosleep(&ts, NULL);
        }
}

int cgroup_destroy(struct cgroup *cg, struct error *err)
{
        int first = 0;

        if (cg->v2_fd >= 0) {
                close(cg->v2_fd);
                cg->v2_fd = -1;
        }
        for (int i = 0; i < cg->n; i++) {
                _cleanup_close_ int root = open(cg->h[i].mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                int r;

                if (root < 0)
                        continue;
                r = remove_tree(root, cg->path + 1, 0);
                if (r < 0 && !first)
                        first = error_errno(err, r, "remove cgroup \"%s%s\"", cg->h[i].mount, cg->path);
        }
        return first;
}

const char *cgroup_path(const struct cgroup *cg)
{
        return cg->path;
}

void cgroup_free(struct cgroup *cg)
{
        if (!cg)
                return;
        if (cg->v2_fd >= 0)
                close(cg->v2_fd);
        free(cg->path);
        free(cg);
}
