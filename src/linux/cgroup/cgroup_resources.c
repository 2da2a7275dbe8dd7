/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.resources written to the container's cgroup. Each controller is an entry of one table:
 * when the spec sets something of it, the hierarchy that carries it is found (its v1 mount, else
 * the unified hierarchy: pure v2, or a hybrid host for what only v2 has there) and its v1 or v2
 * function writes the files. A field whose controller is missing is an error naming the
 * controller; a file the kernel lacks is an error naming the file. Nothing is dropped silently.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "linux/cgroup/cgroup_resources.h"
#include "util/cleanup.h"
#include "util/log.h"

/* Keeps a file's current value (its first line) for cgroup_update's undo. */
static void remember(struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file)
{
        struct cgroup_undo *u = &cg->undo[cg->n_undo];
        _cleanup_free_ char *text = NULL;

        if (cgroup_read(cg, h, file, &text, NULL) < 0)
                return;
        text[strcspn(text, "\n")] = '\0';
        u->h = (int)(h - cg->h);
        snprintf(u->file, sizeof(u->file), "%s", file);
        snprintf(u->value, sizeof(u->value), "%s", text);
        cg->n_undo++;
}

int cgroup_put(struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file, const char *field,
               struct error *err, const char *fmt, ...)
{
        char value[256];
        va_list ap;
        int r;

        va_start(ap, fmt);
        vsnprintf(value, sizeof(value), fmt, ap);
        va_end(ap);
        if (cg->undo && cg->n_undo < CGROUP_MAX_UNDO)
                remember(cg, h, file);
        r = cgroup_write(cg, h, file, value, err);
        return r < 0 ? error_wrap(err, r, "%s", field) : 0;
}

/* --- controllers whose files are the same on v1 and v2 --- */

static int pids(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                struct error *err)
{
        if (r->pids_limit > 0)
                return cgroup_put(cg, h, "pids.max", "linux.resources.pids.limit", err, "%" PRId64,
                                  r->pids_limit);
        return cgroup_put(cg, h, "pids.max", "linux.resources.pids.limit", err, "max");
}

static int cpuset(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                  struct error *err)
{
        const struct spec_cpu *c = r->cpu;
        int rc;

        if (c->cpus && *c->cpus &&
            (rc = cgroup_put(cg, h, "cpuset.cpus", "linux.resources.cpu.cpus", err, "%s", c->cpus)) < 0)
                return rc;
        if (c->mems && *c->mems &&
            (rc = cgroup_put(cg, h, "cpuset.mems", "linux.resources.cpu.mems", err, "%s", c->mems)) < 0)
                return rc;
        return 0;
}

static int rdma(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                struct error *err)
{
        for (size_t i = 0; i < r->n_rdma; i++) {
                const struct spec_rdma *d = &r->rdma[i];
                char handles[32] = "", objects[32] = "";
                int rc;

                /* Only the limits given: an update of one keeps the other (runc writes the same). */
                if (!d->has_hca_handles && !d->has_hca_objects)
                        continue;
                if (d->has_hca_handles)
                        snprintf(handles, sizeof(handles), " hca_handle=%u", d->hca_handles);
                if (d->has_hca_objects)
                        snprintf(objects, sizeof(objects), " hca_object=%u", d->hca_objects);
                rc = cgroup_put(cg, h, "rdma.max", "linux.resources.rdma", err, "%s%s%s", d->device, handles,
                                objects);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

/* --- what the spec asks of each controller --- */

static bool want_devices(const struct spec_resources *r)
{
        return r->n_devices >
               0; /* with any rule, plan_device_rules adds the defaults every container needs */
}

static bool want_pids(const struct spec_resources *r)
{
        return r->has_pids_limit;
}

static bool want_memory(const struct spec_resources *r)
{
        const struct spec_memory *m = r->memory;

        return m && (m->has_limit || m->has_reservation || m->has_swap || m->has_kernel_tcp ||
                     m->has_swappiness || m->has_disable_oom_killer || m->has_use_hierarchy);
}

static bool want_cpu(const struct spec_resources *r)
{
        const struct spec_cpu *c = r->cpu;

        return c && (c->has_shares || c->has_quota || c->has_period || c->has_burst ||
                     c->has_realtime_runtime || c->has_realtime_period || c->has_idle);
}

static bool want_cpuset(const struct spec_resources *r)
{
        return r->cpu && ((r->cpu->cpus && *r->cpu->cpus) || (r->cpu->mems && *r->cpu->mems));
}

static bool want_block_io(const struct spec_resources *r)
{
        return r->block_io != NULL;
}

static bool want_hugetlb(const struct spec_resources *r)
{
        return r->n_hugepage_limits > 0;
}

static bool want_class_id(const struct spec_resources *r)
{
        return r->network && r->network->has_class_id;
}

static bool want_priorities(const struct spec_resources *r)
{
        return r->network && r->network->n_priorities > 0;
}

static bool want_rdma(const struct spec_resources *r)
{
        return r->n_rdma > 0;
}

static bool want_unified(const struct spec_resources *r)
{
        return r->n_unified > 0;
}

static int unified(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                   struct error *err);

struct controller {
        const char *field; /* the spec's name for it, in errors */
        const char *v1;    /* its v1 controller; NULL: none */
        const char *v2;    /* its v2 controller, "" for core files; NULL: none */
        bool (*wanted)(const struct spec_resources *r);
        cgroup_res_fn on_v1, on_v2;
};

/* In the order runc writes them. */
static const struct controller controllers[] = {
    {"linux.resources.devices", "devices", "", want_devices, cgroup_v1_devices, cgroup_v2_devices},
    {"linux.resources.pids.limit", "pids", "pids", want_pids, pids, pids},
    {"linux.resources.memory", "memory", "memory", want_memory, cgroup_v1_memory, cgroup_v2_memory},
    {"linux.resources.cpu", "cpu", "cpu", want_cpu, cgroup_v1_cpu, cgroup_v2_cpu},
    {"linux.resources.cpu.cpus", "cpuset", "cpuset", want_cpuset, cpuset, cpuset},
    {"linux.resources.blockIO", "blkio", "io", want_block_io, cgroup_v1_blkio, cgroup_v2_io},
    {"linux.resources.hugepageLimits", "hugetlb", "hugetlb", want_hugetlb, cgroup_v1_hugetlb,
     cgroup_v2_hugetlb},
    {"linux.resources.network.classID", "net_cls", NULL, want_class_id, cgroup_v1_net_cls, NULL},
    {"linux.resources.network.priorities", "net_prio", NULL, want_priorities, cgroup_v1_net_prio, NULL},
    {"linux.resources.rdma", "rdma", "rdma", want_rdma, rdma, rdma},
    {"linux.resources.unified", NULL, "", want_unified, NULL, unified},
};

/* On a hybrid host the unified hierarchy has only the controllers not bound to v1. */
static bool unified_has(const struct cgroup_hierarchy *h, const char *controller)
{
        _cleanup_close_ int root = cgroup_mount_open(h, NULL);
        _cleanup_free_ char *have = NULL;
        size_t want = strlen(controller);

        if (root < 0 || cgfs_read(root, h->mount, "cgroup.controllers", &have, NULL) < 0)
                return false;
        for (const char *p = have; *p;) {
                size_t len = strcspn(p, " \n");
                if (len == want && !strncmp(p, controller, len))
                        return true;
                p += len;
                p += strspn(p, " \n");
        }
        return false;
}

/* On a hybrid host a unified key's controller must be one the cgroup v2 hierarchy has: the others are v1
 * there, and the key is refused as runc refuses unified on v1 ("invalid configuration"), before anything
 * is written. Core files ("cgroup.*") are always there. */
static int unified(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                   struct error *err)
{
        for (size_t i = 0; cg->mode == CGROUP_MODE_HYBRID && i < r->n_unified; i++) {
                const char *key = r->unified[i].key;
                char controller[64];

                snprintf(controller, sizeof(controller), "%.*s", (int)strcspn(key, "."), key);
                if (strcmp(controller, "cgroup") && !unified_has(h, controller))
                        return error_set(
                            err, EINVAL,
                            "linux.resources.unified[\"%s\"]: invalid configuration: the %s "
                            "controller is cgroup v1 on this host, not in its cgroup v2 hierarchy",
                            key, controller);
        }
        return cgroup_v2_unified(cg, h, r, err);
}

static const struct cgroup_hierarchy *carrier(const struct cgroup *cg, const struct controller *c, bool *v2)
{
        const struct cgroup_hierarchy *h = NULL;

        *v2 = false;
        if (cg->mode != CGROUP_MODE_V2 && c->v1 && (h = cgroup_find(cg, c->v1)))
                return h;
        *v2 = true;
        if (!c->v2 || cg->mode == CGROUP_MODE_V1 || !(h = cgroup_find(cg, "")))
                return NULL;
        if (cg->mode == CGROUP_MODE_HYBRID && *c->v2 && !unified_has(h, c->v2))
                return NULL;
        return h;
}

static int not_mounted(const struct controller *c, struct error *err)
{
        if (!c->v1) /* runc's words, which clients look for */
                return error_set(
                    err, ENOTSUP,
                    "%s: invalid configuration: cannot use unified on cgroup v1 (there is no cgroup "
                    "v2 hierarchy)",
                    c->field);
        if (!c->v2)
                return error_set(err, ENOENT,
                                 "%s: the %s cgroup controller is not mounted (it is cgroup v1 only)",
                                 c->field, c->v1);
        if (*c->v2 && strcmp(c->v1, c->v2))
                return error_set(err, ENOENT, "%s: the %s/%s cgroup controller is not mounted", c->field,
                                 c->v1, c->v2);
        return error_set(err, ENOENT, "%s: the %s cgroup controller is not mounted", c->field, c->v1);
}

int cgroup_apply(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        struct spec_resources rounded;
        struct spec_cpu cpu;

        if (!r)
                return 0;
        /* systemd keeps a quota in 10 ms steps per second: the file gets the quota systemd has, so that
         * systemd writing it again (a daemon-reload) changes nothing, as runc rounds it. */
        if (cg->unit_state != CGROUP_UNIT_NONE && r->cpu && r->cpu->has_quota && r->cpu->quota > 0) {
                rounded = *r;
                cpu = *r->cpu;
                cpu.quota = sd_quota_rounded(cpu.quota, cpu.has_period ? cpu.period : 0);
                rounded.cpu = &cpu;
                r = &rounded;
        }
        if (r->memory && r->memory->has_kernel)
                log_warn("linux.resources.memory.kernel: kernel memory limits are deprecated and ignored");
        for (size_t i = 0; i < ARRAY_SIZE(controllers); i++) {
                const struct controller *c = &controllers[i];
                const struct cgroup_hierarchy *h;
                bool v2;
                int rc;

                if (!c->wanted(r))
                        continue;
                h = carrier(cg, c, &v2);
                if (!h)
                        return not_mounted(c, err);
                /* Rootless, device rules are not the user's to enforce, as runc and crun skip them. */
                if (cg->rootless && c->on_v1 == cgroup_v1_devices) {
                        struct error e = ERROR_INIT;
                        if (!h->absent && (v2 ? c->on_v2 : c->on_v1)(cg, h, r, &e) < 0)
                                log_debug("rootless: %s", e.msg);
                        continue;
                }
                if (h->absent)
                        return error_set(err, EPERM,
                                         "%s: cannot be set rootless: no cgroup of \"%s\" was delegated to "
                                         "this user (\"%s%s\": %s)",
                                         c->field, h->mount, h->mount, h->path, errno_text(h->absent));
                rc = (v2 ? c->on_v2 : c->on_v1)(cg, h, r, err);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

int cgroup_update(struct cgroup *cg, const struct spec_resources *r, struct error *err)
{
        struct cgroup_undo undo[CGROUP_MAX_UNDO];
        int rc;

        /* runc's order: systemd's properties, then the files (what systemd has no property for too). */
        if (cg->unit_state == CGROUP_UNIT_STARTED && (rc = cgroup_unit_set(cg, r, err)) < 0)
                return rc;
        cg->undo = undo;
        cg->n_undo = 0;
        rc = cgroup_apply(cg, r, err);
        /* A failed update puts back, newest first, every value it had already changed. */
        for (int i = cg->n_undo - 1; rc < 0 && i >= 0; i--)
                if (cgroup_write(cg, &cg->h[undo[i].h], undo[i].file, undo[i].value, NULL) < 0)
                        log_warn("update failed and \"%s%s/%s\" could not be restored to \"%s\"",
                                 cg->h[undo[i].h].mount, cg->h[undo[i].h].path, undo[i].file, undo[i].value);
        cg->undo = NULL;
        cg->n_undo = 0;
        return rc;
}
