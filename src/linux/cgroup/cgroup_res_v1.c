/* SPDX-License-Identifier: Apache-2.0 */
/* linux.resources on cgroup v1: one function per controller, each writing its own hierarchy's files. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "linux/cgroup/cgroup_resources.h"
#include "plan/device_rules.h"
#include "util/cleanup.h"

int cgroup_v1_devices(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err)
{
        static const char *const files[2] = {"devices.deny", "devices.allow"};
        struct device_rule rules[256];
        size_t n = plan_device_rules(r, rules, ARRAY_SIZE(rules));
        _cleanup_close_ int owned = -1, deny_fd = -1, allow_fd = -1;
        char display[PATH_MAX_CG + 256];
        int dir;

        if (!n)
                return 0;
        dir = cgroup_dir_use(cg, h, &owned, err);
        if (dir < 0)
                return dir;
        snprintf(display, sizeof(display), "%s%s", h->mount, h->path);
        /* Each file opened once; a rule a write of its own. */
        for (size_t i = 0; i < n; i++) {
                int *fd = rules[i].allow ? &allow_fd : &deny_fd;
                char line[64];
                int rc;

                if (*fd < 0 && (*fd = cgfs_open_write(dir, display, files[rules[i].allow], err)) < 0)
                        return error_wrap(err, *fd, "linux.resources.devices[%zu]", i);
                device_rule_format(&rules[i], line, sizeof(line));
                rc = cgfs_write_fd(*fd, display, files[rules[i].allow], line, err);
                if (rc < 0)
                        return error_wrap(err, rc, "linux.resources.devices[%zu]", i);
        }
        return 0;
}

/* memory.limit_in_bytes <= memory.memsw.limit_in_bytes at every moment: growing, memsw goes first;
 * shrinking, the limit does. Not knowing which, try memsw first and swap the order if refused. */
static int limits(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_memory *given,
                  struct error *err)
{
        struct spec_memory copy = *given;
        const struct spec_memory *m = &copy;
        int rc;

        /* As runc: an unlimited memory with no swap given makes memory+swap unlimited too, where the
         * kernel accounts swap (else the old memsw limit would hold the memory below it). */
        if (copy.has_limit && copy.limit == -1 && !copy.has_swap &&
            cgroup_has_file(cg, h, "memory.memsw.limit_in_bytes")) {
                copy.has_swap = true;
                copy.swap = -1;
        }

        if (m->has_swap && m->has_limit) {
                struct error ignored = ERROR_INIT;

                if (cgroup_put(cg, h, "memory.memsw.limit_in_bytes", "linux.resources.memory.swap", &ignored,
                               "%" PRId64, m->swap) == 0)
                        return cgroup_put(cg, h, "memory.limit_in_bytes", "linux.resources.memory.limit", err,
                                          "%" PRId64, m->limit);
                if ((rc = cgroup_put(cg, h, "memory.limit_in_bytes", "linux.resources.memory.limit", err,
                                     "%" PRId64, m->limit)) < 0)
                        return rc;
                return cgroup_put(cg, h, "memory.memsw.limit_in_bytes", "linux.resources.memory.swap", err,
                                  "%" PRId64, m->swap);
        }
        if (m->has_limit && (rc = cgroup_put(cg, h, "memory.limit_in_bytes", "linux.resources.memory.limit",
                                             err, "%" PRId64, m->limit)) < 0)
                return rc;
        if (m->has_swap && (rc = cgroup_put(cg, h, "memory.memsw.limit_in_bytes",
                                            "linux.resources.memory.swap", err, "%" PRId64, m->swap)) < 0)
                return rc;
        return 0;
}

/* checkBeforeUpdate needs nothing here: v1 refuses a limit below the usage by itself (EBUSY). */
int cgroup_v1_memory(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                     struct error *err)
{
        const struct spec_memory *m = r->memory;
        int rc;

        if ((rc = limits(cg, h, m, err)) < 0)
                return rc;
        if (m->has_reservation &&
            (rc = cgroup_put(cg, h, "memory.soft_limit_in_bytes", "linux.resources.memory.reservation", err,
                             "%" PRId64, m->reservation)) < 0)
                return rc;
        if (m->has_kernel_tcp &&
            (rc = cgroup_put(cg, h, "memory.kmem.tcp.limit_in_bytes", "linux.resources.memory.kernelTCP", err,
                             "%" PRId64, m->kernel_tcp)) < 0)
                return rc;
        if (m->has_swappiness &&
            (rc = cgroup_put(cg, h, "memory.swappiness", "linux.resources.memory.swappiness", err, "%" PRIu64,
                             m->swappiness)) < 0)
                return rc;
        if (m->has_disable_oom_killer && m->disable_oom_killer &&
            (rc = cgroup_put(cg, h, "memory.oom_control", "linux.resources.memory.disableOOMKiller", err,
                             "1")) < 0)
                return rc;
        if (m->has_use_hierarchy &&
            (rc = cgroup_put(cg, h, "memory.use_hierarchy", "linux.resources.memory.useHierarchy", err, "%d",
                             m->use_hierarchy ? 1 : 0)) < 0)
                return rc;
        return 0;
}

/* A period (cfs, realtime) and the time allowed in it (quota, runtime), each possibly given. The kernel
 * checks a write against the other file's current value and the parent's limit, so a smaller period with
 * a smaller time may be refused period first (EINVAL): as runc, the period first, and when refused while
 * the time is given too, the time first and the period again. */
struct period_pair {
        const char *period_file, *period_field, *time_file, *time_field;
        bool has_period, has_time;
        uint64_t period;
        int64_t time;
};

static int period_and_time(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct period_pair *p,
                           struct error *err)
{
        bool again = false;
        int rc;

        if (p->has_period) {
                rc = cgroup_put(cg, h, p->period_file, p->period_field, err, "%" PRIu64, p->period);
                if (rc < 0 && (rc != -EINVAL || !p->has_time))
                        return rc;
                if (rc < 0) {
                        error_clear(err);
                        again = true;
                }
        }
        if (p->has_time &&
            (rc = cgroup_put(cg, h, p->time_file, p->time_field, err, "%" PRId64, p->time)) < 0)
                return rc;
        if (again)
                return cgroup_put(cg, h, p->period_file, p->period_field, err, "%" PRIu64, p->period);
        return 0;
}

int cgroup_v1_cpu(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                  struct error *err)
{
        const struct spec_cpu *c = r->cpu;
        int rc;

        if (c->has_shares && (rc = cgroup_put(cg, h, "cpu.shares", "linux.resources.cpu.shares", err,
                                              "%" PRIu64, c->shares)) < 0)
                return rc;
        rc = period_and_time(cg, h,
                             &(const struct period_pair){"cpu.cfs_period_us", "linux.resources.cpu.period",
                                                         "cpu.cfs_quota_us", "linux.resources.cpu.quota",
                                                         c->has_period, c->has_quota, c->period, c->quota},
                             err);
        if (rc < 0)
                return rc;
        if (c->has_burst && (rc = cgroup_put(cg, h, "cpu.cfs_burst_us", "linux.resources.cpu.burst", err,
                                             "%" PRIu64, c->burst)) < 0)
                return rc;
        rc =
            period_and_time(cg, h,
                            &(const struct period_pair){
                                "cpu.rt_period_us", "linux.resources.cpu.realtimePeriod", "cpu.rt_runtime_us",
                                "linux.resources.cpu.realtimeRuntime", c->has_realtime_period,
                                c->has_realtime_runtime, c->realtime_period, c->realtime_runtime},
                            err);
        if (rc < 0)
                return rc;
        if (c->has_idle &&
            (rc = cgroup_put(cg, h, "cpu.idle", "linux.resources.cpu.idle", err, "%" PRId64, c->idle)) < 0)
                return rc;
        return 0;
}

static int throttle(struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file,
                    const struct spec_throttle_device *t, size_t n, const char *field, struct error *err)
{
        for (size_t i = 0; i < n; i++) {
                int rc = cgroup_put(cg, h, file, field, err, "%" PRId64 ":%" PRId64 " %" PRIu64, t[i].major,
                                    t[i].minor, t[i].rate);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

/* CFQ's blkio.weight where the kernel still has it (before 5.0), else BFQ's blkio.bfq.weight: the
 * choice runc makes. Neither exists until a device of the host uses BFQ. */
static void weight_files(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char **weight,
                         const char **weight_device)
{
        bool cfq = cgroup_has_file(cg, h, "blkio.weight");

        *weight = cfq ? "blkio.weight" : "blkio.bfq.weight";
        *weight_device = cfq ? "blkio.weight_device" : "blkio.bfq.weight_device";
}

int cgroup_v1_blkio(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                    struct error *err)
{
        const struct spec_block_io *b = r->block_io;
        const char *weight = NULL, *weight_device = NULL;
        int rc;

        if (b->has_weight || b->n_weight_device)
                weight_files(cg, h, &weight, &weight_device);
        if (b->has_weight &&
            (rc = cgroup_put(cg, h, weight, "linux.resources.blockIO.weight", err, "%u", b->weight)) < 0)
                return rc;
        if (b->has_leaf_weight &&
            (rc = cgroup_put(cg, h, "blkio.leaf_weight", "linux.resources.blockIO.leafWeight", err, "%u",
                             b->leaf_weight)) < 0)
                return rc;
        for (size_t i = 0; i < b->n_weight_device; i++) {
                const struct spec_weight_device *w = &b->weight_device[i];

                if (w->has_weight &&
                    (rc = cgroup_put(cg, h, weight_device, "linux.resources.blockIO.weightDevice", err,
                                     "%" PRId64 ":%" PRId64 " %u", w->major, w->minor, w->weight)) < 0)
                        return rc;
                if (w->has_leaf_weight &&
                    (rc = cgroup_put(cg, h, "blkio.leaf_weight_device",
                                     "linux.resources.blockIO.weightDevice", err,
                                     "%" PRId64 ":%" PRId64 " %u", w->major, w->minor, w->leaf_weight)) < 0)
                        return rc;
        }
        if ((rc = throttle(cg, h, "blkio.throttle.read_bps_device", b->throttle_read_bps,
                           b->n_throttle_read_bps, "linux.resources.blockIO.throttleReadBpsDevice", err)) <
                0 ||
            (rc = throttle(cg, h, "blkio.throttle.write_bps_device", b->throttle_write_bps,
                           b->n_throttle_write_bps, "linux.resources.blockIO.throttleWriteBpsDevice", err)) <
                0 ||
            (rc = throttle(cg, h, "blkio.throttle.read_iops_device", b->throttle_read_iops,
                           b->n_throttle_read_iops, "linux.resources.blockIO.throttleReadIOPSDevice", err)) <
                0 ||
            (rc = throttle(cg, h, "blkio.throttle.write_iops_device", b->throttle_write_iops,
                           b->n_throttle_write_iops, "linux.resources.blockIO.throttleWriteIOPSDevice",
                           err)) < 0)
                return rc;
        return 0;
}

int cgroup_v1_hugetlb(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err)
{
        for (size_t i = 0; i < r->n_hugepage_limits; i++) {
                char file[64];
                int rc;

                snprintf(file, sizeof(file), "hugetlb.%s.limit_in_bytes", r->hugepage_limits[i].page_size);
                rc = cgroup_put(cg, h, file, "linux.resources.hugepageLimits", err, "%" PRIu64,
                                r->hugepage_limits[i].limit);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

int cgroup_v1_net_cls(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err)
{
        return cgroup_put(cg, h, "net_cls.classid", "linux.resources.network.classID", err, "%u",
                          r->network->class_id);
}

int cgroup_v1_net_prio(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                       struct error *err)
{
        for (size_t i = 0; i < r->network->n_priorities; i++) {
                const struct spec_net_priority *p = &r->network->priorities[i];
                int rc = cgroup_put(cg, h, "net_prio.ifpriomap", "linux.resources.network.priorities", err,
                                    "%s %u", p->name, p->priority);
                if (rc < 0)
                        return rc;
        }
        return 0;
}
