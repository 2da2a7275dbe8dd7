/* SPDX-License-Identifier: Apache-2.0 */
/* Pausing a container: the v1 freezer or v2's cgroup.freeze, waiting until the state is really reached. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"

static const struct cgroup_hierarchy *freezer(const struct cgroup *cg, bool *v2)
{
        const struct cgroup_hierarchy *h = cgroup_find(cg, "freezer");

        *v2 = !h && cg->mode != CGROUP_MODE_V1;
        if (!h && *v2)
                h = cgroup_find(cg, "");
        return h;
}

static bool state_reached(const struct cgroup *cg, const struct cgroup_hierarchy *h, bool v2, bool frozen)
{
        _cleanup_free_ char *text = NULL;

        if (cgroup_read(cg, h, v2 ? "cgroup.events" : "freezer.state", &text, NULL) < 0)
                return false;
        if (v2) {
                const char *f = strstr(text, "frozen ");
                return f && (f[7] == '1') == frozen;
        }
        return !strncmp(text, frozen ? "FROZEN" : "THAWED", 6);
}

bool cgroup_is_frozen(struct cgroup *cg)
{
        bool v2;
        const struct cgroup_hierarchy *h = freezer(cg, &v2);

        return h && !h->absent && state_reached(cg, h, v2, true);
}

int cgroup_freeze(struct cgroup *cg, bool frozen, struct error *err)
{
        bool v2;
        const struct cgroup_hierarchy *h = freezer(cg, &v2);
        int r;

        if (!h)
                return error_set(err, ENOTSUP, "no freezer: neither the v1 freezer nor cgroup v2 is mounted");
        if (h->absent)
                return error_set(
                    err, EPERM,
                    "cannot freeze a rootless container without a cgroup: no cgroup was delegated "
                    "to this user in \"%s\"",
                    h->mount);
        /* A v1 freezer may stay FREEZING while a task is busy: ask again until it settles (about 10 s at
         * most). */
        for (int attempt = 0; attempt < 1000; attempt++) {
                struct timespec ts = {0, 10 * 1000 * 1000};
                if (attempt % 10 == 0) {
                        r = cgroup_write(cg, h, v2 ? "cgroup.freeze" : "freezer.state",
                                         v2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED"), err);
                        if (r < 0)
                                return r;
                }
                if (state_reached(cg, h, v2, frozen))
                        return 0;
                nanosleep(&ts, NULL);
        }
        return error_set(err, ETIMEDOUT, "cgroup \"%s%s\" did not reach %s", h->mount, h->path,
                         frozen ? "frozen" : "thawed");
}

int cgroup_v1_bind(const struct cgroup *cg, int i, char *base, size_t bsize, char *src, size_t ssize)
{
        const struct cgroup_hierarchy *h;
        const char *slash;

        if (i < 0 || i >= cg->n)
                return -ENOENT;
        h = &cg->h[i];
        if (h->v2 || h->absent || !h->path)
                return 0;
        slash = strrchr(h->mount, '/');
        if ((size_t)snprintf(base, bsize, "%s", slash ? slash + 1 : h->mount) >= bsize ||
            (size_t)snprintf(src, ssize, "%s%s", h->mount, h->path) >= ssize)
                return -ENAMETOOLONG;
        return 1;
}

int cgroup_freezer_dir(const struct cgroup *cg, char *buf, size_t size)
{
        bool v2;
        const struct cgroup_hierarchy *h = freezer(cg, &v2);

        if (!h || !h->path || h->absent)
                return -ENOENT;
        if ((size_t)snprintf(buf, size, "%s%s", h->mount, h->path) >= size)
                return -ENAMETOOLONG;
        return 0;
}
