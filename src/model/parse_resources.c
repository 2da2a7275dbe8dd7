/* SPDX-License-Identifier: Apache-2.0 */
/* "linux.resources" (and update's --resources JSON): devices, memory, cpu, pids, hugepages, network, rdma,
 * unified. blockIO is in parse_blockio.c. */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "parse.h"

/* A rule's access as runc reads it (its v1 rule set): the letters r, w and m count, in that order, and any
 * other letter is dropped, so the "rwa" some configs carry is "rw". A non-empty access left with none of
 * the three asks for nothing and is refused. */
static int device_access_normalise(const struct jctx *j, const char *ip, char *access)
{
        char fp[JPATH_MAX], *o = access;

        if (!access || !*access)
                return 0;
        bool r = strchr(access, 'r'), w = strchr(access, 'w'), m = strchr(access, 'm');
        if (!r && !w && !m) {
                jpath(fp, sizeof(fp), ip, "access");
                return jerr(j, fp, "\"%s\" has none of r, w and m", access);
        }
        if (r)
                *o++ = 'r';
        if (w)
                *o++ = 'w';
        if (m)
                *o++ = 'm';
        *o = '\0';
        return 0;
}

static int parse_device_rule(const struct jctx *j, json_object *e, const char *ip,
                             struct spec_device_cgroup *d)
{
        char fp[JPATH_MAX], *type = NULL;
        int r;

        r = jget_bool(j, e, ip, "allow", &d->allow);
        jpath(fp, sizeof(fp), ip, "allow");
        if (r <= 0)
                return r < 0 ? r : jerr(j, fp, "missing");
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
        return device_access_normalise(j, ip, d->access);
}

static int parse_device_rules(const struct jctx *j, json_object *o, const char *path,
                              struct spec_resources *res)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r = jget_object_array(j, o, path, "devices", sizeof(*res->devices), (void **)&res->devices,
                                  &res->n_devices, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "devices");
        for (size_t i = 0; i < res->n_devices; i++)
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = parse_device_rule(j, e, ip, &res->devices[i])) < 0)
                        return r;
        return 0;
}

/* An int64 limit where -1 means "unlimited". */
static int limit64(const struct jctx *j, json_object *o, const char *path, const char *key, int64_t *out,
                   bool *has)
{
        int r = jget_int64(j, o, path, key, -1, INT64_MAX, out);

        if (r > 0)
                *has = true;
        return r;
}

static int optional_bool(const struct jctx *j, json_object *o, const char *path, const char *key, bool *out,
                         bool *has)
{
        int r = jget_bool(j, o, path, key, out);

        if (r > 0)
                *has = true;
        return r;
}

static int parse_memory(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *m;
        char p[JPATH_MAX], fp[JPATH_MAX];
        struct spec_memory *mem;
        int r = jget_object(j, o, path, "memory", &m);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "memory");
        mem = res->memory = calloc(1, sizeof(*mem));
        if (!mem)
                return jnomem(j, p);
        if ((r = limit64(j, m, p, "limit", &mem->limit, &mem->has_limit)) < 0 ||
            (r = limit64(j, m, p, "reservation", &mem->reservation, &mem->has_reservation)) < 0 ||
            (r = limit64(j, m, p, "swap", &mem->swap, &mem->has_swap)) < 0 ||
            (r = limit64(j, m, p, "kernel", &mem->kernel, &mem->has_kernel)) < 0 ||
            (r = limit64(j, m, p, "kernelTCP", &mem->kernel_tcp, &mem->has_kernel_tcp)) < 0 ||
            (r = jget_uint64(j, m, p, "swappiness", 100, &mem->swappiness)) < 0)
                return r;
        mem->has_swappiness = r > 0;
        if ((r = optional_bool(j, m, p, "disableOOMKiller", &mem->disable_oom_killer,
                               &mem->has_disable_oom_killer)) < 0 ||
            (r = optional_bool(j, m, p, "useHierarchy", &mem->use_hierarchy, &mem->has_use_hierarchy)) < 0 ||
            (r = optional_bool(j, m, p, "checkBeforeUpdate", &mem->check_before_update,
                               &mem->has_check_before_update)) < 0)
                return r;
        /* swap is memory plus swap: below the memory limit neither cgroup version can take it. */
        jpath(fp, sizeof(fp), p, "swap");
        if (mem->has_limit && mem->has_swap && mem->limit > 0 && mem->swap > 0 && mem->swap < mem->limit)
                return jerr(j, fp, "memory+swap limit %lld is below the memory limit %lld",
                            (long long)mem->swap, (long long)mem->limit);
        return 0;
}

static int optional_u64(const struct jctx *j, json_object *o, const char *path, const char *key,
                        uint64_t *out, bool *has)
{
        int r = jget_uint64(j, o, path, key, UINT64_MAX, out);

        if (r > 0)
                *has = true;
        return r;
}

static int check_cpu(const struct jctx *j, const char *p, const struct spec_cpu *cpu)
{
        char fp[JPATH_MAX];
        int r;

        jpath(fp, sizeof(fp), p, "idle");
        if (cpu->has_idle && cpu->idle != 0 && cpu->idle != 1)
                return jerr(j, fp, "must be 0 or 1, got %lld", (long long)cpu->idle);
        jpath(fp, sizeof(fp), p, "burst");
        if (cpu->has_burst && cpu->has_quota && cpu->quota > 0 && cpu->burst > (uint64_t)cpu->quota)
                return jerr(j, fp, "%llu is above the quota %lld", (unsigned long long)cpu->burst,
                            (long long)cpu->quota);
        jpath(fp, sizeof(fp), p, "cpus");
        if (cpu->cpus && (r = check_cpu_list(j, fp, cpu->cpus, true)) < 0)
                return r;
        jpath(fp, sizeof(fp), p, "mems");
        if (cpu->mems && (r = check_cpu_list(j, fp, cpu->mems, true)) < 0)
                return r;
        return 0;
}

static int parse_cpu(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *c;
        char p[JPATH_MAX];
        struct spec_cpu *cpu;
        int r = jget_object(j, o, path, "cpu", &c);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "cpu");
        cpu = res->cpu = calloc(1, sizeof(*cpu));
        if (!cpu)
                return jnomem(j, p);
        if ((r = optional_u64(j, c, p, "shares", &cpu->shares, &cpu->has_shares)) < 0 ||
            (r = limit64(j, c, p, "quota", &cpu->quota, &cpu->has_quota)) < 0 ||
            (r = optional_u64(j, c, p, "burst", &cpu->burst, &cpu->has_burst)) < 0 ||
            (r = optional_u64(j, c, p, "period", &cpu->period, &cpu->has_period)) < 0 ||
            (r = limit64(j, c, p, "realtimeRuntime", &cpu->realtime_runtime, &cpu->has_realtime_runtime)) <
                0 ||
            (r = optional_u64(j, c, p, "realtimePeriod", &cpu->realtime_period, &cpu->has_realtime_period)) <
                0 ||
            (r = jget_int64(j, c, p, "idle", INT64_MIN, INT64_MAX, &cpu->idle)) < 0)
                return r;
        cpu->has_idle = r > 0;
        if ((r = jget_string(j, c, p, "cpus", &cpu->cpus)) < 0 ||
            (r = jget_string(j, c, p, "mems", &cpu->mems)) < 0)
                return r;
        return check_cpu(j, p, cpu);
}

/* "2MB", "1GB", "64KB": it names a cgroup file (hugetlb.2MB.limit_in_bytes), so nothing else. */
static int check_page_size(const struct jctx *j, const char *path, const char *s)
{
        size_t digits = strspn(s, "0123456789");

        if (digits == 0 || digits > 6 || s[0] == '0' || strlen(s + digits) != 2 ||
            !strchr("KMGT", s[digits]) || s[digits + 1] != 'B')
                return jerr(j, path, "\"%s\" is not a page size like \"2MB\"", s);
        return 0;
}

static int parse_hugepages(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX], fp[JPATH_MAX];
        int r = jget_object_array(j, o, path, "hugepageLimits", sizeof(*res->hugepage_limits),
                                  (void **)&res->hugepage_limits, &res->n_hugepage_limits, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "hugepageLimits");
        for (size_t i = 0; i < res->n_hugepage_limits; i++) {
                struct spec_hugepage_limit *h = &res->hugepage_limits[i];
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = jget_string_req(j, e, ip, "pageSize", &h->page_size)) < 0 ||
                    (r = jget_uint64(j, e, ip, "limit", UINT64_MAX, &h->limit)) < 0)
                        return r;
                jpath(fp, sizeof(fp), ip, "pageSize");
                if ((r = check_page_size(j, fp, h->page_size)) < 0)
                        return r;
        }
        return 0;
}

static int parse_network(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *n, *arr, *e;
        char p[JPATH_MAX], ap[JPATH_MAX], ip[JPATH_MAX], fp[JPATH_MAX];
        struct spec_network *net;
        int r = jget_object(j, o, path, "network", &n);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "network");
        net = res->network = calloc(1, sizeof(*net));
        if (!net)
                return jnomem(j, p);
        if ((r = jget_uint32(j, n, p, "classID", &net->class_id)) < 0)
                return r;
        net->has_class_id = r > 0;
        r = jget_object_array(j, n, p, "priorities", sizeof(*net->priorities), (void **)&net->priorities,
                              &net->n_priorities, &arr);
        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), p, "priorities");
        for (size_t i = 0; i < net->n_priorities; i++) {
                struct spec_net_priority *np = &net->priorities[i];
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = jget_string_req(j, e, ip, "name", &np->name)) < 0 ||
                    (r = jget_uint32(j, e, ip, "priority", &np->priority)) < 0)
                        return r;
                jpath(fp, sizeof(fp), ip, "name");
                if ((r = check_ifname(j, fp, np->name)) < 0)
                        return r;
        }
        return 0;
}

static int parse_rdma_entry(const struct jctx *j, json_object *val, const char *fp, struct spec_rdma *rd)
{
        int r;

        if (!val || !json_object_is_type(val, json_type_object))
                return jerr(j, fp, "expected an object, got %s", val ? jtype_name(val) : "null");
        if (!*rd->device || strpbrk(rd->device, " \t\n"))
                return jerr(j, fp, "not an RDMA device name");
        if ((r = jget_uint32(j, val, fp, "hcaHandles", &rd->hca_handles)) < 0)
                return r;
        rd->has_hca_handles = r > 0;
        if ((r = jget_uint32(j, val, fp, "hcaObjects", &rd->hca_objects)) < 0)
                return r;
        rd->has_hca_objects = r > 0;
        if (!rd->has_hca_handles && !rd->has_hca_objects)
                return jerr(j, fp, "needs hcaHandles or hcaObjects");
        return 0;
}

static int parse_rdma(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *e;
        char p[JPATH_MAX], fp[JPATH_MAX];
        int r = jget_object(j, o, path, "rdma", &e);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "rdma");
        res->rdma = calloc(json_object_object_length(e) + 1, sizeof(*res->rdma));
        if (!res->rdma)
                return jnomem(j, p);
        json_object_object_foreach(e, key, val)
        {
                struct spec_rdma *rd = &res->rdma[res->n_rdma];

                jpath_key(fp, sizeof(fp), p, key);
                rd->device = strdup(key);
                if (!rd->device)
                        return jnomem(j, fp);
                res->n_rdma++;
                if ((r = parse_rdma_entry(j, val, fp, rd)) < 0)
                        return r;
        }
        return 0;
}

/* cgroup v2 file names: "controller.file", one path component. */
static int parse_unified(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        char p[JPATH_MAX], kp[JPATH_MAX];
        int r = jget_map(j, o, path, "unified", &res->unified, &res->n_unified);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "unified");
        for (size_t i = 0; i < res->n_unified; i++) {
                const char *k = res->unified[i].key;
                if (!*k || strchr(k, '/') || k[0] == '.' || !strchr(k, '.')) {
                        jpath_key(kp, sizeof(kp), p, k);
                        return jerr(j, kp, "not a cgroup v2 file name (controller.file)");
                }
        }
        return 0;
}

/*
 * The fields where runc reads 0 as "not set" and writes nothing, at create and at update: engines rely on
 * it (dockerd sends blockIO.weight 0 and cpu.shares 0 in every config, and 0 for every field an update
 * leaves alone). Swappiness, burst, idle, throttles, hugepage and rdma limits keep their 0: there it is a
 * value. This is the one home of the rule; the cgroup writers see only what is set.
 */
void spec_resources_unset_zeros(struct spec_resources *r)
{
        if (!r)
                return;
        if (r->memory) {
                struct spec_memory *m = r->memory;

                m->has_limit &= m->limit != 0;
                m->has_reservation &= m->reservation != 0;
                m->has_swap &= m->swap != 0;
                m->has_kernel &= m->kernel != 0;
                m->has_kernel_tcp &= m->kernel_tcp != 0;
        }
        if (r->cpu) {
                struct spec_cpu *c = r->cpu;

                c->has_shares &= c->shares != 0;
                c->has_quota &= c->quota != 0;
                c->has_period &= c->period != 0;
                c->has_realtime_runtime &= c->realtime_runtime != 0;
                c->has_realtime_period &= c->realtime_period != 0;
                if (c->cpus && !*c->cpus) {
                        free(c->cpus);
                        c->cpus = NULL;
                }
                if (c->mems && !*c->mems) {
                        free(c->mems);
                        c->mems = NULL;
                }
        }
        r->has_pids_limit &= r->pids_limit != 0;
        if (r->block_io) {
                struct spec_block_io *b = r->block_io;

                b->has_weight &= b->weight != 0;
                b->has_leaf_weight &= b->leaf_weight != 0;
                for (size_t i = 0; i < b->n_weight_device; i++) {
                        b->weight_device[i].has_weight &= b->weight_device[i].weight != 0;
                        b->weight_device[i].has_leaf_weight &= b->weight_device[i].leaf_weight != 0;
                }
        }
        if (r->network)
                r->network->has_class_id &= r->network->class_id != 0;
}

int parse_resources(const struct jctx *j, json_object *o, const char *path, struct spec_resources **out)
{
        struct spec_resources *res = calloc(1, sizeof(*res));
        json_object *e;
        char p[JPATH_MAX];
        int r;

        if (!res)
                return jnomem(j, path);
        *out = res;
        if ((r = parse_device_rules(j, o, path, res)) < 0 || (r = parse_memory(j, o, path, res)) < 0 ||
            (r = parse_cpu(j, o, path, res)) < 0 || (r = parse_block_io(j, o, path, res)) < 0 ||
            (r = parse_hugepages(j, o, path, res)) < 0 || (r = parse_network(j, o, path, res)) < 0 ||
            (r = parse_rdma(j, o, path, res)) < 0 || (r = parse_unified(j, o, path, res)) < 0)
                return r;
        r = jget_object(j, o, path, "pids", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(p, sizeof(p), path, "pids");
                if ((r = jget_int64(j, e, p, "limit", INT64_MIN, INT64_MAX, &res->pids_limit)) < 0)
                        return r;
                res->has_pids_limit = r > 0;
        }
        spec_resources_unset_zeros(res);
        return 0;
}
