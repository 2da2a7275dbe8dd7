/* SPDX-License-Identifier: Apache-2.0 */
/* update: a LinuxResources JSON and/or runc's per-field flags, validated, then applied with undo. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "linux/cgroup.h"
#include "linux/resctrl.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/parse.h"

static int parse_bytes(const char *flag, const char *s, int64_t *out, struct error *err)
{
        int r = parse_size(s, out);

        if (r == -ERANGE)
                return error_set(err, ERANGE, "--%s: size \"%s\" is out of range", flag, s);
        if (r < 0)
                return error_set(err, EINVAL, "--%s: invalid size \"%s\"", flag, s);
        return 0;
}

static int parse_i64(const char *flag, const char *s, int64_t *out, struct error *err)
{
        if (parse_int64(s, out) < 0)
                return error_set(err, EINVAL, "--%s: \"%s\" is not an integer", flag, s);
        return 0;
}

static int parse_u64(const char *flag, const char *s, uint64_t *out, struct error *err)
{
        if (parse_uint64(s, out) < 0)
                return error_set(err, EINVAL, "--%s: \"%s\" is not an unsigned integer", flag, s);
        return 0;
}

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

static int merge_memory(const struct update_opts *o, struct spec_resources *r, struct error *err)
{
        struct spec_memory *m;
        int rc;

        if (!o->memory && !o->memory_swap && !o->memory_reservation && !o->kernel_memory &&
            !o->kernel_memory_tcp)
                return 0;
        if (!r->memory && !(r->memory = calloc(1, sizeof(*r->memory))))
                return error_errno(err, ENOMEM, "update");
        m = r->memory;
        if (o->memory && (rc = parse_bytes("memory", o->memory, &m->limit, err)) < 0)
                return rc;
        m->has_limit |= o->memory != NULL;
        if (o->memory_swap && (rc = parse_bytes("memory-swap", o->memory_swap, &m->swap, err)) < 0)
                return rc;
        m->has_swap |= o->memory_swap != NULL;
        if (o->memory_reservation &&
            (rc = parse_bytes("memory-reservation", o->memory_reservation, &m->reservation, err)) < 0)
                return rc;
        m->has_reservation |= o->memory_reservation != NULL;
        if (o->kernel_memory && (rc = parse_bytes("kernel-memory", o->kernel_memory, &m->kernel, err)) < 0)
                return rc;
        m->has_kernel |= o->kernel_memory != NULL;
        if (o->kernel_memory_tcp &&
            (rc = parse_bytes("kernel-memory-tcp", o->kernel_memory_tcp, &m->kernel_tcp, err)) < 0)
                return rc;
        m->has_kernel_tcp |= o->kernel_memory_tcp != NULL;
        return 0;
}

static int merge_cpu(const struct update_opts *o, struct spec_resources *r, struct error *err)
{
        struct spec_cpu *c;
        int rc;

        if (!o->cpu_shares && !o->cpu_quota && !o->cpu_period && !o->cpu_burst && !o->cpu_rt_period &&
            !o->cpu_rt_runtime && !o->cpuset_cpus && !o->cpuset_mems && !o->cpu_idle)
                return 0;
        if (!r->cpu && !(r->cpu = calloc(1, sizeof(*r->cpu))))
                return error_errno(err, ENOMEM, "update");
        c = r->cpu;
        if (o->cpu_shares && (rc = parse_u64("cpu-shares", o->cpu_shares, &c->shares, err)) < 0)
                return rc;
        c->has_shares |= o->cpu_shares != NULL;
        if (o->cpu_quota && (rc = parse_i64("cpu-quota", o->cpu_quota, &c->quota, err)) < 0)
                return rc;
        c->has_quota |= o->cpu_quota != NULL;
        if (o->cpu_period && (rc = parse_u64("cpu-period", o->cpu_period, &c->period, err)) < 0)
                return rc;
        c->has_period |= o->cpu_period != NULL;
        if (o->cpu_burst && (rc = parse_u64("cpu-burst", o->cpu_burst, &c->burst, err)) < 0)
                return rc;
        c->has_burst |= o->cpu_burst != NULL;
        if (o->cpu_rt_period &&
            (rc = parse_u64("cpu-rt-period", o->cpu_rt_period, &c->realtime_period, err)) < 0)
                return rc;
        c->has_realtime_period |= o->cpu_rt_period != NULL;
        if (o->cpu_rt_runtime &&
            (rc = parse_i64("cpu-rt-runtime", o->cpu_rt_runtime, &c->realtime_runtime, err)) < 0)
                return rc;
        c->has_realtime_runtime |= o->cpu_rt_runtime != NULL;
        if (o->cpu_idle && (rc = parse_i64("cpu-idle", o->cpu_idle, &c->idle, err)) < 0)
                return rc;
        c->has_idle |= o->cpu_idle != NULL;
        if (o->cpuset_cpus) {
                free(c->cpus);
                c->cpus = strdup(o->cpuset_cpus);
        }
        if (o->cpuset_mems) {
                free(c->mems);
                c->mems = strdup(o->cpuset_mems);
        }
        return 0;
}

static int merge_flags(const struct update_opts *o, struct spec_resources *r, struct error *err)
{
        int rc;

        if ((rc = merge_memory(o, r, err)) < 0 || (rc = merge_cpu(o, r, err)) < 0)
                return rc;
        if (o->pids_limit) {
                if ((rc = parse_i64("pids-limit", o->pids_limit, &r->pids_limit, err)) < 0)
                        return rc;
                r->has_pids_limit = true;
        }
        if (o->blkio_weight) {
                uint64_t w;
                if ((rc = parse_u64("blkio-weight", o->blkio_weight, &w, err)) < 0)
                        return rc;
                if (w && (w < 10 || w > 1000))
                        return error_set(err, EINVAL, "--blkio-weight: %" PRIu64 " is not in [10, 1000]", w);
                if (!r->block_io && !(r->block_io = calloc(1, sizeof(*r->block_io))))
                        return error_errno(err, ENOMEM, "update");
                r->block_io->weight = (uint16_t)w;
                r->block_io->has_weight = true;
        }
        return 0;
}

/*
 * --l3-cache-schema and --mem-bw-schema go to the schemata of the container's resctrl group (as
 * runc's do; LinuxResources has no intelRdt, so --resources carries none). An empty value is no
 * value, as with runc. Checked before anything changes: the lines, resctrl, the container's group
 * and the resources the lines name. *fd is an fd of resctrl, or -1 when there is nothing to write.
 */
static int rdt_prepare(const struct container *c, const struct update_opts *o, struct resctrl_line *lines,
                       size_t *n, int *fd, struct error *err)
{
        int r;

        *n = 0;
        *fd = -1;
        if (o->l3_cache_schema && *o->l3_cache_schema)
                lines[(*n)++] = (struct resctrl_line){"--l3-cache-schema", o->l3_cache_schema};
        if (o->mem_bw_schema && *o->mem_bw_schema)
                lines[(*n)++] = (struct resctrl_line){"--mem-bw-schema", o->mem_bw_schema};
        if (!*n)
                return 0;
        for (size_t i = 0; i < *n; i++)
                if (strchr(lines[i].text, '\n'))
                        return error_set(err, EINVAL, "%s: \"%s\" must be one line", lines[i].field,
                                         lines[i].text);
        if (o->mem_bw_schema && *o->mem_bw_schema && strncmp(o->mem_bw_schema, "MB:", 3))
                return error_set(err, EINVAL, "--mem-bw-schema: \"%s\" must start with \"MB:\"",
                                 o->mem_bw_schema);
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
