/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "parse.h"

/* Runs f on every element of an array member, each checked to be an object. */
#define FOR_EACH_OBJECT(j, arr, apath, i, e, ipath)                                                          \
        for (size_t i = 0; i < json_object_array_length(arr); i++)                                           \
                if ((e = json_object_array_get_idx(arr, i)), jpath_index(ipath, sizeof(ipath), apath, i),    \
                    !e || !json_object_is_type(e, json_type_object))                                         \
                        return jerr(j, ipath, "expected an object, got %s", e ? jtype_name(e) : "null");     \
                else

int parse_id_mappings(const struct jctx *j, json_object *obj, const char *path, const char *key,
                      struct spec_id_mapping **out, size_t *n)
{
        json_object *arr, *e;
        char ap[512], ip[560], fp[600];
        int r = jget_array(j, obj, path, key, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, key);
        *n = json_object_array_length(arr);
        *out = calloc(*n + 1, sizeof(**out));
        if (!*out)
                return error_errno(j->err, ENOMEM, "%s", ap);
        FOR_EACH_OBJECT(j, arr, ap, i, e, ip)
        {
                struct spec_id_mapping *m = &(*out)[i];
                if ((r = jget_uint32(j, e, ip, "containerID", &m->container_id)) < 0 ||
                    (r = jget_uint32(j, e, ip, "hostID", &m->host_id)) < 0 ||
                    (r = jget_uint32(j, e, ip, "size", &m->size)) < 0)
                        return r;
                if (m->size == 0) {
                        jpath(fp, sizeof(fp), ip, "size");
                        return jerr(j, fp, "must be greater than 0");
                }
        }
        return 1;
}

static int parse_namespaces(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *arr, *e;
        char ap[512], ip[560], fp[600];
        int r = jget_array(j, o, path, "namespaces", &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "namespaces");
        FOR_EACH_OBJECT(j, arr, ap, i, e, ip)
        {
                char *type = NULL, *nspath = NULL;
                int t;

                r = jget_string(j, e, ip, "type", &type);
                if (r < 0)
                        return r;
                jpath(fp, sizeof(fp), ip, "type");
                if (r == 0)
                        return jerr(j, fp, "missing");
                t = name_namespace(type);
                if (t < 0) {
                        r = jerr(j, fp, "unknown namespace type \"%s\"", type);
                        free(type);
                        return r;
                }
                if (l->namespaces[t].present) {
                        r = jerr(j, fp, "duplicate namespace \"%s\"", type);
                        free(type);
                        return r;
                }
                free(type);
                r = jget_string(j, e, ip, "path", &nspath);
                if (r < 0)
                        return r;
                l->namespaces[t].present = true;
                if (nspath && !*nspath) {
                        free(nspath);
                        nspath = NULL;
                }
                l->namespaces[t].path = nspath;
                if (nspath) {
                        jpath(fp, sizeof(fp), ip, "path");
                        if ((r = check_absolute(j, fp, nspath)) < 0)
                                return r;
                }
        }
        return 0;
}

static int parse_devices(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *arr, *e;
        char ap[512], ip[560], fp[600];
        int r = jget_array(j, o, path, "devices", &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "devices");
        l->n_devices = json_object_array_length(arr);
        l->devices = calloc(l->n_devices + 1, sizeof(*l->devices));
        if (!l->devices)
                return error_errno(j->err, ENOMEM, "%s", ap);
        FOR_EACH_OBJECT(j, arr, ap, i, e, ip)
        {
                struct spec_device *d = &l->devices[i];
                char *type = NULL;
                int hm, hn;

                if ((r = jget_string(j, e, ip, "type", &type)) < 0)
                        return r;
                jpath(fp, sizeof(fp), ip, "type");
                if (!type || strlen(type) != 1 || !strchr("cbup", type[0])) {
                        r = jerr(j, fp, "unknown device type \"%s\" (c, b, u or p)", type ? type : "");
                        free(type);
                        return r;
                }
                d->type = type[0];
                free(type);
                if ((r = jget_string(j, e, ip, "path", &d->path)) < 0)
                        return r;
                jpath(fp, sizeof(fp), ip, "path");
                if ((r = check_absolute(j, fp, d->path)) < 0)
                        return r;
                if ((hm = jget_int64(j, e, ip, "major", 0, 0xfff, &d->major)) < 0 ||
                    (hn = jget_int64(j, e, ip, "minor", 0, 0xfffff, &d->minor)) < 0)
                        return hm < 0 ? hm : hn;
                if (d->type != 'p' && (!hm || !hn)) {
                        jpath(fp, sizeof(fp), ip, hm ? "minor" : "major");
                        return jerr(j, fp, "required for a device of type '%c'", d->type);
                }
                r = jget_uint32(j, e, ip, "fileMode", &d->file_mode);
                if (r < 0)
                        return r;
                d->has_file_mode = r > 0;
                if ((r = jget_uint32(j, e, ip, "uid", &d->uid)) < 0)
                        return r;
                d->has_uid = r > 0;
                if ((r = jget_uint32(j, e, ip, "gid", &d->gid)) < 0)
                        return r;
                d->has_gid = r > 0;
        }
        return 0;
}

static int parse_paths(const struct jctx *j, json_object *o, const char *path, const char *key, char ***out,
                       size_t *n)
{
        char ap[512], ip[560];
        int r = jget_strv(j, o, path, key, out, n);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, key);
        for (size_t i = 0; i < *n; i++) {
                jpath_index(ip, sizeof(ip), ap, i);
                if ((r = check_absolute(j, ip, (*out)[i])) < 0)
                        return r;
        }
        return 0;
}

static int parse_time_offset(const struct jctx *j, json_object *o, const char *path, const char *key,
                             struct spec_time_offset *t)
{
        json_object *e;
        char p[512];
        int r = jget_object(j, o, path, key, &e);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        t->present = true;
        if ((r = jget_int64(j, e, p, "secs", INT64_MIN, INT64_MAX, &t->secs)) < 0)
                return r;
        r = jget_uint32(j, e, p, "nanosecs", &t->nanosecs);
        if (r < 0)
                return r;
        if (t->nanosecs >= 1000000000u) {
                char np[560];
                jpath(np, sizeof(np), p, "nanosecs");
                return jerr(j, np, "must be below 1000000000");
        }
        return 0;
}

static int parse_extras(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *e, *t;
        char p[512], fp[600], ip[640];
        int r;

        /* timeOffsets */
        r = jget_object(j, o, path, "timeOffsets", &t);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(p, sizeof(p), path, "timeOffsets");
                if ((r = parse_time_offset(j, t, p, "monotonic", &l->time_monotonic)) < 0 ||
                    (r = parse_time_offset(j, t, p, "boottime", &l->time_boottime)) < 0)
                        return r;
        }
        /* intelRdt */
        r = jget_object(j, o, path, "intelRdt", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(p, sizeof(p), path, "intelRdt");
                l->intel_rdt = calloc(1, sizeof(*l->intel_rdt));
                if (!l->intel_rdt)
                        return error_errno(j->err, ENOMEM, "%s", p);
                if ((r = jget_string(j, e, p, "closID", &l->intel_rdt->clos_id)) < 0 ||
                    (r = jget_string(j, e, p, "l3CacheSchema", &l->intel_rdt->l3_cache_schema)) < 0 ||
                    (r = jget_string(j, e, p, "memBwSchema", &l->intel_rdt->mem_bw_schema)) < 0 ||
                    (r = jget_strv(j, e, p, "schemata", &l->intel_rdt->schemata, &l->intel_rdt->n_schemata)) <
                        0 ||
                    (r = jget_bool(j, e, p, "enableCMT", &l->intel_rdt->enable_cmt)) < 0 ||
                    (r = jget_bool(j, e, p, "enableMBM", &l->intel_rdt->enable_mbm)) < 0)
                        return r;
        }
        /* personality */
        r = jget_object(j, o, path, "personality", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(p, sizeof(p), path, "personality");
                l->personality = calloc(1, sizeof(*l->personality));
                if (!l->personality)
                        return error_errno(j->err, ENOMEM, "%s", p);
                if ((r = jget_string(j, e, p, "domain", &l->personality->domain)) < 0 ||
                    (r = jget_strv(j, e, p, "flags", &l->personality->flags, &l->personality->n_flags)) < 0)
                        return r;
                jpath(fp, sizeof(fp), p, "domain");
                if (!l->personality->domain || name_personality_domain(l->personality->domain) < 0)
                        return jerr(j, fp, "unknown personality domain \"%s\" (LINUX or LINUX32)",
                                    l->personality->domain ? l->personality->domain : "");
                for (size_t i = 0; i < l->personality->n_flags; i++) {
                        jpath(fp, sizeof(fp), p, "flags");
                        jpath_index(ip, sizeof(ip), fp, i);
                        if (name_personality_flag(l->personality->flags[i]) < 0)
                                return jerr(j, ip, "unknown personality flag \"%s\"",
                                            l->personality->flags[i]);
                }
        }
        /* memoryPolicy */
        r = jget_object(j, o, path, "memoryPolicy", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(p, sizeof(p), path, "memoryPolicy");
                l->memory_policy = calloc(1, sizeof(*l->memory_policy));
                if (!l->memory_policy)
                        return error_errno(j->err, ENOMEM, "%s", p);
                if ((r = jget_string(j, e, p, "mode", &l->memory_policy->mode)) < 0 ||
                    (r = jget_string(j, e, p, "nodes", &l->memory_policy->nodes)) < 0 ||
                    (r = jget_strv(j, e, p, "flags", &l->memory_policy->flags, &l->memory_policy->n_flags)) <
                        0)
                        return r;
                jpath(fp, sizeof(fp), p, "mode");
                if (!l->memory_policy->mode || name_mempolicy_mode(l->memory_policy->mode) < 0)
                        return jerr(j, fp, "unknown memory policy mode \"%s\"",
                                    l->memory_policy->mode ? l->memory_policy->mode : "");
                for (size_t i = 0; i < l->memory_policy->n_flags; i++) {
                        jpath(fp, sizeof(fp), p, "flags");
                        jpath_index(ip, sizeof(ip), fp, i);
                        if (name_mempolicy_flag(l->memory_policy->flags[i]) < 0)
                                return jerr(j, ip, "unknown memory policy flag \"%s\"",
                                            l->memory_policy->flags[i]);
                }
        }
        /* netDevices: {"eth0": {"name": "ctr0"}} */
        r = jget_object(j, o, path, "netDevices", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                size_t i = 0;
                jpath(p, sizeof(p), path, "netDevices");
                l->net_devices = calloc(json_object_object_length(e) + 1, sizeof(*l->net_devices));
                if (!l->net_devices)
                        return error_errno(j->err, ENOMEM, "%s", p);
                json_object_object_foreach(e, key, val)
                {
                        snprintf(fp, sizeof(fp), "%s.%s", p, key);
                        if (!val || !json_object_is_type(val, json_type_object))
                                return jerr(j, fp, "expected an object, got %s",
                                            val ? jtype_name(val) : "null");
                        l->net_devices[i].host_name = strdup(key);
                        l->n_net_devices = ++i;
                        if ((r = jget_string(j, val, fp, "name", &l->net_devices[i - 1].name)) < 0)
                                return r;
                }
        }
        return 0;
}

int parse_linux(const struct jctx *j, json_object *o, const char *path, struct spec_linux **out)
{
        struct spec_linux *l = calloc(1, sizeof(*l));
        json_object *e;
        char *prop = NULL, fp[512];
        int r;

        if (!l)
                return error_errno(j->err, ENOMEM, "%s", path);
        *out = l;
        if ((r = parse_namespaces(j, o, path, l)) < 0 ||
            (r = parse_id_mappings(j, o, path, "uidMappings", &l->uid_mappings, &l->n_uid_mappings)) < 0 ||
            (r = parse_id_mappings(j, o, path, "gidMappings", &l->gid_mappings, &l->n_gid_mappings)) < 0 ||
            (r = parse_devices(j, o, path, l)) < 0 ||
            (r = jget_string(j, o, path, "cgroupsPath", &l->cgroups_path)) < 0 ||
            (r = jget_map(j, o, path, "sysctl", &l->sysctl, &l->n_sysctl)) < 0 ||
            (r = parse_paths(j, o, path, "maskedPaths", &l->masked_paths, &l->n_masked_paths)) < 0 ||
            (r = parse_paths(j, o, path, "readonlyPaths", &l->readonly_paths, &l->n_readonly_paths)) < 0 ||
            (r = jget_string(j, o, path, "mountLabel", &l->mount_label)) < 0)
                return r;
        r = jget_string(j, o, path, "rootfsPropagation", &prop);
        if (r < 0)
                return r;
        if (prop && *prop) {
                int v = name_propagation(prop);
                jpath(fp, sizeof(fp), path, "rootfsPropagation");
                if (v < 0) {
                        r = jerr(j, fp, "unknown propagation \"%s\"", prop);
                        free(prop);
                        return r;
                }
                l->rootfs_propagation = v;
        }
        free(prop);
        for (size_t i = 0; i < l->n_sysctl; i++)
                if (!l->sysctl[i].key[0]) {
                        jpath(fp, sizeof(fp), path, "sysctl");
                        return jerr(j, fp, "empty key");
                }
        r = jget_object(j, o, path, "resources", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(fp, sizeof(fp), path, "resources");
                if ((r = parse_resources(j, e, fp, &l->resources)) < 0)
                        return r;
        }
        r = jget_object(j, o, path, "seccomp", &e);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(fp, sizeof(fp), path, "seccomp");
                if ((r = parse_seccomp(j, e, fp, &l->seccomp)) < 0)
                        return r;
        }
        return parse_extras(j, o, path, l);
}
