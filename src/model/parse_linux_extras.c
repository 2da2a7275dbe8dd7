/* SPDX-License-Identifier: Apache-2.0 */
/* The smaller members of "linux": timeOffsets, intelRdt, personality, memoryPolicy, netDevices. */
#include <stdlib.h>
#include <string.h>
#include <linux/mempolicy.h>

#include "checks.h"
#include "names.h"
#include "parse.h"
#include "util/cleanup.h"

static int parse_time_offset(const struct jctx *j, json_object *o, const char *path, const char *key,
                             struct spec_time_offset *t)
{
        json_object *e;
        char p[JPATH_MAX], np[JPATH_MAX];
        int r = jget_object(j, o, path, key, &e);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        t->present = true;
        if ((r = jget_int64(j, e, p, "secs", INT64_MIN, INT64_MAX, &t->secs)) < 0 ||
            (r = jget_uint32(j, e, p, "nanosecs", &t->nanosecs)) < 0)
                return r;
        if (t->nanosecs >= 1000000000u) {
                jpath(np, sizeof(np), p, "nanosecs");
                return jerr(j, np, "must be below 1000000000");
        }
        return 0;
}

static int parse_time_offsets(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *t;
        char p[JPATH_MAX];
        int r = jget_object(j, o, path, "timeOffsets", &t);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "timeOffsets");
        if ((r = parse_time_offset(j, t, p, "monotonic", &l->time_monotonic)) < 0 ||
            (r = parse_time_offset(j, t, p, "boottime", &l->time_boottime)) < 0)
                return r;
        return 0;
}

static int check_rdt(const struct jctx *j, const char *p, const struct spec_intel_rdt *rdt)
{
        char fp[JPATH_MAX], ip[JPATH_MAX];
        const char *c = rdt->clos_id;

        jpath(fp, sizeof(fp), p, "closID");
        if (c && strcmp(c, "/") &&
            (!*c || strchr(c, '/') || !strcmp(c, ".") || !strcmp(c, "..") || strchr(c, '\n')))
                return jerr(j, fp, "\"%s\" is not a resctrl group name", c);
        jpath(fp, sizeof(fp), p, "l3CacheSchema");
        if (rdt->l3_cache_schema && strchr(rdt->l3_cache_schema, '\n'))
                return jerr(j, fp, "must not contain a newline");
        jpath(fp, sizeof(fp), p, "memBwSchema");
        if (rdt->mem_bw_schema && (strncmp(rdt->mem_bw_schema, "MB:", 3) || strchr(rdt->mem_bw_schema, '\n')))
                return jerr(j, fp, "\"%s\" must start with \"MB:\" and be one line", rdt->mem_bw_schema);
        jpath(fp, sizeof(fp), p, "schemata");
        for (size_t i = 0; i < rdt->n_schemata; i++) {
                if (strchr(rdt->schemata[i], '\n')) {
                        jpath_index(ip, sizeof(ip), fp, i);
                        return jerr(j, ip, "must not contain a newline");
                }
        }
        return 0;
}

int parse_intel_rdt_fields(const struct jctx *j, json_object *e, const char *p, struct spec_intel_rdt *rdt)
{
        int r;

        if ((r = jget_string(j, e, p, "closID", &rdt->clos_id)) < 0 ||
            (r = jget_string(j, e, p, "l3CacheSchema", &rdt->l3_cache_schema)) < 0 ||
            (r = jget_string(j, e, p, "memBwSchema", &rdt->mem_bw_schema)) < 0 ||
            (r = jget_strv(j, e, p, "schemata", &rdt->schemata, &rdt->n_schemata)) < 0 ||
            (r = jget_bool(j, e, p, "enableCMT", &rdt->enable_cmt)) < 0 ||
            (r = jget_bool(j, e, p, "enableMBM", &rdt->enable_mbm)) < 0 ||
            (r = jget_bool(j, e, p, "enableMonitoring", &rdt->enable_monitoring)) < 0)
                return r;
        return check_rdt(j, p, rdt);
}

static int parse_intel_rdt(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *e;
        char p[JPATH_MAX];
        struct spec_intel_rdt *rdt;
        int r = jget_object(j, o, path, "intelRdt", &e);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "intelRdt");
        rdt = l->intel_rdt = calloc(1, sizeof(*rdt));
        if (!rdt)
                return jnomem(j, p);
        return parse_intel_rdt_fields(j, e, p, rdt);
}

static int parse_personality(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        _cleanup_strv_ char **flags = NULL;
        json_object *e;
        char p[JPATH_MAX], fp[JPATH_MAX];
        struct spec_personality *pers;
        size_t nf = 0;
        int domain, r = jget_object(j, o, path, "personality", &e);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "personality");
        pers = l->personality = calloc(1, sizeof(*pers));
        if (!pers)
                return jnomem(j, p);
        if ((r = jget_name(j, e, p, "domain", name_personality_domain, "personality domain", true, &domain)) <
                0 ||
            (r = jget_strv(j, e, p, "flags", &flags, &nf)) < 0)
                return r;
        pers->domain = (unsigned long)domain;
        jpath(fp, sizeof(fp), p, "flags");
        if ((r = jcheck_names(j, fp, flags, nf, name_personality_flag, "personality flag")) < 0)
                return r;
        for (size_t i = 0; i < nf; i++)
                pers->flags |= (unsigned long)name_personality_flag(flags[i]);
        return 0;
}

/* What set_mempolicy(2) would refuse, named now. */
static int check_memory_policy(const struct jctx *j, const char *p, const struct spec_memory_policy *mp)
{
        char fp[JPATH_MAX];
        const char *mode = mempolicy_mode_name(mp->mode);
        bool has_nodes = mp->nodes != NULL;
        bool no_nodes = mp->mode == MPOL_DEFAULT || mp->mode == MPOL_LOCAL;

        jpath(fp, sizeof(fp), p, "nodes");
        if (no_nodes && has_nodes)
                return jerr(j, fp, "%s takes no nodes", mode);
        if (!no_nodes && mp->mode != MPOL_PREFERRED && !has_nodes)
                return jerr(j, fp, "missing (%s needs at least one node)", mode);
        jpath(fp, sizeof(fp), p, "flags");
        if ((mp->flags & MPOL_F_STATIC_NODES) && (mp->flags & MPOL_F_RELATIVE_NODES))
                return jerr(j, fp, "MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other");
        return 0;
}

static int parse_memory_policy(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        _cleanup_strv_ char **flags = NULL;
        json_object *e;
        char p[JPATH_MAX], fp[JPATH_MAX];
        struct spec_memory_policy *mp;
        size_t nf = 0;
        int r = jget_object(j, o, path, "memoryPolicy", &e);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "memoryPolicy");
        mp = l->memory_policy = calloc(1, sizeof(*mp));
        if (!mp)
                return jnomem(j, p);
        if ((r = jget_name(j, e, p, "mode", name_mempolicy_mode, "memory policy mode", true, &mp->mode)) <
                0 ||
            (r = jget_strv(j, e, p, "flags", &flags, &nf)) < 0)
                return r;
        jpath(fp, sizeof(fp), p, "flags");
        if ((r = jcheck_names(j, fp, flags, nf, name_mempolicy_flag, "memory policy flag")) < 0)
                return r;
        for (size_t i = 0; i < nf; i++)
                mp->flags |= name_mempolicy_flag(flags[i]);
        if ((r = jget_cpu_list(j, e, p, "nodes", &mp->nodes)) < 0)
                return r;
        return check_memory_policy(j, p, mp);
}

/* A container name with a '%' is a template the kernel fills in: one "%d", nothing else after a '%'. */
static int check_ifname_template(const struct jctx *j, const char *path, const char *name)
{
        const char *p = strchr(name, '%');

        if (p && (p[1] != 'd' || strchr(p + 2, '%')))
                return jerr(j, path,
                            "\"%s\" is not a valid network interface name: a '%%' must be the one \"%%d\" "
                            "of a template",
                            name);
        return 0;
}

/* The name each device gets in the container must be unique (a template is made unique by the kernel). */
static int check_net_device_names(const struct jctx *j, const char *path, const struct spec_linux *l)
{
        char fp[JPATH_MAX];

        for (size_t i = 1; i < l->n_net_devices; i++) {
                const struct spec_net_device *d = &l->net_devices[i];
                const char *target = d->name ? d->name : d->host_name;

                if (strchr(target, '%'))
                        continue;
                for (size_t k = 0; k < i; k++) {
                        const struct spec_net_device *o = &l->net_devices[k];

                        if (strcmp(target, o->name ? o->name : o->host_name) != 0)
                                continue;
                        jpath_key(fp, sizeof(fp), path, d->host_name);
                        return jerr(j, fp,
                                    "\"%s\" is already the container's name of linux.netDevices[\"%s\"]",
                                    target, o->host_name);
                }
        }
        return 0;
}

/* netDevices: {"eth0": {"name": "ctr0"}}, keyed by the host's interface name. */
static int parse_net_devices(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *e;
        char p[JPATH_MAX], fp[JPATH_MAX], np[JPATH_MAX];
        int r = jget_object(j, o, path, "netDevices", &e);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "netDevices");
        l->net_devices = calloc(json_object_object_length(e) + 1, sizeof(*l->net_devices));
        if (!l->net_devices)
                return jnomem(j, p);
        json_object_object_foreach(e, key, val)
        {
                struct spec_net_device *d = &l->net_devices[l->n_net_devices];

                jpath_key(fp, sizeof(fp), p, key);
                if (!val || !json_object_is_type(val, json_type_object))
                        return jerr(j, fp, "expected an object, got %s", val ? jtype_name(val) : "null");
                if ((r = check_ifname(j, fp, key)) < 0)
                        return r;
                d->host_name = strdup(key);
                l->n_net_devices++;
                if (!d->host_name)
                        return jnomem(j, fp);
                if ((r = jget_string(j, val, fp, "name", &d->name)) < 0)
                        return r;
                jpath(np, sizeof(np), fp, "name");
                if (d->name && ((r = check_ifname(j, np, d->name)) < 0 ||
                                (r = check_ifname_template(j, np, d->name)) < 0))
                        return r;
        }
        return check_net_device_names(j, p, l);
}

int parse_linux_extras(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        int r;

        if ((r = parse_time_offsets(j, o, path, l)) < 0 || (r = parse_intel_rdt(j, o, path, l)) < 0 ||
            (r = parse_personality(j, o, path, l)) < 0 || (r = parse_memory_policy(j, o, path, l)) < 0 ||
            (r = parse_net_devices(j, o, path, l)) < 0)
                return r;
        return 0;
}
