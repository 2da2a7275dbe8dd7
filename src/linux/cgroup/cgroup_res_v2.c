/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.resources on cgroup v2: one function per controller, with runc's conversions of the
 * spec's v1-shaped values (cpu.shares to cpu.weight, blkio weights to io.weight, memory+swap to
 * memory.swap.max). A field v2 has no file for is an error, or a warning where runc ignores it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/cgroup/cgroup_bpf.h"
#include "linux/cgroup/cgroup_convert.h"
#include "linux/cgroup/cgroup_resources.h"
#include "plan/device_rules.h"
#include "util/cleanup.h"
#include "util/log.h"

int cgroup_v2_devices(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err)
{
        struct device_rule rules[256];
        size_t n = plan_device_rules(r, rules, ARRAY_SIZE(rules));
        _cleanup_close_ int owned = -1;
        int dir, rc;

        if (n == 0)
                return 0;
        dir = cgroup_dir_use(cg, h, &owned, err);
        if (dir < 0)
                return error_wrap(err, dir, "linux.resources.devices");
        rc = cgroup_bpf_devices_attach(dir, rules, n, err);
        if (rc < 0)
                return error_wrap(err, rc, "linux.resources.devices");
        return 0;
}

/* checkBeforeUpdate: a limit below what the cgroup uses now would set off the OOM killer at once. */
static int check_usage(struct cgroup *cg, const struct cgroup_hierarchy *h, int64_t limit, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        uint64_t usage;
        int r;

        r = cgroup_read(cg, h, "memory.current", &text, err);
        if (r < 0)
                return error_wrap(err, r, "linux.resources.memory.checkBeforeUpdate");
        usage = strtoull(text, NULL, 10);
        if (limit >= 0 && (uint64_t)limit < usage)
                return error_set(err, EBUSY,
                                 "linux.resources.memory.limit: %" PRId64
                                 " is below the current usage %" PRIu64 " (checkBeforeUpdate)",
                                 limit, usage);
        return 0;
}

/* memory.max as a number, -1 for "max". */
static int current_limit(struct cgroup *cg, const struct cgroup_hierarchy *h, int64_t *out, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        int r;

        r = cgroup_read(cg, h, "memory.max", &text, err);
        if (r < 0)
                return error_wrap(err, r, "linux.resources.memory.swap");
        *out = strncmp(text, "max", 3) ? (int64_t)strtoll(text, NULL, 10) : -1;
        return 0;
}

int cgroup_v2_memory(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                     struct error *err)
{
        const struct spec_memory *m = r->memory;
        int64_t limit;
        int rc;

        if (m->has_swappiness)
                return error_set(err, ENOTSUP,
                                 "linux.resources.memory.swappiness: cgroup v2 has no swappiness");
        if (m->has_disable_oom_killer && m->disable_oom_killer)
                return error_set(err, ENOTSUP,
                                 "linux.resources.memory.disableOOMKiller: cgroup v2 cannot disable it");
        if (m->has_kernel_tcp)
                log_warn(
                    "linux.resources.memory.kernelTCP: not available on cgroup v2, ignored as runc does");
        if (m->has_use_hierarchy && !m->use_hierarchy)
                log_warn("linux.resources.memory.useHierarchy: cgroup v2 is always hierarchical");
        limit = m->has_limit ? m->limit : -1;
        /* An update may change swap alone: it is counted against the limit the cgroup has now. */
        if (m->has_swap && m->swap >= 0 && !m->has_limit && (rc = current_limit(cg, h, &limit, err)) < 0)
                return rc;
        if (m->has_swap && m->swap >= 0 && limit < 0)
                return error_set(err, EINVAL,
                                 "linux.resources.memory.swap: %" PRId64 " needs a memory limit as well",
                                 m->swap);
        if (m->has_swap && m->swap >= 0 && m->swap < limit)
                return error_set(err, EINVAL,
                                 "linux.resources.memory.swap: %" PRId64
                                 " must be at least the memory limit %" PRId64,
                                 m->swap, limit);
        if (m->has_limit && m->has_check_before_update && m->check_before_update &&
            (rc = check_usage(cg, h, m->limit, err)) < 0)
                return rc;
        if (m->has_limit &&
            (rc = m->limit < 0 ? cgroup_put(cg, h, "memory.max", "linux.resources.memory.limit", err, "max")
                               : cgroup_put(cg, h, "memory.max", "linux.resources.memory.limit", err,
                                            "%" PRId64, m->limit)) < 0)
                return rc;
        if (m->has_reservation &&
            (rc = cgroup_put(cg, h, "memory.low", "linux.resources.memory.reservation", err, "%" PRId64,
                             m->reservation < 0 ? 0 : m->reservation)) < 0)
                return rc;
        /* The spec's swap is memory+swap (v1's memsw); v2 limits swap alone. */
        if (m->has_swap &&
            (rc = m->swap < 0
                      ? cgroup_put(cg, h, "memory.swap.max", "linux.resources.memory.swap", err, "max")
                      : cgroup_put(cg, h, "memory.swap.max", "linux.resources.memory.swap", err, "%" PRId64,
                                   m->swap - limit)) < 0)
                return rc;
        return 0;
}

int cgroup_v2_cpu(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                  struct error *err)
{
        const struct spec_cpu *c = r->cpu;
        int rc;

        if (c->has_realtime_runtime || c->has_realtime_period)
                return error_set(err, ENOTSUP,
                                 "linux.resources.cpu.realtime*: cgroup v2 has no real-time limits");
        if (c->has_shares && (rc = cgroup_put(cg, h, "cpu.weight", "linux.resources.cpu.shares", err,
                                              "%" PRIu64, cgroup_shares_to_weight(c->shares))) < 0)
                return rc;
        if (c->has_quota || c->has_period) {
                uint64_t period = c->has_period && c->period ? c->period : 100000;

                if (c->has_quota && c->quota > 0)
                        rc = cgroup_put(cg, h, "cpu.max", "linux.resources.cpu.quota", err,
                                        "%" PRId64 " %" PRIu64, c->quota, period);
                else
                        rc = cgroup_put(cg, h, "cpu.max", "linux.resources.cpu.quota", err, "max %" PRIu64,
                                        period);
                if (rc < 0)
                        return rc;
        }
        if (c->has_burst && (rc = cgroup_put(cg, h, "cpu.max.burst", "linux.resources.cpu.burst", err,
                                             "%" PRIu64, c->burst)) < 0)
                return rc;
        if (c->has_idle &&
            (rc = cgroup_put(cg, h, "cpu.idle", "linux.resources.cpu.idle", err, "%" PRId64, c->idle)) < 0)
                return rc;
        return 0;
}

static int io_max(struct cgroup *cg, const struct cgroup_hierarchy *h, const char *key,
                  const struct spec_throttle_device *t, size_t n, const char *field, struct error *err)
{
        for (size_t i = 0; i < n; i++) {
                int rc = cgroup_put(cg, h, "io.max", field, err, "%" PRId64 ":%" PRId64 " %s=%" PRIu64,
                                    t[i].major, t[i].minor, key, t[i].rate);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

static bool has_file(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file)
{
        _cleanup_free_ char *text = NULL;
        struct error ignored = ERROR_INIT;

        return cgroup_read(cg, h, file, &text, &ignored) == 0;
}

/* Weights as runc gives them: to BFQ's io.bfq.weight unchanged where BFQ is loaded, else converted to
 * io.weight. A device weight in io.weight needs io.cost on that device: where the kernel refuses it
 * (EOPNOTSUPP), it is ignored with a warning, as runc ignores device weights without BFQ. */
static int io_weights(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_block_io *b,
                      struct error *err)
{
        bool bfq = has_file(cg, h, "io.bfq.weight");
        const char *file = bfq ? "io.bfq.weight" : "io.weight";
        int rc;

        if (b->has_weight &&
            (rc = cgroup_put(cg, h, file, "linux.resources.blockIO.weight", err, "default %u",
                             bfq ? b->weight : cgroup_blkio_to_io_weight(b->weight))) < 0)
                return rc;
        for (size_t i = 0; i < b->n_weight_device; i++) {
                const struct spec_weight_device *w = &b->weight_device[i];
                struct error e = ERROR_INIT;

                if (!w->has_weight)
                        continue;
                rc = cgroup_put(cg, h, file, "linux.resources.blockIO.weightDevice", &e,
                                "%" PRId64 ":%" PRId64 " %u", w->major, w->minor,
                                bfq ? w->weight : cgroup_blkio_to_io_weight(w->weight));
                if (rc == -EOPNOTSUPP && !bfq) {
                        log_warn("linux.resources.blockIO.weightDevice: %" PRId64 ":%" PRId64
                                 " has no weight control on cgroup v2 (neither BFQ nor io.cost), ignored",
                                 w->major, w->minor);
                        continue;
                }
                if (rc < 0) {
                        *err = e;
                        return rc;
                }
        }
        return 0;
}

int cgroup_v2_io(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                 struct error *err)
{
        const struct spec_block_io *b = r->block_io;
        bool leaf = b->has_leaf_weight;
        int rc;

        for (size_t i = 0; i < b->n_weight_device; i++)
                leaf |= b->weight_device[i].has_leaf_weight;
        if ((rc = io_weights(cg, h, b, err)) < 0)
                return rc;
        if (leaf)
                log_warn("linux.resources.blockIO.leafWeight: cgroup v2 has no leaf weights, ignored as runc "
                         "does");
        if ((rc = io_max(cg, h, "rbps", b->throttle_read_bps, b->n_throttle_read_bps,
                         "linux.resources.blockIO.throttleReadBpsDevice", err)) < 0 ||
            (rc = io_max(cg, h, "wbps", b->throttle_write_bps, b->n_throttle_write_bps,
                         "linux.resources.blockIO.throttleWriteBpsDevice", err)) < 0 ||
            (rc = io_max(cg, h, "riops", b->throttle_read_iops, b->n_throttle_read_iops,
                         "linux.resources.blockIO.throttleReadIOPSDevice", err)) < 0 ||
            (rc = io_max(cg, h, "wiops", b->throttle_write_iops, b->n_throttle_write_iops,
                         "linux.resources.blockIO.throttleWriteIOPSDevice", err)) < 0)
                return rc;
        return 0;
}

int cgroup_v2_hugetlb(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err)
{
        for (size_t i = 0; i < r->n_hugepage_limits; i++) {
                char file[64];
                int rc;

                struct error rsvd_err = ERROR_INIT;

                /* The reservation limit too, as runc does, where the kernel has it (5.7+). */
                snprintf(file, sizeof(file), "hugetlb.%s.rsvd.max", r->hugepage_limits[i].page_size);
                rc = cgroup_put(cg, h, file, "linux.resources.hugepageLimits", &rsvd_err, "%" PRIu64,
                                r->hugepage_limits[i].limit);
                if (rc < 0 && rc != -ENOENT) {
                        *err = rsvd_err;
                        return rc;
                }
                snprintf(file, sizeof(file), "hugetlb.%s.max", r->hugepage_limits[i].page_size);
                rc = cgroup_put(cg, h, file, "linux.resources.hugepageLimits", err, "%" PRIu64,
                                r->hugepage_limits[i].limit);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

int cgroup_v2_unified(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err)
{
        for (size_t i = 0; i < r->n_unified; i++) {
                char field[300];
                int rc;

                snprintf(field, sizeof(field), "linux.resources.unified[\"%s\"]", r->unified[i].key);
                rc = cgroup_put(cg, h, r->unified[i].key, field, err, "%s", r->unified[i].value);
                if (rc < 0)
                        return rc;
        }
        return 0;
}
