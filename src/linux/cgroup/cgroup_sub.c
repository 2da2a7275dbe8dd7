/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/cgroup/cgroup_sub.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"

static const struct cgroup_sub *find(const struct cgroup_subs *subs, const char *controller, size_t len)
{
        for (size_t i = 0; i < subs->n; i++)
                if (strlen(subs->s[i].controller) == len && !strncmp(subs->s[i].controller, controller, len))
                        return &subs->s[i];
        return NULL;
}

int cgroup_subs_for(const struct cgroup_subs *subs, const char *hierarchy, const char **path,
                    struct error *err)
{
        const struct cgroup_sub *all = find(subs, "", 0), *chosen = NULL;

        *path = NULL;
        for (const char *c = hierarchy; *c;) {
                size_t len = strcspn(c, ",");
                const struct cgroup_sub *s = find(subs, c, len);

                if (s && chosen && strcmp(s->path, chosen->path) != 0)
                        return error_set(err, EINVAL,
                                         "--cgroup: controllers %s and %s share a hierarchy but were given "
                                         "different paths",
                                         chosen->controller, s->controller);
                if (s)
                        chosen = s;
                c += len;
                if (*c == ',')
                        c++;
        }
        if (!chosen)
                chosen = all;
        *path = chosen ? chosen->path : NULL;
        return 0;
}

/* The sub-cgroup's directory in hierarchy h in *fd; -1 when none applies. */
static int open_sub(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct cgroup_subs *subs,
                    int *fd, const char **path, struct error *err)
{
        _cleanup_close_ int dir = -1;
        int r;

        *fd = -1;
        r = cgroup_subs_for(subs, h->name, path, err);
        if (r < 0 || !*path || !**path) /* none, or the container's cgroup itself */
                return r;
        dir = cgroup_dir_open(cg, h, err);
        if (dir < 0)
                return dir;
        *fd = cgfs_open_beneath(dir, *path, O_RDONLY | O_DIRECTORY);
        /* runc's words, as its write to the missing directory's cgroup.procs fails */
        if (*fd < 0)
                return error_errno(err, errno, "--cgroup: adding pid to sub-cgroup %s%s/%s/cgroup.procs",
                                   h->mount, h->path, *path);
        return 0;
}

/* Whether controller (len bytes) is one of a hierarchy's comma-separated names. */
static bool in_hierarchy(const struct cgroup_hierarchy *h, const char *controller, size_t len)
{
        for (const char *c = h->name; *c;) {
                size_t n = strcspn(c, ",");

                if (n == len && !strncmp(c, controller, len))
                        return true;
                c += n;
                c += *c == ',';
        }
        return false;
}

int cgroup_subs_check(const struct cgroup *cg, const struct cgroup_subs *subs, struct error *err)
{
        if (cg->mode == CGROUP_MODE_V2)
                return 0; /* one hierarchy: cgroup_sub_v2_open refuses controllers */
        for (size_t i = 0; i < subs->n; i++) {
                const char *ctl = subs->s[i].controller;
                bool found = !*ctl;

                for (int j = 0; j < cg->n && !found; j++)
                        found = in_hierarchy(&cg->h[j], ctl, strlen(ctl));
                if (!found)
                        return error_set(err, EINVAL, "--cgroup %s:%s: unknown controller %s", ctl,
                                         subs->s[i].path, ctl);
        }
        return 0;
}

int cgroup_sub_v2_open(struct cgroup *cg, const struct cgroup_subs *subs, int *fd, struct error *err)
{
        const char *path;

        *fd = -1;
        if (subs->n == 0 || cg->mode != CGROUP_MODE_V2)
                return 0;
        if (!find(subs, "", 0))
                return error_set(err, EINVAL, "--cgroup %s:%s: on cgroup v2 the path takes no controller",
                                 subs->s[0].controller, subs->s[0].path);
        return open_sub(cg, &cg->h[0], subs, fd, &path, err);
}

int cgroup_enter_sub(struct cgroup *cg, pid_t pid, const struct cgroup_subs *subs, struct error *err)
{
        char buf[32];

        snprintf(buf, sizeof(buf), "%d", (int)pid);
        for (int i = 0; i < cg->n; i++) {
                const struct cgroup_hierarchy *h = &cg->h[i];
                _cleanup_close_ int fd = -1;
                const char *path = NULL;
                char display[PATH_MAX_CG + 512];
                int r;

                if (h->absent) /* rootless: the container is not in this hierarchy */
                        continue;
                r = subs->n ? open_sub(cg, h, subs, &fd, &path, err) : 0;
                if (r < 0)
                        return r;
                if (fd < 0) {
                        r = cgroup_write(cg, h, "cgroup.procs", buf, err);
                } else {
                        snprintf(display, sizeof(display), "%s%s/%s", h->mount, h->path, path);
                        r = cgfs_write(fd, display, "cgroup.procs", buf, err);
                }
                if (r < 0)
                        return r;
        }
        return 0;
}
