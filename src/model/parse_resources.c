/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static int each_object(const struct jctx *j, json_object *arr, const char *ap, size_t i, char *ip,
                       size_t ipsz, json_object **e)
{
        *e = json_object_array_get_idx(arr, i);
        jpath_index(ip, ipsz, ap, i);
        if (!*e || !json_object_is_type(*e, json_type_object))
                return jerr(j, ip, "expected an object, got %s", *e ? jtype_name(*e) : "null");
        return 0;
}

static int parse_device_rules(const struct jctx *j, json_object *o, const char *path,
                              struct spec_resources *res)
{
        json_object *arr, *e;
        char ap[512], ip[560], fp[600];
        int r = jget_array(j, o, path, "devices", &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "devices");
        res->n_devices = json_object_array_length(arr);
        res->devices = calloc(res->n_devices + 1, sizeof(*res->devices));
        if (!res->devices)
                return error_errno(j->err, ENOMEM, "%s", ap);
        for (size_t i = 0; i < res->n_devices; i++) {
                struct spec_device_cgroup *d = &res->devices[i];
                char *type = NULL;

                if ((r = each_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0)
                        return r;
                r = jget_bool(j, e, ip, "allow", &d->allow);
                if (r < 0)
                        return r;
                jpath(fp, sizeof(fp), ip, "allow");
                if (r == 0)
                        return jerr(j, fp, "missing");
                if ((r = jget_string(j, e, ip, "type", &type)) < 0)
                        return r;
                d->type = type ? type[0] : 'a';
                jpath(fp, sizeof(fp), ip, "type");
                if (type && (strlen(type) != 1 || !strchr("acb", type[0]))) {
                        r = jerr(j, fp, "unknown device type \"%s\" (a, c or b)", type);
                        free(type);
                        return r;
                }
                free(type);
                d->major = d->minor = -1;
                if ((r = jget_int64(j, e, ip, "major", -1, INT64_MAX, &d->major)) < 0)
                        return r;
                d->has_major = r > 0;
                if ((r = jget_int64(j, e, ip, "minor", -1, INT64_MAX, &d->minor)) < 0)
                        return r;
                d->has_minor = r > 0;
                if ((r = jget_string(j, e, ip, "access", &d->access)) < 0)
                        return r;
                if (d->access && (strspn(d->access, "rwm") != strlen(d->access))) {
                        jpath(fp, sizeof(fp), ip, "access");
                        return jerr(j, fp, "\"%s\" is not a combination of r, w and m", d->access);
                }
        }
        return 0;
}

static int parse_memory(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *m;
        char p[512];
        struct spec_memory *mem;
        int r = jget_object(j, o, path, "memory", &m);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "memory");
        mem = res->memory = calloc(1, sizeof(*mem));
        if (!mem)
                return error_errno(j->err, ENOMEM, "%s", p);
#define I64(key, field, has)                                                                                 \
        do {                                                                                                 \
                if ((r = jget_int64(j, m, p, key, -1, INT64_MAX, &mem->field)) < 0)                          \
                        return r;                                                                            \
                mem->has = r > 0;                                                                            \
        } while (0)
        I64("limit", limit, has_limit);
        I64("reservation", reservation, has_reservation);
        I64("swap", swap, has_swap);
        I64("kernel", kernel, has_kernel);
        I64("kernelTCP", kernel_tcp, has_kernel_tcp);
#undef I64
        if ((r = jget_uint64(j, m, p, "swappiness", 100, &mem->swappiness)) < 0)
                return r;
        mem->has_swappiness = r > 0;
        if ((r = jget_bool(j, m, p, "disableOOMKiller", &mem->disable_oom_killer)) < 0)
                return r;
        mem->has_disable_oom_killer = r > 0;
        if ((r = jget_bool(j, m, p, "useHierarchy", &mem->use_hierarchy)) < 0)
                return r;
        mem->has_use_hierarchy = r > 0;
        if ((r = jget_bool(j, m, p, "checkBeforeUpdate", &mem->check_before_update)) < 0)
                return r;
        mem->has_check_before_update = r > 0;
        return 0;
}

static int parse_cpu(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *c;
        char p[512];
        struct spec_cpu *cpu;
        int r = jget_object(j, o, path, "cpu", &c);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "cpu");
        cpu = res->cpu = calloc(1, sizeof(*cpu));
        if (!cpu)
                return error_errno(j->err, ENOMEM, "%s", p);
        if ((r = jget_uint64(j, c, p, "shares", UINT64_MAX, &cpu->shares)) < 0)
                return r;
        cpu->has_shares = r > 0;
        if ((r = jget_int64(j, c, p, "quota", -1, INT64_MAX, &cpu->quota)) < 0)
                return r;
        cpu->has_quota = r > 0;
        if ((r = jget_uint64(j, c, p, "burst", UINT64_MAX, &cpu->burst)) < 0)
                return r;
        cpu->has_burst = r > 0;
        if ((r = jget_uint64(j, c, p, "period", UINT64_MAX, &cpu->period)) < 0)
                return r;
        cpu->has_period = r > 0;
        if ((r = jget_int64(j, c, p, "realtimeRuntime", -1, INT64_MAX, &cpu->realtime_runtime)) < 0)
                return r;
        cpu->has_realtime_runtime = r > 0;
        if ((r = jget_uint64(j, c, p, "realtimePeriod", UINT64_MAX, &cpu->realtime_period)) < 0)
                return r;
        cpu->has_realtime_period = r > 0;
        if ((r = jget_int64(j, c, p, "idle", INT64_MIN, INT64_MAX, &cpu->idle)) < 0)
                return r;
        cpu->has_idle = r > 0;
        if ((r = jget_string(j, c, p, "cpus", &cpu->cpus)) < 0 ||
            (r = jget_string(j, c, p, "mems", &cpu->mems)) < 0)
                return r;
        return 0;
}

static int parse_throttle(const struct jctx *j, json_object *o, const char *path, const char *key,
                          struct spec_throttle_device **out, size_t *n)
{
        json_object *arr, *e;
        char ap[600], ip[640];
        int r = jget_array(j, o, path, key, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, key);
        *n = json_object_array_length(arr);
        *out = calloc(*n + 1, sizeof(**out));
        if (!*out)
                return error_errno(j->err, ENOMEM, "%s", ap);
        for (size_t i = 0; i < *n; i++) {
                struct spec_throttle_device *t = &(*out)[i];
                if ((r = each_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = jget_int64(j, e, ip, "major", 0, INT64_MAX, &t->major)) < 0 ||
                    (r = jget_int64(j, e, ip, "minor", 0, INT64_MAX, &t->minor)) < 0 ||
                    (r = jget_uint64(j, e, ip, "rate", UINT64_MAX, &t->rate)) < 0)
                        return r;
        }
        return 0;
}

static int weight16(const struct jctx *j, json_object *o, const char *path, const char *key, uint16_t *out,
                    bool *has)
{
        uint64_t v;
        int r = jget_uint64(j, o, path, key, UINT16_MAX, &v);

        if (r > 0) {
                *out = (uint16_t)v;
                *has = true;
        }
        return r;
}

static int parse_block_io(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *b, *arr, *e;
        char p[512], ap[600], ip[640];
        struct spec_block_io *bio;
        int r = jget_object(j, o, path, "blockIO", &b);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "blockIO");
        bio = res->block_io = calloc(1, sizeof(*bio));
        if (!bio)
                return error_errno(j->err, ENOMEM, "%s", p);
        if ((r = weight16(j, b, p, "weight", &bio->weight, &bio->has_weight)) < 0 ||
            (r = weight16(j, b, p, "leafWeight", &bio->leaf_weight, &bio->has_leaf_weight)) < 0 ||
            (r = parse_throttle(j, b, p, "throttleReadBpsDevice", &bio->throttle_read_bps,
                                &bio->n_throttle_read_bps)) < 0 ||
            (r = parse_throttle(j, b, p, "throttleWriteBpsDevice", &bio->throttle_write_bps,
                                &bio->n_throttle_write_bps)) < 0 ||
            (r = parse_throttle(j, b, p, "throttleReadIOPSDevice", &bio->throttle_read_iops,
                                &bio->n_throttle_read_iops)) < 0 ||
            (r = parse_throttle(j, b, p, "throttleWriteIOPSDevice", &bio->throttle_write_iops,
                                &bio->n_throttle_write_iops)) < 0)
                return r;
        r = jget_array(j, b, p, "weightDevice", &arr);
        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), p, "weightDevice");
        bio->n_weight_device = json_object_array_length(arr);
        bio->weight_device = calloc(bio->n_weight_device + 1, sizeof(*bio->weight_device));
        if (!bio->weight_device)
                return error_errno(j->err, ENOMEM, "%s", ap);
        for (size_t i = 0; i < bio->n_weight_device; i++) {
                struct spec_weight_device *w = &bio->weight_device[i];
                if ((r = each_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = jget_int64(j, e, ip, "major", 0, INT64_MAX, &w->major)) < 0 ||
                    (r = jget_int64(j, e, ip, "minor", 0, INT64_MAX, &w->minor)) < 0 ||
                    (r = weight16(j, e, ip, "weight", &w->weight, &w->has_weight)) < 0 ||
                    (r = weight16(j, e, ip, "leafWeight", &w->leaf_weight, &w->has_leaf_weight)) < 0)
                        return r;
        }
        return 0;
}

static int parse_rest(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *arr, *e, *n;
        char p[512], ip[600], fp[700];
        int r;

        r = jget_object(j, o, path, "pids", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(p, sizeof(p), path, "pids");
                if ((r = jget_int64(j, e, p, "limit", INT64_MIN, INT64_MAX, &res->pids_limit)) < 0)
                        return r;
                res->has_pids_limit = r > 0;
        }
        r = jget_array(j, o, path, "hugepageLimits", &arr);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(p, sizeof(p), path, "hugepageLimits");
                res->n_hugepage_limits = json_object_array_length(arr);
                res->hugepage_limits = calloc(res->n_hugepage_limits + 1, sizeof(*res->hugepage_limits));
                if (!res->hugepage_limits)
                        return error_errno(j->err, ENOMEM, "%s", p);
                for (size_t i = 0; i < res->n_hugepage_limits; i++) {
                        struct spec_hugepage_limit *h = &res->hugepage_limits[i];
                        if ((r = each_object(j, arr, p, i, ip, sizeof(ip), &e)) < 0 ||
                            (r = jget_string(j, e, ip, "pageSize", &h->page_size)) < 0 ||
                            (r = jget_uint64(j, e, ip, "limit", UINT64_MAX, &h->limit)) < 0)
                                return r;
                        if (!h->page_size) {
                                jpath(fp, sizeof(fp), ip, "pageSize");
                                return jerr(j, fp, "missing");
                        }
                }
        }
        r = jget_object(j, o, path, "network", &n);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(p, sizeof(p), path, "network");
                res->network = calloc(1, sizeof(*res->network));
                if (!res->network)
                        return error_errno(j->err, ENOMEM, "%s", p);
                if ((r = jget_uint32(j, n, p, "classID", &res->network->class_id)) < 0)
                        return r;
                res->network->has_class_id = r > 0;
                r = jget_array(j, n, p, "priorities", &arr);
                if (r < 0)
                        return r;
                if (r > 0) {
                        char pp[560];
                        jpath(pp, sizeof(pp), p, "priorities");
                        res->network->n_priorities = json_object_array_length(arr);
                        res->network->priorities =
                            calloc(res->network->n_priorities + 1, sizeof(struct spec_net_priority));
                        if (!res->network->priorities)
                                return error_errno(j->err, ENOMEM, "%s", pp);
                        for (size_t i = 0; i < res->network->n_priorities; i++) {
                                struct spec_net_priority *np = &res->network->priorities[i];
                                if ((r = each_object(j, arr, pp, i, ip, sizeof(ip), &e)) < 0 ||
                                    (r = jget_string(j, e, ip, "name", &np->name)) < 0 ||
                                    (r = jget_uint32(j, e, ip, "priority", &np->priority)) < 0)
                                        return r;
                        }
                }
        }
        r = jget_object(j, o, path, "rdma", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                size_t i = 0;
                jpath(p, sizeof(p), path, "rdma");
                res->rdma = calloc(json_object_object_length(e) + 1, sizeof(*res->rdma));
                if (!res->rdma)
                        return error_errno(j->err, ENOMEM, "%s", p);
                json_object_object_foreach(e, key, val)
                {
                        struct spec_rdma *rd = &res->rdma[i];
                        snprintf(fp, sizeof(fp), "%s.%s", p, key);
                        if (!val || !json_object_is_type(val, json_type_object))
                                return jerr(j, fp, "expected an object, got %s",
                                            val ? jtype_name(val) : "null");
                        rd->device = strdup(key);
                        res->n_rdma = ++i;
                        if ((r = jget_uint32(j, val, fp, "hcaHandles", &rd->hca_handles)) < 0)
                                return r;
                        rd->has_hca_handles = r > 0;
                        if ((r = jget_uint32(j, val, fp, "hcaObjects", &rd->hca_objects)) < 0)
                                return r;
                        rd->has_hca_objects = r > 0;
                }
        }
        if ((r = jget_map(j, o, path, "unified", &res->unified, &res->n_unified)) < 0)
                return r;
        for (size_t i = 0; i < res->n_unified; i++) {
                const char *k = res->unified[i].key;
                jpath(p, sizeof(p), path, "unified");
                if (!*k || strchr(k, '/') || !strcmp(k, ".") || !strcmp(k, "..") || !strchr(k, '.'))
                        return jerr(j, p, "\"%s\" is not a cgroup v2 file name (controller.file)", k);
        }
        return 0;
}

int parse_resources(const struct jctx *j, json_object *o, const char *path, struct spec_resources **out)
{
        struct spec_resources *res = calloc(1, sizeof(*res));
        int r;

        if (!res)
                return error_errno(j->err, ENOMEM, "%s", path);
        *out = res;
        if ((r = parse_device_rules(j, o, path, res)) < 0 || (r = parse_memory(j, o, path, res)) < 0 ||
            (r = parse_cpu(j, o, path, res)) < 0 || (r = parse_block_io(j, o, path, res)) < 0 ||
            (r = parse_rest(j, o, path, res)) < 0)
                return r;
        return 0;
}
