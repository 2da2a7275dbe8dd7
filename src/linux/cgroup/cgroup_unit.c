/* SPDX-License-Identifier: Apache-2.0 */
/*
 * --systemd-cgroup: the container's cgroup is a transient systemd unit. The properties come from
 * systemd_props.c, systemd_bus.c carries them to systemd; the files systemd has no property for are
 * still written by the backends, as runc writes them.
 */
#include <errno.h>
#include <stdlib.h>

#include "linux/cgroup/cgroup_internal.h"
#include "linux/cgroup/systemd_bus.h"
#include "util/cleanup.h"

#define MAX_DEVICE_RULES 256

static void cleanup_props(struct sd_props **p)
{
        if (*p)
                sd_props_free(*p);
        free(*p);
}

int cgroup_unit_bus(struct cgroup *cg, struct error *err)
{
        return cg->bus ? 0 : systemd_bus_open(&cg->bus, err);
}

/* v1 names where the host's controllers are v1 (hybrid too, as runc's v1 driver takes it). */
static bool unit_v2(const struct cgroup *cg)
{
        return cg->mode == CGROUP_MODE_V2;
}

static int resource_props(struct cgroup *cg, const struct spec_resources *r, struct sd_props *p,
                          struct error *err)
{
        struct device_rule rules[MAX_DEVICE_RULES];
        size_t n = r ? plan_device_rules(r, rules, ARRAY_SIZE(rules)) : 0;

        return sd_props_resources(r, rules, n, unit_v2(cg), systemd_bus_version(cg->bus), p, err);
}

int cgroup_unit_start(struct cgroup *cg, pid_t pid, const struct spec_resources *r, struct error *err)
{
        __attribute__((cleanup(cleanup_props))) struct sd_props *p = calloc(1, sizeof(*p));
        bool queued;
        int rc;

        if (!p)
                return error_errno(err, ENOMEM, "%s", cg->unit.unit);
        rc = cgroup_unit_bus(cg, err);
        if (rc >= 0)
                rc = sd_props_unit(&cg->unit, pid, unit_v2(cg), p, err);
        if (rc >= 0)
                rc = resource_props(cg, r, p, err);
        if (rc < 0)
                return rc;
        rc = systemd_bus_start(cg->bus, cg->unit.unit, p, &queued, err);
        /* A unit systemd took is ours to stop, even when its job failed; one it refused (another
         * container's of that name) is not. */
        if (queued)
                cg->unit_state = CGROUP_UNIT_STARTED;
        return rc;
}

int cgroup_unit_set(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        __attribute__((cleanup(cleanup_props))) struct sd_props *p = calloc(1, sizeof(*p));
        int rc;

        if (!p)
                return error_errno(err, ENOMEM, "%s", cg->unit.unit);
        rc = cgroup_unit_bus(cg, err);
        if (rc >= 0)
                rc = resource_props(cg, r, p, err);
        if (rc >= 0)
                rc = systemd_bus_set(cg->bus, cg->unit.unit, p, err);
        return rc;
}

int cgroup_unit_stop(struct cgroup *cg, struct error *err)
{
        int rc;

        if (cg->unit_state != CGROUP_UNIT_STARTED)
                return 0;
        rc = cgroup_unit_bus(cg, err);
        if (rc >= 0)
                rc = systemd_bus_stop(cg->bus, cg->unit.unit, err);
        return rc;
}
