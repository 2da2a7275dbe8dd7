/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.resources written to the container's cgroup: one small function per
 * controller, each knowing its v1 files and their v2 counterparts (with
 * runc's conversions: cpu.shares to cpu.weight, blkio weight to io.weight,
 * memory+swap to memory.swap.max). A field whose controller is missing is an
 * error naming the controller or file, never silently dropped.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "plan/device_rules.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

/* The hierarchy carrying a controller: its v1 one, else the unified one (pure v2, or hybrid for what only v2
 * has). */
static const struct cgroup_hierarchy *ctl(const struct cgroup *cg, const char *controller, bool *v2)
{
        const struct cgroup_hierarchy *h = cg->mode == CGROUP_MODE_V2 ? NULL : cgroup_find(cg, controller);

        if (h) {
                *v2 = false;
                return h;
        }
        h = cgroup_find(cg, "");
        *v2 = h != NULL;
        return h;
}

static int need(const struct cgroup_hierarchy *h, const char *field, const char *controller,
                struct error *err)
{
        if (h)
                return 0;
        return error_set(err, ENOENT, "%s: the %s cgroup controller is not mounted", field, controller);
}

/* Keeps a file's current value (its first line) for cgroup_update's undo. */
static void remember(struct cgroup *cg, const char *path)
{
        struct cgroup_undo *u = &cg->undo[cg->n_undo];
        _cleanup_free_ char *text = NULL;

        if (read_file_at(AT_FDCWD, path, &text, NULL, NULL) < 0)
                return;
        text[strcspn(text, "\n")] = '\0';
        snprintf(u->path, sizeof(u->path), "%s", path);
        snprintf(u->value, sizeof(u->value), "%s", text);
        cg->n_undo++;
}

static int put(struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file, const char *field,
               struct error *err, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Writes one value; a file the kernel does not have is an error that names it. */
static int put(struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file, const char *field,
               struct error *err, const char *fmt, ...)
{
        char value[256], path[PATH_MAX_CG + 64];
        va_list ap;
        int r;

        va_start(ap, fmt);
        vsnprintf(value, sizeof(value), fmt, ap);
        va_end(ap);
        snprintf(path, sizeof(path), "%s%s/%s", h->mount, cg->path, file);
        if (access(path, F_OK) < 0)
                return error_errno(err, errno, "%s: cgroup file \"%s\"", field, path);
        if (cg->undo && cg->n_undo < CGROUP_MAX_UNDO)
                remember(cg, path);
        r = cgroup_write(cg, h, file, value, err);
        return r < 0 ? error_wrap(err, r, "%s", field) : 0;
}

static int v1_devices(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct cgroup_hierarchy *h = cgroup_find(cg, "devices");
        struct device_rule rules[256];
        size_t n = plan_device_rules(r, rules, sizeof(rules) / sizeof(rules[0]));

        if (n == 0)
                return 0;
        if (cg->mode == CGROUP_MODE_V2) {
                /* v2 needs an eBPF device program (not written yet): said loudly, as every default config has
                 * rules. */
                log_warn("linux.resources.devices: device rules are not enforced on cgroup v2 yet");
                return 0;
        }
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

static int pids(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        bool v2;
        const struct cgroup_hierarchy *h;
        int rc;

        if (!r->has_pids_limit)
                return 0;
        h = ctl(cg, "pids", &v2);
        if ((rc = need(h, "linux.resources.pids.limit", "pids", err)) < 0)
                return rc;
        if (r->pids_limit > 0)
                return put(cg, h, "pids.max", "linux.resources.pids.limit", err, "%" PRId64, r->pids_limit);
        return put(cg, h, "pids.max", "linux.resources.pids.limit", err, "max");
}

/* v1 has memory+swap in memsw; the order of the two writes matters (memory <= memsw at every moment). */
static int v1_memory(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_memory *m,
                     struct error *err)
{
        int rc = 0;

        if (m->has_swap && m->has_limit) {
                /* Raise memsw first when growing, the limit first when shrinking: try one order, then the
                 * other. */
                struct error e = ERROR_INIT;
                if (put(cg, h, "memory.memsw.limit_in_bytes", "linux.resources.memory.swap", &e, "%" PRId64,
                        m->swap) < 0) {
                        if ((rc = put(cg, h, "memory.limit_in_bytes", "linux.resources.memory.limit", err,
                                      "%" PRId64, m->limit)) < 0)
                                return rc;
                        return put(cg, h, "memory.memsw.limit_in_bytes", "linux.resources.memory.swap", err,
                                   "%" PRId64, m->swap);
                }
                return put(cg, h, "memory.limit_in_bytes", "linux.resources.memory.limit", err, "%" PRId64,
                           m->limit);
        }
        if (m->has_limit && (rc = put(cg, h, "memory.limit_in_bytes", "linux.resources.memory.limit", err,
                                      "%" PRId64, m->limit)) < 0)
                return rc;
        if (m->has_swap && (rc = put(cg, h, "memory.memsw.limit_in_bytes", "linux.resources.memory.swap", err,
                                     "%" PRId64, m->swap)) < 0)
                return rc;
        return 0;
}

static int v1_memory_rest(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_memory *m,
                          struct error *err)
{
        int rc;

        if (m->has_reservation &&
            (rc = put(cg, h, "memory.soft_limit_in_bytes", "linux.resources.memory.reservation", err,
                      "%" PRId64, m->reservation)) < 0)
                return rc;
        if (m->has_kernel_tcp &&
            (rc = put(cg, h, "memory.kmem.tcp.limit_in_bytes", "linux.resources.memory.kernelTCP", err,
                      "%" PRId64, m->kernel_tcp)) < 0)
                return rc;
        if (m->has_swappiness && (rc = put(cg, h, "memory.swappiness", "linux.resources.memory.swappiness",
                                           err, "%" PRIu64, m->swappiness)) < 0)
                return rc;
        if (m->has_disable_oom_killer && m->disable_oom_killer &&
            (rc = put(cg, h, "memory.oom_control", "linux.resources.memory.disableOOMKiller", err, "1")) < 0)
                return rc;
        if (m->has_use_hierarchy &&
            (rc = put(cg, h, "memory.use_hierarchy", "linux.resources.memory.useHierarchy", err, "%d",
                      m->use_hierarchy ? 1 : 0)) < 0)
                return rc;
        return 0;
}

static int v2_memory(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_memory *m,
                     struct error *err)
{
        int rc;

        if (m->has_limit &&
            (rc = m->limit < 0 ? put(cg, h, "memory.max", "linux.resources.memory.limit", err, "max")
                               : put(cg, h, "memory.max", "linux.resources.memory.limit", err, "%" PRId64,
                                     m->limit)) < 0)
                return rc;
        if (m->has_reservation && (rc = put(cg, h, "memory.low", "linux.resources.memory.reservation", err,
                                            "%" PRId64, m->reservation < 0 ? 0 : m->reservation)) < 0)
                return rc;
        if (m->has_swap) {
                /* The spec's swap is memory+swap (v1's memsw); v2 limits swap alone. */
                if (m->swap < 0)
                        rc = put(cg, h, "memory.swap.max", "linux.resources.memory.swap", err, "max");
                else if (!m->has_limit || m->limit < 0 || m->swap < m->limit)
                        return error_set(err, EINVAL,
                                         "linux.resources.memory.swap: %" PRId64
                                         " must be at least the memory limit",
                                         m->swap);
                else
                        rc = put(cg, h, "memory.swap.max", "linux.resources.memory.swap", err, "%" PRId64,
                                 m->swap - m->limit);
                if (rc < 0)
                        return rc;
        }
        if (m->has_swappiness)
                return error_set(err, ENOTSUP,
                                 "linux.resources.memory.swappiness: cgroup v2 has no swappiness");
        if (m->has_disable_oom_killer && m->disable_oom_killer)
                return error_set(err, ENOTSUP,
                                 "linux.resources.memory.disableOOMKiller: cgroup v2 cannot disable it");
        if (m->has_kernel_tcp)
                log_warn(
                    "linux.resources.memory.kernelTCP: not available on cgroup v2, ignored as runc does");
        return 0;
}

static int memory(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct spec_memory *m = r->memory;
        const struct cgroup_hierarchy *h;
        bool v2;
        int rc;

        if (!m)
                return 0;
        if (m->has_kernel)
                log_warn("linux.resources.memory.kernel: kernel memory limits are deprecated and ignored");
        if (!(m->has_limit || m->has_reservation || m->has_swap || m->has_kernel_tcp || m->has_swappiness ||
              m->has_disable_oom_killer || m->has_use_hierarchy))
                return 0;
        h = ctl(cg, "memory", &v2);
        if ((rc = need(h, "linux.resources.memory", "memory", err)) < 0)
                return rc;
        if (v2)
                return v2_memory(cg, h, m, err);
        if ((rc = v1_memory(cg, h, m, err)) < 0)
                return rc;
        return v1_memory_rest(cg, h, m, err);
}

/* runc's conversion of cpu.shares [2, 262144] to cpu.weight [1, 10000]. */
static uint64_t shares_to_weight(uint64_t shares)
{
        if (shares < 2)
                shares = 2;
        if (shares > 262144)
                shares = 262144;
        return 1 + ((shares - 2) * 9999) / 262142;
}

static int cpu(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct spec_cpu *c = r->cpu;
        const struct cgroup_hierarchy *h;
        bool v2;
        int rc;

        if (!c)
                return 0;
        if (c->has_shares || c->has_quota || c->has_period || c->has_burst || c->has_realtime_runtime ||
            c->has_realtime_period || c->has_idle) {
                h = ctl(cg, "cpu", &v2);
                if ((rc = need(h, "linux.resources.cpu", "cpu", err)) < 0)
                        return rc;
                if (!v2) {
                        if (c->has_shares && (rc = put(cg, h, "cpu.shares", "linux.resources.cpu.shares", err,
                                                       "%" PRIu64, c->shares)) < 0)
                                return rc;
                        if (c->has_period &&
                            (rc = put(cg, h, "cpu.cfs_period_us", "linux.resources.cpu.period", err,
                                      "%" PRIu64, c->period)) < 0)
                                return rc;
                        if (c->has_quota && (rc = put(cg, h, "cpu.cfs_quota_us", "linux.resources.cpu.quota",
                                                      err, "%" PRId64, c->quota)) < 0)
                                return rc;
                        if (c->has_burst && (rc = put(cg, h, "cpu.cfs_burst_us", "linux.resources.cpu.burst",
                                                      err, "%" PRIu64, c->burst)) < 0)
                                return rc;
                        if (c->has_realtime_period &&
                            (rc = put(cg, h, "cpu.rt_period_us", "linux.resources.cpu.realtimePeriod", err,
                                      "%" PRIu64, c->realtime_period)) < 0)
                                return rc;
                        if (c->has_realtime_runtime &&
                            (rc = put(cg, h, "cpu.rt_runtime_us", "linux.resources.cpu.realtimeRuntime", err,
                                      "%" PRId64, c->realtime_runtime)) < 0)
                                return rc;
                } else {
                        if (c->has_shares && (rc = put(cg, h, "cpu.weight", "linux.resources.cpu.shares", err,
                                                       "%" PRIu64, shares_to_weight(c->shares))) < 0)
                                return rc;
                        if (c->has_quota || c->has_period) {
                                uint64_t period = c->has_period && c->period ? c->period : 100000;
                                if (c->has_quota && c->quota > 0)
                                        rc = put(cg, h, "cpu.max", "linux.resources.cpu.quota", err,
                                                 "%" PRId64 " %" PRIu64, c->quota, period);
                                else
                                        rc = put(cg, h, "cpu.max", "linux.resources.cpu.quota", err,
                                                 "max %" PRIu64, period);
                                if (rc < 0)
                                        return rc;
                        }
                        if (c->has_burst && (rc = put(cg, h, "cpu.max.burst", "linux.resources.cpu.burst",
                                                      err, "%" PRIu64, c->burst)) < 0)
                                return rc;
                        if (c->has_realtime_runtime || c->has_realtime_period)
                                return error_set(
                                    err, ENOTSUP,
                                    "linux.resources.cpu.realtime*: cgroup v2 has no real-time limits");
                }
                if (c->has_idle &&
                    (rc = put(cg, h, "cpu.idle", "linux.resources.cpu.idle", err, "%" PRId64, c->idle)) < 0)
                        return rc;
        }
        if ((c->cpus && *c->cpus) || (c->mems && *c->mems)) {
                h = ctl(cg, "cpuset", &v2);
                if ((rc = need(h, "linux.resources.cpu.cpus", "cpuset", err)) < 0)
                        return rc;
                if (c->cpus && *c->cpus &&
                    (rc = put(cg, h, "cpuset.cpus", "linux.resources.cpu.cpus", err, "%s", c->cpus)) < 0)
                        return rc;
                if (c->mems && *c->mems &&
                    (rc = put(cg, h, "cpuset.mems", "linux.resources.cpu.mems", err, "%s", c->mems)) < 0)
                        return rc;
        }
        return 0;
}

static int throttle(struct cgroup *cg, const struct cgroup_hierarchy *h, bool v2, const char *v1file,
                    const char *v2key, const struct spec_throttle_device *t, size_t n, const char *field,
                    struct error *err)
{
        for (size_t i = 0; i < n; i++) {
                int rc = v2 ? put(cg, h, "io.max", field, err, "%" PRId64 ":%" PRId64 " %s=%" PRIu64,
                                  t[i].major, t[i].minor, v2key, t[i].rate)
                            : put(cg, h, v1file, field, err, "%" PRId64 ":%" PRId64 " %" PRIu64, t[i].major,
                                  t[i].minor, t[i].rate);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

/* blkio weight [10, 1000] to io.weight [1, 10000], as runc. */
static unsigned blkio_to_io_weight(unsigned w)
{
        return w ? 1 + (w - 10) * 9999 / 990 : 0;
}

static int block_io(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct spec_block_io *b = r->block_io;
        const struct cgroup_hierarchy *h;
        bool v2;
        int rc;

        if (!b)
                return 0;
        h = ctl(cg, "blkio", &v2);
        if (v2 && cg->mode == CGROUP_MODE_HYBRID)
                h = NULL; /* io is not delegated on a hybrid host's unified hierarchy */
        if ((rc = need(h, "linux.resources.blockIO", "blkio/io", err)) < 0)
                return rc;
        if (b->has_weight && (rc = v2 ? put(cg, h, "io.weight", "linux.resources.blockIO.weight", err,
                                            "default %u", blkio_to_io_weight(b->weight))
                                      : put(cg, h, "blkio.weight", "linux.resources.blockIO.weight", err,
                                            "%u", b->weight)) < 0)
                return rc;
        if (b->has_leaf_weight && !v2 &&
            (rc = put(cg, h, "blkio.leaf_weight", "linux.resources.blockIO.leafWeight", err, "%u",
                      b->leaf_weight)) < 0)
                return rc;
        for (size_t i = 0; i < b->n_weight_device; i++) {
                const struct spec_weight_device *w = &b->weight_device[i];
                if (!w->has_weight)
                        continue;
                rc = v2 ? put(cg, h, "io.weight", "linux.resources.blockIO.weightDevice", err,
                              "%" PRId64 ":%" PRId64 " %u", w->major, w->minor, blkio_to_io_weight(w->weight))
                        : put(cg, h, "blkio.weight_device", "linux.resources.blockIO.weightDevice", err,
                              "%" PRId64 ":%" PRId64 " %u", w->major, w->minor, w->weight);
                if (rc < 0)
                        return rc;
        }
        if ((rc = throttle(cg, h, v2, "blkio.throttle.read_bps_device", "rbps", b->throttle_read_bps,
                           b->n_throttle_read_bps, "linux.resources.blockIO.throttleReadBpsDevice", err)) <
                0 ||
            (rc = throttle(cg, h, v2, "blkio.throttle.write_bps_device", "wbps", b->throttle_write_bps,
                           b->n_throttle_write_bps, "linux.resources.blockIO.throttleWriteBpsDevice", err)) <
                0 ||
            (rc = throttle(cg, h, v2, "blkio.throttle.read_iops_device", "riops", b->throttle_read_iops,
                           b->n_throttle_read_iops, "linux.resources.blockIO.throttleReadIOPSDevice", err)) <
                0 ||
            (rc = throttle(cg, h, v2, "blkio.throttle.write_iops_device", "wiops", b->throttle_write_iops,
                           b->n_throttle_write_iops, "linux.resources.blockIO.throttleWriteIOPSDevice",
                           err)) < 0)
                return rc;
        return 0;
}

static int hugetlb(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct cgroup_hierarchy *h;
        bool v2;
        int rc;

        if (!r->n_hugepage_limits)
                return 0;
        h = ctl(cg, "hugetlb", &v2);
        if ((rc = need(h, "linux.resources.hugepageLimits", "hugetlb", err)) < 0)
                return rc;
        for (size_t i = 0; i < r->n_hugepage_limits; i++) {
                char file[64];
                snprintf(file, sizeof(file), v2 ? "hugetlb.%s.max" : "hugetlb.%s.limit_in_bytes",
                         r->hugepage_limits[i].page_size);
                if ((rc = put(cg, h, file, "linux.resources.hugepageLimits", err, "%" PRIu64,
                              r->hugepage_limits[i].limit)) < 0)
                        return rc;
        }
        return 0;
}

static int network(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct spec_network *n = r->network;
        const struct cgroup_hierarchy *h;
        int rc;

        if (!n)
                return 0;
        if (n->has_class_id) {
                h = cg->mode == CGROUP_MODE_V2 ? NULL : cgroup_find(cg, "net_cls");
                if ((rc = need(h, "linux.resources.network.classID", "net_cls (v1 only)", err)) < 0)
                        return rc;
                if ((rc = put(cg, h, "net_cls.classid", "linux.resources.network.classID", err, "%u",
                              n->class_id)) < 0)
                        return rc;
        }
        if (n->n_priorities) {
                h = cg->mode == CGROUP_MODE_V2 ? NULL : cgroup_find(cg, "net_prio");
                if ((rc = need(h, "linux.resources.network.priorities", "net_prio (v1 only)", err)) < 0)
                        return rc;
                for (size_t i = 0; i < n->n_priorities; i++)
                        if ((rc = put(cg, h, "net_prio.ifpriomap", "linux.resources.network.priorities", err,
                                      "%s %u", n->priorities[i].name, n->priorities[i].priority)) < 0)
                                return rc;
        }
        return 0;
}

static int rdma(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct cgroup_hierarchy *h;
        bool v2;
        int rc;

        if (!r->n_rdma)
                return 0;
        h = ctl(cg, "rdma", &v2);
        if ((rc = need(h, "linux.resources.rdma", "rdma", err)) < 0)
                return rc;
        for (size_t i = 0; i < r->n_rdma; i++) {
                const struct spec_rdma *d = &r->rdma[i];
                char handles[32] = "max", objects[32] = "max";
                if (d->has_hca_handles)
                        snprintf(handles, sizeof(handles), "%u", d->hca_handles);
                if (d->has_hca_objects)
                        snprintf(objects, sizeof(objects), "%u", d->hca_objects);
                if ((rc = put(cg, h, "rdma.max", "linux.resources.rdma", err,
                              "%s hca_handle=%s hca_object=%s", d->device, handles, objects)) < 0)
                        return rc;
        }
        return 0;
}

static int unified(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        const struct cgroup_hierarchy *h = cgroup_find(cg, "");
        int rc;

        if (!r->n_unified)
                return 0;
        if (!h || cg->mode == CGROUP_MODE_V1)
                return error_set(err, ENOTSUP, "linux.resources.unified: there is no cgroup v2 hierarchy");
        for (size_t i = 0; i < r->n_unified; i++) {
                char field[300];
                snprintf(field, sizeof(field), "linux.resources.unified[\"%s\"]", r->unified[i].key);
                if ((rc = put(cg, h, r->unified[i].key, field, err, "%s", r->unified[i].value)) < 0)
                        return rc;
        }
        return 0;
}

int cgroup_apply(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        int rc;

        if (!r)
                return 0;
        if ((rc = v1_devices(cg, r, err)) < 0 || (rc = pids(cg, r, err)) < 0 ||
            (rc = memory(cg, r, err)) < 0 || (rc = cpu(cg, r, err)) < 0 || (rc = block_io(cg, r, err)) < 0 ||
            (rc = hugetlb(cg, r, err)) < 0 || (rc = network(cg, r, err)) < 0 || (rc = rdma(cg, r, err)) < 0 ||
            (rc = unified(cg, r, err)) < 0)
                return rc;
        return 0;
}

int cgroup_update(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        struct cgroup_undo undo[CGROUP_MAX_UNDO];
        int rc;

        cg->undo = undo;
        cg->n_undo = 0;
        rc = cgroup_apply(cg, r, err);
        /* A failed update puts back, newest first, every value it had already changed. */
        for (int i = cg->n_undo - 1; rc < 0 && i >= 0; i--)
                if (write_file_at(AT_FDCWD, undo[i].path, undo[i].value, strlen(undo[i].value), NULL) < 0)
                        log_warn("update failed and \"%s\" could not be restored to \"%s\"", undo[i].path,
                                 undo[i].value);
        cg->undo = NULL;
        cg->n_undo = 0;
        return rc;
}
