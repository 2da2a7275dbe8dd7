/* SPDX-License-Identifier: Apache-2.0 */
/* Usage counters of the container's cgroup, from the v1 controllers' files or v2's *.stat files. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_internal.h"
#include "util/cleanup.h"

static char *slurp(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file)
{
        char *text = NULL;

        if (!h || cgroup_read(cg, h, file, &text, NULL) < 0)
                return NULL;
        return text;
}

/* A number file ("max" reads as UINT64_MAX). */
static bool number(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file, uint64_t *out)
{
        _cleanup_free_ char *t = slurp(cg, h, file);

        if (!t)
                return false;
        *out = strncmp(t, "max", 3) ? strtoull(t, NULL, 10) : UINT64_MAX;
        return true;
}

/* "key value" lines (cpu.stat, memory.stat, memory.events, memory.oom_control). */
static bool keyed(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file,
                  const char *key, uint64_t *out)
{
        _cleanup_free_ char *t = slurp(cg, h, file);
        size_t klen = strlen(key);

        for (char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
                if (!strncmp(l, key, klen) && l[klen] == ' ') {
                        *out = strtoull(l + klen + 1, NULL, 10);
                        return true;
                }
        }
        return false;
}

static void v1_cpu(const struct cgroup *cg, struct cgroup_stats *st)
{
        const struct cgroup_hierarchy *acct = cgroup_find(cg, "cpuacct"), *cpu = cgroup_find(cg, "cpu");
        _cleanup_free_ char *percpu = slurp(cg, acct, "cpuacct.usage_percpu");
        uint64_t ticks;
        long hz = 100;

        st->has_cpu = number(cg, acct, "cpuacct.usage", &st->cpu_total);
        /* cpuacct.stat is in USER_HZ ticks */
        if (keyed(cg, acct, "cpuacct.stat", "user", &ticks))
                st->cpu_user = ticks * (1000000000ULL / hz);
        if (keyed(cg, acct, "cpuacct.stat", "system", &ticks))
                st->cpu_kernel = ticks * (1000000000ULL / hz);
        for (char *p = percpu, *end; p && *p; p = end) {
                uint64_t v = strtoull(p, &end, 10);
                uint64_t *n;
                if (end == p)
                        break;
                n = realloc(st->cpu_percpu, (st->n_percpu + 1) * sizeof(*n));
                if (!n)
                        break;
                st->cpu_percpu = n;
                st->cpu_percpu[st->n_percpu++] = v;
        }
        keyed(cg, cpu, "cpu.stat", "nr_periods", &st->throttle_periods);
        keyed(cg, cpu, "cpu.stat", "nr_throttled", &st->throttled_periods);
        keyed(cg, cpu, "cpu.stat", "throttled_time", &st->throttled_time);
}

static void v2_cpu(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct cgroup_stats *st)
{
        uint64_t us;

        if ((st->has_cpu = keyed(cg, h, "cpu.stat", "usage_usec", &us)))
                st->cpu_total = us * 1000;
        if (keyed(cg, h, "cpu.stat", "user_usec", &us))
                st->cpu_user = us * 1000;
        if (keyed(cg, h, "cpu.stat", "system_usec", &us))
                st->cpu_kernel = us * 1000;
        keyed(cg, h, "cpu.stat", "nr_periods", &st->throttle_periods);
        keyed(cg, h, "cpu.stat", "nr_throttled", &st->throttled_periods);
        if (keyed(cg, h, "cpu.stat", "throttled_usec", &us))
                st->throttled_time = us * 1000;
}

static void v1_memory(const struct cgroup *cg, struct cgroup_stats *st)
{
        const struct cgroup_hierarchy *h = cgroup_find(cg, "memory");

        st->has_memory = number(cg, h, "memory.usage_in_bytes", &st->mem_usage);
        number(cg, h, "memory.max_usage_in_bytes", &st->mem_max_usage);
        number(cg, h, "memory.limit_in_bytes", &st->mem_limit);
        number(cg, h, "memory.failcnt", &st->mem_failcnt);
        number(cg, h, "memory.memsw.usage_in_bytes", &st->swap_usage);
        number(cg, h, "memory.memsw.limit_in_bytes", &st->swap_limit);
        keyed(cg, h, "memory.oom_control", "oom_kill", &st->oom_kills);
}

static void v2_memory(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct cgroup_stats *st)
{
        st->has_memory = number(cg, h, "memory.current", &st->mem_usage);
        number(cg, h, "memory.peak", &st->mem_max_usage);
        number(cg, h, "memory.max", &st->mem_limit);
        keyed(cg, h, "memory.events", "max", &st->mem_failcnt);
        number(cg, h, "memory.swap.current", &st->swap_usage);
        number(cg, h, "memory.swap.max", &st->swap_limit);
        keyed(cg, h, "memory.events", "oom_kill", &st->oom_kills);
}

int cgroup_stats_read(struct cgroup *cg, struct cgroup_stats *st, struct error *err)
{
        const struct cgroup_hierarchy *pids;

        memset(st, 0, sizeof(*st));
        if (cg->mode == CGROUP_MODE_V2) {
                v2_cpu(cg, &cg->h[0], st);
                v2_memory(cg, &cg->h[0], st);
                pids = &cg->h[0];
        } else {
                v1_cpu(cg, st);
                v1_memory(cg, st);
                pids = cgroup_find(cg, "pids");
        }
        st->has_pids = number(cg, pids, "pids.current", &st->pids_current);
        number(cg, pids, "pids.max", &st->pids_limit);
        if (st->pids_limit == UINT64_MAX)
                st->pids_limit = 0; /* runc reports 0 for "max" */
        if (!st->has_cpu && !st->has_memory && !st->has_pids)
                return error_set(err, ENOENT, "cgroup \"%s\": no statistics (is the container gone?)",
                                 cg->path);
        return 0;
}

void cgroup_stats_free(struct cgroup_stats *st)
{
        free(st->cpu_percpu);
        st->cpu_percpu = NULL;
}
