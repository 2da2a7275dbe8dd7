/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The unit, its slice and its properties for --systemd-cgroup, as runc asks systemd for them. Nothing
 * here talks to systemd or reads a file; systemd_bus.c sends what is built here.
 */
#include "linux/cgroup/systemd_props.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/cgroup/cgroup_convert.h"
#include "util/cleanup.h"

#define DEFAULT_SLICE  "system.slice"
#define DEFAULT_PREFIX "brownie"
#define SLICE_SUFFIX   ".slice"

/* systemd's versions that brought a property runc sets. */
#define SD_QUOTA_PERIOD_VERSION 242
#define SD_ALLOWED_CPUS_VERSION 244
#define SD_CPU_IDLE_VERSION     252
#define SD_DEVICE_MAJOR_VERSION 240 /* "char-5": a major number where a /proc/devices name was needed */

#define KERNEL_CPU_PERIOD 100000 /* µs, the kernel's default quota period on v1 and v2 */
#define SD_QUOTA_STEP     10000  /* systemd keeps CPUQuota as a percentage: 10 ms per second */

static bool has_suffix(const char *s, const char *suffix)
{
        size_t n = strlen(s), m = strlen(suffix);

        return n >= m && !strcmp(s + n - m, suffix);
}

int sd_unit_parse(const char *cgroups_path, const char *id, struct sd_unit *out, struct error *err)
{
        const char *shown = cgroups_path ? cgroups_path : "";
        const char *slice = "", *prefix = "", *name = "";
        _cleanup_free_ char *copy = NULL;
        int n;

        memset(out, 0, sizeof(*out));
        if (cgroups_path && *cgroups_path) {
                char *c1, *c2;

                copy = strdup(cgroups_path);
                if (!copy)
                        return error_errno(err, ENOMEM, "cgroup path");
                c1 = strchr(copy, ':');
                c2 = c1 ? strchr(c1 + 1, ':') : NULL;
                if (!c2 || strchr(c2 + 1, ':'))
                        return error_set(err, EINVAL,
                                         "linux.cgroupsPath \"%s\": expected \"slice:prefix:name\" "
                                         "with --systemd-cgroup",
                                         cgroups_path);
                *c1 = *c2 = '\0';
                slice = copy;
                prefix = c1 + 1;
                name = c2 + 1;
        }
        /* runc's defaults for a slice or prefix left empty (brownie's name for runc's prefix); no
         * cgroupsPath at all names the unit after the container. */
        slice = *slice ? slice : DEFAULT_SLICE;
        prefix = *prefix ? prefix : DEFAULT_PREFIX;
        if (!copy)
                name = id ? id : "";
        if (!*name || strchr(name, '/') || strchr(prefix, '/') || strchr(name, '\n') || strchr(prefix, '\n'))
                return error_set(err, EINVAL, "linux.cgroupsPath \"%s\": invalid unit name \"%s\"", shown,
                                 name);
        if (!has_suffix(slice, SLICE_SUFFIX) || strchr(slice, '/') || strchr(slice, '\n'))
                return error_set(err, EINVAL, "linux.cgroupsPath \"%s\": invalid slice name \"%s\"", shown,
                                 slice);
        out->is_slice = has_suffix(name, SLICE_SUFFIX);
        n = out->is_slice ? snprintf(out->unit, sizeof(out->unit), "%s", name)
                          : snprintf(out->unit, sizeof(out->unit), "%s-%s.scope", prefix, name);
        if (n < 0 || (size_t)n >= sizeof(out->unit) || strlen(slice) >= sizeof(out->slice))
                return error_set(err, ENAMETOOLONG, "linux.cgroupsPath \"%s\": too long", shown);
        snprintf(out->slice, sizeof(out->slice), "%s", slice);
        snprintf(out->name, sizeof(out->name), "%s", name);
        return 0;
}

/* A new property at the end of the list, named; NULL (err set) when the list is full. */
static struct sd_prop *add(struct sd_props *l, const char *name, enum sd_prop_kind kind, struct error *err)
{
        struct sd_prop *p;

        if (l->n >= SD_PROPS_MAX) {
                error_set(err, E2BIG, "systemd unit: more than %d properties", SD_PROPS_MAX);
                return NULL;
        }
        p = &l->p[l->n++];
        memset(p, 0, sizeof(*p));
        snprintf(p->name, sizeof(p->name), "%s", name);
        p->kind = kind;
        return p;
}

static int add_u64(struct sd_props *l, const char *name, uint64_t v, struct error *err)
{
        struct sd_prop *p = add(l, name, SD_PROP_U64, err);

        if (!p)
                return -E2BIG;
        p->u = v;
        return 0;
}

static int add_bool(struct sd_props *l, const char *name, bool v, struct error *err)
{
        struct sd_prop *p = add(l, name, SD_PROP_BOOL, err);

        if (!p)
                return -E2BIG;
        p->u = v;
        return 0;
}

static int add_string(struct sd_props *l, const char *name, const char *v, struct error *err)
{
        struct sd_prop *p = add(l, name, SD_PROP_STRING, err);

        if (!p)
                return -E2BIG;
        snprintf(p->s, sizeof(p->s), "%s", v);
        return 0;
}

int sd_props_unit(const struct sd_unit *u, pid_t pid, bool v2, struct sd_props *out, struct error *err)
{
        char description[SD_NAME_MAX + 32];
        int r;

        snprintf(description, sizeof(description), "brownie container %s", u->name);
        if ((r = add_string(out, "Description", description, err)) < 0)
                return r;
        if (u->is_slice) {
                r = add_string(out, "Wants", u->slice, err);
        } else {
                r = add_string(out, "Slice", u->slice, err);
                if (r >= 0)
                        r = add_bool(out, "Delegate", true, err);
        }
        if (r < 0)
                return r;
        if (pid > 0) {
                struct sd_prop *p = add(out, "PIDs", SD_PROP_PIDS, err);
                if (!p)
                        return -E2BIG;
                p->u = (uint64_t)pid;
        }
        if ((r = add_bool(out, "MemoryAccounting", true, err)) < 0 ||
            (r = add_bool(out, "CPUAccounting", true, err)) < 0 ||
            (r = add_bool(out, v2 ? "IOAccounting" : "BlockIOAccounting", true, err)) < 0 ||
            (r = add_bool(out, "TasksAccounting", true, err)) < 0)
                return r;
        return add_bool(out, "DefaultDependencies", false, err);
}

int sd_cpu_bitmask(const char *list, uint8_t *bytes, size_t max)
{
        size_t n = 0;

        memset(bytes, 0, max);
        for (const char *p = list; *p;) {
                char *end;
                unsigned long lo, hi;

                while (*p == ' ' || *p == ',')
                        p++;
                if (!*p)
                        break;
                if (*p < '0' || *p > '9')
                        return -EINVAL;
                lo = hi = strtoul(p, &end, 10);
                if (*end == '-') {
                        if (end[1] < '0' || end[1] > '9')
                                return -EINVAL;
                        hi = strtoul(end + 1, &end, 10);
                }
                if (hi < lo || hi >= max * 8 || (*end && *end != ',' && *end != ' '))
                        return -EINVAL;
                for (unsigned long i = lo; i <= hi; i++)
                        bytes[i / 8] |= (uint8_t)(1u << (i % 8));
                if (hi / 8 + 1 > n)
                        n = hi / 8 + 1;
                p = end;
        }
        return n ? (int)n : -EINVAL;
}

uint64_t sd_quota_per_sec(int64_t quota, uint64_t period)
{
        uint64_t v;

        if (quota <= 0)
                return SD_INFINITY;
        v = (uint64_t)quota * 1000000 / (period ? period : KERNEL_CPU_PERIOD);
        if (v % SD_QUOTA_STEP)
                v = (v / SD_QUOTA_STEP + 1) * SD_QUOTA_STEP;
        return v;
}

int64_t sd_quota_rounded(int64_t quota, uint64_t period)
{
        if (!period)
                period = KERNEL_CPU_PERIOD;
        if (quota <= 0)
                return quota;
        return (int64_t)(sd_quota_per_sec(quota, period) * period / 1000000);
}

static int add_bitmask(struct sd_props *l, const char *name, const char *list, const char *field,
                       struct error *err)
{
        struct sd_prop *p = add(l, name, SD_PROP_BITMASK, err);
        int n;

        if (!p)
                return -E2BIG;
        n = sd_cpu_bitmask(list, p->bytes, sizeof(p->bytes));
        if (n < 0)
                return error_set(err, EINVAL, "%s \"%s\": not a list systemd's %s takes", field, list, name);
        p->n_bytes = (size_t)n;
        return 0;
}

static uint64_t limit_or_infinity(int64_t v)
{
        return v < 0 ? SD_INFINITY : (uint64_t)v;
}

static int memory_props(const struct spec_memory *m, bool v2, struct sd_props *l, struct error *err)
{
        int r = 0;

        if (!v2)
                return m->has_limit ? add_u64(l, "MemoryLimit", limit_or_infinity(m->limit), err) : 0;
        if (m->has_limit && (r = add_u64(l, "MemoryMax", limit_or_infinity(m->limit), err)) < 0)
                return r;
        if (m->has_reservation && (r = add_u64(l, "MemoryLow", limit_or_infinity(m->reservation), err)) < 0)
                return r;
        /* The spec's swap is memory+swap; MemorySwapMax is swap alone. Without a limit to count it
         * against (an update of swap alone), the files work it out from the cgroup's memory.max. */
        if (m->has_swap && m->swap < 0)
                r = add_u64(l, "MemorySwapMax", SD_INFINITY, err);
        else if (m->has_swap && m->has_limit && m->limit < 0)
                r = add_u64(l, "MemorySwapMax", (uint64_t)m->swap, err);
        else if (m->has_swap && m->has_limit && m->swap >= m->limit)
                r = add_u64(l, "MemorySwapMax", (uint64_t)(m->swap - m->limit), err);
        else if (!m->has_swap && m->has_limit && m->limit < 0) /* no limit: no swap limit either */
                r = add_u64(l, "MemorySwapMax", SD_INFINITY, err);
        return r;
}

static int cpu_props(const struct spec_cpu *c, bool v2, int sd_version, struct sd_props *l, struct error *err)
{
        bool idle = v2 && c->has_idle && c->idle == 1 && sd_version >= SD_CPU_IDLE_VERSION;
        uint64_t period = c->has_period ? c->period : 0;
        int r = 0;

        if (idle) /* CPUWeight=0 is systemd's cpu.idle 1 */
                r = add_u64(l, "CPUWeight", 0, err);
        else if (c->has_shares)
                r = v2 ? add_u64(l, "CPUWeight", cgroup_shares_to_weight(c->shares), err)
                       : add_u64(l, "CPUShares", c->shares, err);
        if (r < 0)
                return r;
        if (period && sd_version >= SD_QUOTA_PERIOD_VERSION &&
            (r = add_u64(l, "CPUQuotaPeriodUSec", period, err)) < 0)
                return r;
        if (((c->has_quota && c->quota) || period) &&
            (r = add_u64(l, "CPUQuotaPerSecUSec", sd_quota_per_sec(c->has_quota ? c->quota : 0, period),
                         err)) < 0)
                return r;
        if (sd_version < SD_ALLOWED_CPUS_VERSION)
                return 0;
        if (c->cpus && *c->cpus &&
            (r = add_bitmask(l, "AllowedCPUs", c->cpus, "linux.resources.cpu.cpus", err)) < 0)
                return r;
        if (c->mems && *c->mems &&
            (r = add_bitmask(l, "AllowedMemoryNodes", c->mems, "linux.resources.cpu.mems", err)) < 0)
                return r;
        return 0;
}

/* A unified file's number, or "max"; false when it is neither (the file write then says why). */
static bool unified_number(const char *v, uint64_t *out)
{
        char *end;

        while (*v == ' ')
                v++;
        if (!strncmp(v, "max", 3)) {
                *out = SD_INFINITY;
                return true;
        }
        if (*v < '0' || *v > '9')
                return false;
        errno = 0;
        *out = strtoull(v, &end, 10);
        while (*end == ' ' || *end == '\n')
                end++;
        return !errno && !*end;
}

/* The keys of linux.resources.unified systemd has a property for; the rest only go to the files. */
static int unified_props(const struct spec_resources *r, struct sd_props *l, struct error *err)
{
        static const struct {
                const char *key, *prop;
        } known[] = {
            {"memory.high", "MemoryHigh"}, {"memory.low", "MemoryLow"},          {"memory.min", "MemoryMin"},
            {"memory.max", "MemoryMax"},   {"memory.swap.max", "MemorySwapMax"}, {"pids.max", "TasksMax"},
            {"cpu.weight", "CPUWeight"},
        };

        for (size_t i = 0; i < r->n_unified; i++) {
                for (size_t k = 0; k < ARRAY_SIZE(known); k++) {
                        uint64_t v;
                        int rc;

                        if (strcmp(r->unified[i].key, known[k].key) ||
                            !unified_number(r->unified[i].value, &v))
                                continue;
                        if (!strcmp(known[k].prop, "TasksMax") && v == 0)
                                v = 1; /* systemd takes no TasksMax=0 */
                        if ((rc = add_u64(l, known[k].prop, v, err)) < 0)
                                return rc;
                }
        }
        return 0;
}

/* DeviceAllow's name for a rule: a node, a major's group ("char-5") or every node of a type. */
static void device_path(const struct device_rule *d, char type, int sd_version, char *buf, size_t size)
{
        const char *group = type == 'b' ? "block" : "char";

        if (d->major < 0 || (d->minor < 0 && sd_version < SD_DEVICE_MAJOR_VERSION))
                snprintf(buf, size, "%s-*", group);
        else if (d->minor < 0)
                snprintf(buf, size, "%s-%ld", group, d->major);
        else
                snprintf(buf, size, "/dev/%s/%ld:%ld", group, d->major, d->minor);
}

/*
 * The device rules as systemd's DevicePolicy and DeviceAllow, which know no deny: from a "deny all"
 * on, the allowed devices are listed (DevicePolicy=strict); before one, or after an "allow all", every
 * device is (DevicePolicy=auto). A deny after that is not listed, so systemd's filter is never narrower
 * than the rules; brownie's own (devices.deny on v1, its eBPF program on v2) carries them out exactly.
 */
static int device_props(const struct device_rule *rules, size_t n, int sd_version, struct sd_props *l,
                        struct error *err)
{
        _cleanup_free_ struct sd_device_allow *list = calloc(2 * n + 1, sizeof(*list));
        bool strict = false;
        size_t count = 0;
        struct sd_prop *p;

        if (!list)
                return error_errno(err, ENOMEM, "systemd unit");
        for (size_t i = 0; i < n; i++) {
                const struct device_rule *d = &rules[i];
                bool everything = d->type == 'a' && d->major < 0 && d->minor < 0;

                if (everything && (!d->allow || !strcmp(d->access, "rwm"))) {
                        strict = !d->allow;
                        count = 0;
                        continue;
                }
                if (!d->allow || !strict)
                        continue;
                for (const char *t = d->type == 'a' ? "cb" : (d->type == 'b' ? "b" : "c"); *t; t++) {
                        device_path(d, *t, sd_version, list[count].path, sizeof(list[count].path));
                        snprintf(list[count].access, sizeof(list[count].access), "%s", d->access);
                        count++;
                }
        }
        /* An empty DeviceAllow first: it clears what the unit had. */
        if (!(p = add(l, "DeviceAllow", SD_PROP_DEVICES, err)))
                return -E2BIG;
        if (add_string(l, "DevicePolicy", strict ? "strict" : "auto", err) < 0)
                return -E2BIG;
        if (!strict)
                return 0;
        if (!(p = add(l, "DeviceAllow", SD_PROP_DEVICES, err)))
                return -E2BIG;
        p->devices = TAKE_PTR(list);
        p->n_devices = count;
        return 0;
}

int sd_props_resources(const struct spec_resources *r, const struct device_rule *rules, size_t n_rules,
                       bool v2, int sd_version, struct sd_props *out, struct error *err)
{
        int rc;

        if (!r)
                return 0;
        if (n_rules && (rc = device_props(rules, n_rules, sd_version, out, err)) < 0)
                return rc;
        if (r->memory && (rc = memory_props(r->memory, v2, out, err)) < 0)
                return rc;
        if (r->cpu && (rc = cpu_props(r->cpu, v2, sd_version, out, err)) < 0)
                return rc;
        if (r->has_pids_limit &&
            (rc = add_u64(out, "TasksMax", r->pids_limit > 0 ? (uint64_t)r->pids_limit : SD_INFINITY, err)) <
                0)
                return rc;
        if (r->block_io && r->block_io->has_weight && r->block_io->weight &&
            (rc = v2 ? add_u64(out, "IOWeight", cgroup_blkio_to_io_weight(r->block_io->weight), err)
                     : add_u64(out, "BlockIOWeight", r->block_io->weight, err)) < 0)
                return rc;
        return v2 ? unified_props(r, out, err) : 0;
}

void sd_props_free(struct sd_props *p)
{
        for (size_t i = 0; i < p->n; i++) {
                free(p->p[i].devices);
                p->p[i].devices = NULL;
        }
        p->n = 0;
}
