/* SPDX-License-Identifier: Apache-2.0 */
/* pause and resume: the container's cgroup frozen and thawed. */
#include <errno.h>

#include "container.h"
#include "linux/cgroup/cgroup.h"
#include "util/cleanup.h"

int container_set_frozen(struct container *c, bool frozen, struct error *err)
{
        struct cgroup *cg = NULL;
        int r;

        if (!c->cgroup_path)
                return error_set(err, ENOTSUP,
                                 "container \"%s\" has no cgroup to freeze (rootless, and no cgroup was "
                                 "delegated to this user)",
                                 c->id);
        r = container_cgroup(c, &cg, err);
        if (r < 0)
                return r;
        r = cgroup_freeze(cg, frozen, err);
        cgroup_free(cg);
        return r;
}

static int pause_or_resume(const struct global_opts *g, const char *id, bool pause, struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        int r = container_open(g, id, true, &c, err);

        if (r < 0)
                return r;
        /* As runc: a created container can be paused too. */
        if (pause && c->status != STATUS_RUNNING && c->status != STATUS_CREATED)
                return error_set(err, EINVAL, "container not running");
        if (!pause && c->status != STATUS_PAUSED)
                return error_set(err, EINVAL, "container not paused");
        return container_set_frozen(c, pause, err);
}

int engine_pause(const struct global_opts *g, const char *id, struct error *err)
{
        return pause_or_resume(g, id, true, err);
}

int engine_resume(const struct global_opts *g, const char *id, struct error *err)
{
        return pause_or_resume(g, id, false, err);
}
