/* SPDX-License-Identifier: Apache-2.0 */
/* update: a LinuxResources JSON and/or per-field values laid over it, then applied with undo. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "linux/cgroup/cgroup.h"
#include "linux/resctrl/resctrl.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

static int load_resources(const char *file, struct spec_resources **out, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        size_t len;
        int r;

        if (!file) {
                *out = calloc(1, sizeof(**out));
                return *out ? 0 : error_errno(err, ENOMEM, "update");
        }
        r = read_doc_at(AT_FDCWD, strcmp(file, "-") ? file : "/dev/stdin", true, &text, &len, err);
        if (r < 0)
                return error_wrap(err, r, "--resources");
        return spec_resources_parse(text, len, strcmp(file, "-") ? file : "stdin", out, err);
}

/* A value given as a flag replaces the file's. */
static void set_i64(const struct opt_int64 *v, int64_t *field, bool *has)
{
        if (!v->set)
                return;
        *field = v->value;
        *has = true;
}

static void set_u64(const struct opt_uint64 *v, uint64_t *field, bool *has)
{
        if (!v->set)
                return;
        *field = v->value;
        *has = true;
}

static int merge_memory(const struct update_opts *o, struct spec_resources *r, struct error *err)
{
        struct spec_memory *m;

        if (!o->memory.set && !o->memory_swap.set && !o->memory_reservation.set && !o->kernel_memory.set &&
            !o->kernel_memory_tcp.set)
                return 0;
        if (!r->memory && !(r->memory = calloc(1, sizeof(*r->memory))))
                return error_errno(err, ENOMEM, "update");
        m = r->memory;
        set_i64(&o->memory, &m->limit, &m->has_limit);
        set_i64(&o->memory_swap, &m->swap, &m->has_swap);
        set_i64(&o->memory_reservation, &m->reservation, &m->has_reservation);
        set_i64(&o->kernel_memory, &m->kernel, &m->has_kernel);
        set_i64(&o->kernel_memory_tcp, &m->kernel_tcp, &m->has_kernel_tcp);
        return 0;
}

static int replace_string(char **field, const char *value, struct error *err)
{
        if (!value)
                return 0;
        free(*field);
        *field = strdup(value);
        return *field ? 0 : error_errno(err, ENOMEM, "update");
}

static int merge_cpu(const struct update_opts *o, struct spec_resources *r, struct error *err)
{
        struct spec_cpu *c;
        int rc;

        if (!o->cpu_shares.set && !o->cpu_quota.set && !o->cpu_period.set && !o->cpu_burst.set &&
            !o->cpu_rt_period.set && !o->cpu_rt_runtime.set && !o->cpuset_cpus && !o->cpuset_mems &&
            !o->cpu_idle.set)
                return 0;
        if (!r->cpu && !(r->cpu = calloc(1, sizeof(*r->cpu))))
                return error_errno(err, ENOMEM, "update");
        c = r->cpu;
        set_u64(&o->cpu_shares, &c->shares, &c->has_shares);
        set_i64(&o->cpu_quota, &c->quota, &c->has_quota);
        set_u64(&o->cpu_period, &c->period, &c->has_period);
        set_u64(&o->cpu_burst, &c->burst, &c->has_burst);
        set_u64(&o->cpu_rt_period, &c->realtime_period, &c->has_realtime_period);
        set_i64(&o->cpu_rt_runtime, &c->realtime_runtime, &c->has_realtime_runtime);
        set_i64(&o->cpu_idle, &c->idle, &c->has_idle);
        if ((rc = replace_string(&c->cpus, o->cpuset_cpus, err)) < 0 ||
            (rc = replace_string(&c->mems, o->cpuset_mems, err)) < 0)
                return rc;
        return 0;
}

static int merge_flags(const struct update_opts *o, struct spec_resources *r, struct error *err)
{
        int rc;

        if ((rc = merge_memory(o, r, err)) < 0 || (rc = merge_cpu(o, r, err)) < 0)
                return rc;
        set_i64(&o->pids_limit, &r->pids_limit, &r->has_pids_limit);
        if (o->blkio_weight.set) {
                if (!r->block_io && !(r->block_io = calloc(1, sizeof(*r->block_io))))
                        return error_errno(err, ENOMEM, "update");
                r->block_io->weight = (uint16_t)o->blkio_weight.value;
                r->block_io->has_weight = true;
        }
        return 0;
}

/*
 * The schemata lines go to the container's resctrl group (as runc's --l3-cache-schema and --mem-bw-schema
 * do; LinuxResources has no intelRdt, so --resources carries none). Checked before anything changes:
 * resctrl, the container's group and the resources the lines name. *fd is an fd of resctrl, or -1 when
 * there is nothing to write.
 */
static int rdt_prepare(const struct container *c, const struct update_opts *o, struct resctrl_line *lines,
                       size_t *n, int *fd, struct error *err)
{
        int r;

        *fd = -1;
        *n = o->n_schemata;
        for (size_t i = 0; i < *n; i++)
                lines[i] = (struct resctrl_line){o->schemata[i].name, o->schemata[i].line};
        if (!*n)
                return 0;
        if (!c->rdt) {
                _cleanup_free_ char *root = NULL;
                struct error e = ERROR_INIT;

                if (resctrl_find(&root, &e) < 0)
                        return error_set(err, ENOTSUP, "%s: %s", lines[0].field, e.msg);
                return error_set(err, EINVAL,
                                 "%s: container \"%s\" has no linux.intelRdt (update does not add one)",
                                 lines[0].field, c->id);
        }
        *fd = resctrl_open(c->rdt->root, err);
        if (*fd < 0)
                return error_wrap(err, *fd, "%s", lines[0].field);
        for (size_t i = 0; i < *n; i++) {
                r = resctrl_check_line(*fd, c->rdt->root, &lines[i], err);
                if (r < 0)
                        return r;
        }
        return 0;
}

int engine_update(const struct global_opts *g, const struct update_opts *o, struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        _cleanup_close_ int rdt_fd = -1;
        _cleanup_free_ char *saved = NULL;
        struct resctrl_line lines[2];
        struct spec_resources *r = NULL;
        struct cgroup *cg = NULL;
        size_t n = 0;
        int rc;

        rc = container_open(g, o->id, true, &c, err);
        if (rc < 0)
                return rc;
        if (c->status == STATUS_STOPPED)
                return error_set(err, EINVAL, "container not running");
        if (!c->cgroup_path)
                return error_set(err, ENOTSUP, "container \"%s\" has no cgroup", c->id);
        rc = load_resources(o->resources, &r, err);
        if (rc >= 0)
                rc = merge_flags(o, r, err);
        if (rc >= 0)
                spec_resources_unset_zeros(r);
        if (rc >= 0)
                rc = rdt_prepare(c, o, lines, &n, &rdt_fd, err);
        if (rc >= 0)
                rc = container_cgroup(c, &cg, err);
        /* The schemata first: it puts itself back when refused, and is put back when the cgroup is. */
        if (rc >= 0 && rdt_fd >= 0)
                rc = resctrl_schemata_write(rdt_fd, c->rdt, lines, n, &saved, err);
        if (rc >= 0) {
                rc = cgroup_update(cg, r, err);
                if (rc < 0 && saved) {
                        struct error e = ERROR_INIT;
                        if (resctrl_schemata_restore(rdt_fd, c->rdt, saved, lines, n, &e) < 0)
                                log_warn("%s", e.msg);
                }
        }
        cgroup_free(cg);
        spec_resources_free(r);
        return rc;
}
