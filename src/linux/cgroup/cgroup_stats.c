/* SPDX-License-Identifier: Apache-2.0 */
/* Usage counters of the container's cgroup, from the v1 controllers' files or v2's *.stat files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"

static char *slurp(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file)
{
        char *text = NULL;

        if (!h || h->absent || cgroup_read(cg, h, file, &text, NULL) < 0)
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

static void add_io(struct cgroup_blkio_entry **list, size_t *n, uint32_t major, uint32_t minor,
                   const char *op, uint64_t value)
{
        struct cgroup_blkio_entry *l = realloc(*list, (*n + 1) * sizeof(*l));

        if (!l)
                return;
        *list = l;
        l[*n] = (struct cgroup_blkio_entry){.major = major, .minor = minor, .value = value};
        snprintf(l[*n].op, sizeof(l[*n].op), "%s", op);
        (*n)++;
}

/* v1 "MAJ:MIN Op value" lines (the "Total" line without a device is left out, as runc does). True when
 * the file had entries: a scheduler's files exist but stay empty where it does not drive the disk. */
static bool v1_io_file(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file,
                       struct cgroup_blkio_entry **list, size_t *n)
{
        _cleanup_free_ char *t = slurp(cg, h, file);
        size_t before = *n;

        if (!t)
                return false;
        for (char *save = NULL, *l = strtok_r(t, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
                unsigned major, minor;
                unsigned long long value;
                char op[16];

                if (sscanf(l, "%u:%u %15s %llu", &major, &minor, op, &value) == 4)
                        add_io(list, n, major, minor, op, value);
        }
        return *n > before;
}

static void v1_blkio(const struct cgroup *cg, struct cgroup_stats *st)
{
        const struct cgroup_hierarchy *h = cgroup_find(cg, "blkio");

        /* The scheduler's counters where there are (bfq, cfq), else the throttling layer's, as runc. */
        if (!v1_io_file(cg, h, "blkio.bfq.io_service_bytes_recursive", &st->io_bytes, &st->n_io_bytes) &&
            !v1_io_file(cg, h, "blkio.io_service_bytes_recursive", &st->io_bytes, &st->n_io_bytes))
                v1_io_file(cg, h, "blkio.throttle.io_service_bytes_recursive", &st->io_bytes,
                           &st->n_io_bytes);
        if (!v1_io_file(cg, h, "blkio.bfq.io_serviced_recursive", &st->io_ios, &st->n_io_ios) &&
            !v1_io_file(cg, h, "blkio.io_serviced_recursive", &st->io_ios, &st->n_io_ios))
                v1_io_file(cg, h, "blkio.throttle.io_serviced_recursive", &st->io_ios, &st->n_io_ios);
}

/* v2 io.stat: "MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. dbytes=.. dios=..". */
static void v2_io(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct cgroup_stats *st)
{
        static const struct {
                const char *key, *op;
                bool bytes;
        } keys[] = {{"rbytes", "Read", true}, {"wbytes", "Write", true}, {"dbytes", "Discard", true},
                    {"rios", "Read", false},  {"wios", "Write", false},  {"dios", "Discard", false}};
        _cleanup_free_ char *t = slurp(cg, h, "io.stat");

        for (char *save = NULL, *l = t ? strtok_r(t, "\n", &save) : NULL; l;
             l = strtok_r(NULL, "\n", &save)) {
                unsigned major, minor;
                int used;

                if (sscanf(l, "%u:%u%n", &major, &minor, &used) != 2)
                        continue;
                for (char *f = l + used, *fsave = NULL, *kv = strtok_r(f, " ", &fsave); kv;
                     kv = strtok_r(NULL, " ", &fsave)) {
                        char *eq = strchr(kv, '=');

                        if (!eq)
                                continue;
                        *eq = '\0';
                        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
                                if (!strcmp(kv, keys[k].key)) {
                                        uint64_t v = strtoull(eq + 1, NULL, 10);
                                        if (keys[k].bytes)
                                                add_io(&st->io_bytes, &st->n_io_bytes, major, minor,
                                                       keys[k].op, v);
                                        else
                                                add_io(&st->io_ios, &st->n_io_ios, major, minor, keys[k].op,
                                                       v);
                                }
                }
        }
}

/* hugetlb: the page sizes are the ones the cgroup has files for. */
static void hugetlb(const struct cgroup *cg, const struct cgroup_hierarchy *h, bool v2,
                    struct cgroup_stats *st)
{
        const char *suffix = v2 ? ".current" : ".usage_in_bytes";
        _cleanup_close_ int fd = h ? cgroup_dir_open(cg, h, NULL) : -1;
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;

        if (fd < 0 || !(d = fdopendir(fd)))
                return;
        fd = -1; /* the DIR owns it now */
        while ((de = readdir(d))) {
                size_t len = strlen(de->d_name), slen = strlen(suffix);
                struct cgroup_hugetlb_stat *l, *e;
                char file[96], size[16];

                if (strncmp(de->d_name, "hugetlb.", 8) || len <= 8 + slen ||
                    strcmp(de->d_name + len - slen, suffix) || len - 8 - slen >= sizeof(size) ||
                    memchr(de->d_name + 8, '.', len - 8 - slen)) /* not the .rsvd ones */
                        continue;
                memcpy(size, de->d_name + 8, len - 8 - slen);
                size[len - 8 - slen] = '\0';
                l = realloc(st->hugetlb, (st->n_hugetlb + 1) * sizeof(*l));
                if (!l)
                        return;
                st->hugetlb = l;
                e = &l[st->n_hugetlb++];
                memset(e, 0, sizeof(*e));
                snprintf(e->size, sizeof(e->size), "%s", size);
                snprintf(file, sizeof(file), "hugetlb.%s%s", size, suffix);
                number(cg, h, file, &e->usage);
                if (v2) {
                        snprintf(file, sizeof(file), "hugetlb.%s.events", size);
                        keyed(cg, h, file, "max", &e->failcnt);
                } else {
                        snprintf(file, sizeof(file), "hugetlb.%s.max_usage_in_bytes", size);
                        number(cg, h, file, &e->max);
                        snprintf(file, sizeof(file), "hugetlb.%s.failcnt", size);
                        number(cg, h, file, &e->failcnt);
                }
        }
}

int cgroup_stats_read(struct cgroup *cg, struct cgroup_stats *st, struct error *err)
{
        const struct cgroup_hierarchy *pids;

        memset(st, 0, sizeof(*st));
        if (cg->mode == CGROUP_MODE_V2) {
                v2_cpu(cg, &cg->h[0], st);
                v2_memory(cg, &cg->h[0], st);
                v2_io(cg, &cg->h[0], st);
                pids = &cg->h[0];
        } else {
                v1_cpu(cg, st);
                v1_memory(cg, st);
                v1_blkio(cg, st);
                pids = cgroup_find(cg, "pids");
        }
        {
                bool v2;
                const struct cgroup_hierarchy *h = cgroup_controller(cg, "hugetlb", &v2);

                hugetlb(cg, h, v2, st);
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
        free(st->io_bytes);
        free(st->io_ios);
        free(st->hugetlb);
        st->cpu_percpu = NULL;
        st->io_bytes = st->io_ios = NULL;
        st->hugetlb = NULL;
}
