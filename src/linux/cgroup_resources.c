/* SPDX-License-Identifier: Apache-2.0 */
/* linux.resources written to the container's cgroup: one small function per controller and backend. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cgroup_internal.h"
#include "plan/device_rules.h"
#include "util/log.h"

static int v1_devices(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct cgroup_hierarchy *h = cgroup_find(cg, "devices");
        struct device_rule rules[256];
        size_t n = plan_device_rules(r, rules, sizeof(rules) / sizeof(rules[0]));

        if (n == 0)
                return 0;
        if (!h)
                return error_set(err, ENOENT,
                                 "linux.resources.devices: the devices cgroup controller is not mounted");
        for (size_t i = 0; i < n; i++) {
                char line[64];
                int rc;
                device_rule_format(&rules[i], line, sizeof(line));
                rc = cgroup_write(cg, h, rules[i].allow ? "devices.allow" : "devices.deny", line, err);
                if (rc < 0)
                        return error_wrap(err, rc, "linux.resources.devices[%zu]", i);
        }
        return 0;
}

static int pids_limit(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct cgroup_hierarchy *h;
        char v[32];

        if (!r->has_pids_limit)
                return 0;
        h = cg->mode == CGROUP_MODE_V2 ? &cg->h[0] : cgroup_find(cg, "pids");
        if (!h)
                return error_set(err, ENOENT,
                                 "linux.resources.pids: the pids cgroup controller is not mounted");
        if (r->pids_limit > 0)
                snprintf(v, sizeof(v), "%lld", (long long)r->pids_limit);
        else
                snprintf(v, sizeof(v), "max");
        return cgroup_write(cg, h, "pids.max", v, err);
}

static int memory_limit(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct cgroup_hierarchy *h;
        bool v2 = cg->mode == CGROUP_MODE_V2;
        char v[32];

        if (!r->memory || !r->memory->has_limit)
                return 0;
        h = v2 ? &cg->h[0] : cgroup_find(cg, "memory");
        if (!h)
                return error_set(err, ENOENT,
                                 "linux.resources.memory: the memory cgroup controller is not mounted");
        if (r->memory->limit < 0)
                snprintf(v, sizeof(v), v2 ? "max" : "-1");
        else
                snprintf(v, sizeof(v), "%lld", (long long)r->memory->limit);
        return cgroup_write(cg, h, v2 ? "memory.max" : "memory.limit_in_bytes", v, err);
}

/* Fields that are parsed but not written yet are named, never silently dropped. */
static void warn_unapplied(const struct cgroup *cg, const struct spec_resources *r)
{
        const struct spec_memory *m = r->memory;

        if (cg->mode == CGROUP_MODE_V2 && r->n_devices)
                log_warn("linux.resources.devices: not applied yet on cgroup v2");
        if (m && (m->has_reservation || m->has_swap || m->has_kernel || m->has_kernel_tcp ||
                  m->has_swappiness || m->has_disable_oom_killer || m->has_use_hierarchy))
                log_warn("linux.resources.memory: only \"limit\" is applied yet");
        if (r->cpu)
                log_warn("linux.resources.cpu: not applied yet");
        if (r->block_io)
                log_warn("linux.resources.blockIO: not applied yet");
        if (r->n_hugepage_limits)
                log_warn("linux.resources.hugepageLimits: not applied yet");
        if (r->network)
                log_warn("linux.resources.network: not applied yet");
        if (r->n_rdma)
                log_warn("linux.resources.rdma: not applied yet");
        if (r->n_unified)
                log_warn("linux.resources.unified: not applied yet");
}

int cgroup_apply(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        int rc;

        if (!r)
                return 0;
        if (cg->mode != CGROUP_MODE_V2 && (rc = v1_devices(cg, r, err)) < 0)
                return rc;
        if ((rc = pids_limit(cg, r, err)) < 0 || (rc = memory_limit(cg, r, err)) < 0)
                return rc;
        warn_unapplied(cg, r);
        return 0;
}
