/* SPDX-License-Identifier: Apache-2.0 */
/* "linux": namespaces, id mappings, devices, paths, sysctl, propagation; resources and seccomp by reference.
 */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "names.h"
#include "parse.h"

/* The kernel takes at most this many lines in uid_map / gid_map. */
#define ID_MAP_LINES_MAX 340

static int check_mapping(const struct jctx *j, const char *ip, const struct spec_id_mapping *m)
{
        char fp[JPATH_MAX];

        jpath(fp, sizeof(fp), ip, "size");
        if (m->size == 0)
                return jerr(j, fp, "must be greater than 0");
        if ((uint64_t)m->container_id + m->size > (uint64_t)UINT32_MAX + 1 ||
            (uint64_t)m->host_id + m->size > (uint64_t)UINT32_MAX + 1)
                return jerr(j, fp, "%u ids from %u (container) / %u (host) go past 4294967295", m->size,
                            m->container_id, m->host_id);
        return 0;
}

/* The kernel refuses a map whose ranges overlap on either side. */
static int check_overlaps(const struct jctx *j, const char *ap, const struct spec_id_mapping *m, size_t n)
{
        char ip[JPATH_MAX];

        for (size_t i = 1; i < n; i++) {
                for (size_t k = 0; k < i; k++) {
                        const char *side = NULL;
                        uint32_t first = 0, other = 0;

                        if (spec_id_ranges_overlap(m[i].container_id, m[k].container_id, m[i].size,
                                                   m[k].size)) {
                                side = "container";
                                first = m[i].container_id;
                                other = m[k].container_id;
                        } else if (spec_id_ranges_overlap(m[i].host_id, m[k].host_id, m[i].size, m[k].size)) {
                                side = "host";
                                first = m[i].host_id;
                                other = m[k].host_id;
                        }
                        if (!side)
                                continue;
                        jpath_index(ip, sizeof(ip), ap, i);
                        return jerr(j, ip, "%s ids %u-%u overlap those of [%zu] (%u-%u)", side, first,
                                    (uint32_t)(first + (m[i].size - 1)), k, other,
                                    (uint32_t)(other + (m[k].size - 1)));
                }
        }
        return 0;
}

int parse_id_mappings(const struct jctx *j, json_object *obj, const char *path, const char *key,
                      struct spec_id_mapping **out, size_t *n)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r = jget_object_array(j, obj, path, key, sizeof(**out), (void **)out, n, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, key);
        if (*n > ID_MAP_LINES_MAX)
                return jerr(j, ap, "%zu mappings, the kernel takes at most %d", *n, ID_MAP_LINES_MAX);
        for (size_t i = 0; i < *n; i++) {
                struct spec_id_mapping *m = &(*out)[i];
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = jget_uint32(j, e, ip, "containerID", &m->container_id)) < 0 ||
                    (r = jget_uint32(j, e, ip, "hostID", &m->host_id)) < 0 ||
                    (r = jget_uint32(j, e, ip, "size", &m->size)) < 0 || (r = check_mapping(j, ip, m)) < 0)
                        return r;
        }
        r = check_overlaps(j, ap, *out, *n);
        return r < 0 ? r : 1;
}

static int parse_namespace(const struct jctx *j, json_object *e, const char *ip, struct spec_linux *l)
{
        char fp[JPATH_MAX];
        char *nspath = NULL;
        int t, r;

        if ((r = jget_name(j, e, ip, "type", name_namespace, "namespace type", true, &t)) < 0)
                return r;
        if (l->namespaces[t].present) {
                jpath(fp, sizeof(fp), ip, "type");
                return jerr(j, fp, "duplicate namespace \"%s\"", spec_ns_name(t));
        }
        l->namespaces[t].present = true;
        if ((r = jget_string(j, e, ip, "path", &nspath)) < 0)
                return r;
        if (nspath && !*nspath) { /* "" is "create one", as runc reads it */
                free(nspath);
                nspath = NULL;
        }
        l->namespaces[t].path = nspath;
        jpath(fp, sizeof(fp), ip, "path");
        return nspath ? check_absolute(j, fp, nspath) : 0;
}

static int parse_namespaces(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r = jget_array(j, o, path, "namespaces", &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "namespaces");
        for (size_t i = 0; i < json_object_array_length(arr); i++)
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = parse_namespace(j, e, ip, l)) < 0)
                        return r;
        return 0;
}

static int parse_device(const struct jctx *j, json_object *e, const char *ip, struct spec_device *d)
{
        char fp[JPATH_MAX], *type = NULL;
        int hm, hn, r;

        if ((r = jget_string_req(j, e, ip, "type", &type)) < 0)
                return r;
        jpath(fp, sizeof(fp), ip, "type");
        if (strlen(type) != 1 || !strchr("cbup", type[0])) {
                r = jerr(j, fp, "unknown device type \"%s\" (c, b, u or p)", type);
                free(type);
                return r;
        }
        d->type = type[0];
        free(type);
        if ((r = jget_string_req(j, e, ip, "path", &d->path)) < 0)
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
        if ((r = jget_uint32(j, e, ip, "fileMode", &d->file_mode)) < 0)
                return r;
        d->has_file_mode = r > 0;
        if ((r = jget_uint32(j, e, ip, "uid", &d->uid)) < 0)
                return r;
        d->has_uid = r > 0;
        if ((r = jget_uint32(j, e, ip, "gid", &d->gid)) < 0)
                return r;
        d->has_gid = r > 0;
        return 0;
}

static int parse_devices(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r = jget_object_array(j, o, path, "devices", sizeof(*l->devices), (void **)&l->devices,
                                  &l->n_devices, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "devices");
        for (size_t i = 0; i < l->n_devices; i++)
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = parse_device(j, e, ip, &l->devices[i])) < 0)
                        return r;
        return 0;
}

static int parse_paths(const struct jctx *j, json_object *o, const char *path, const char *key, char ***out,
                       size_t *n)
{
        char ap[JPATH_MAX], ip[JPATH_MAX];
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

/* "net.ipv4.ip_forward": names separated by '.' (or '/', as sysctl(8) takes them), none empty. */
static int check_sysctl_keys(const struct jctx *j, const char *path, const struct spec_linux *l)
{
        char sp[JPATH_MAX], kp[JPATH_MAX];

        jpath(sp, sizeof(sp), path, "sysctl");
        for (size_t i = 0; i < l->n_sysctl; i++) {
                const char *k = l->sysctl[i].key;
                size_t n = strlen(k);
                bool bad = n == 0 || strchr("./", k[0]) || strchr("./", k[n - 1]);

                for (size_t c = 1; !bad && c < n; c++)
                        bad = strchr("./", k[c]) && strchr("./", k[c - 1]);
                if (!bad)
                        continue;
                jpath_key(kp, sizeof(kp), sp, k);
                return jerr(j, kp, "%s", n ? "not a sysctl name" : "empty key");
        }
        return 0;
}

static int parse_rootfs_propagation(const struct jctx *j, json_object *o, const char *path,
                                    struct spec_linux *l)
{
        json_object *v = jmember(o, "rootfsPropagation");
        int prop, r;

        /* "" is "unset", as runc reads it. */
        if (v && json_object_is_type(v, json_type_string) && !*json_object_get_string(v))
                return 0;
        r = jget_name(j, o, path, "rootfsPropagation", name_propagation, "propagation", false, &prop);
        if (r > 0)
                l->rootfs_propagation = prop;
        return r;
}

static int parse_sub(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l)
{
        json_object *e;
        char fp[JPATH_MAX];
        int r;

        r = jget_object(j, o, path, "resources", &e);
        jpath(fp, sizeof(fp), path, "resources");
        if (r < 0 || (r > 0 && (r = parse_resources(j, e, fp, &l->resources)) < 0))
                return r;
        r = jget_object(j, o, path, "seccomp", &e);
        jpath(fp, sizeof(fp), path, "seccomp");
        if (r < 0 || (r > 0 && (r = parse_seccomp(j, e, fp, &l->seccomp)) < 0))
                return r;
        return parse_linux_extras(j, o, path, l);
}

int parse_linux(const struct jctx *j, json_object *o, const char *path, struct spec_linux **out)
{
        struct spec_linux *l = calloc(1, sizeof(*l));
        int r;

        if (!l)
                return jnomem(j, path);
        *out = l;
        if ((r = parse_namespaces(j, o, path, l)) < 0 ||
            (r = parse_id_mappings(j, o, path, "uidMappings", &l->uid_mappings, &l->n_uid_mappings)) < 0 ||
            (r = parse_id_mappings(j, o, path, "gidMappings", &l->gid_mappings, &l->n_gid_mappings)) < 0 ||
            (r = parse_devices(j, o, path, l)) < 0 ||
            (r = jget_string(j, o, path, "cgroupsPath", &l->cgroups_path)) < 0 ||
            (r = jget_map(j, o, path, "sysctl", &l->sysctl, &l->n_sysctl)) < 0 ||
            (r = check_sysctl_keys(j, path, l)) < 0 ||
            (r = parse_paths(j, o, path, "maskedPaths", &l->masked_paths, &l->n_masked_paths)) < 0 ||
            (r = parse_paths(j, o, path, "readonlyPaths", &l->readonly_paths, &l->n_readonly_paths)) < 0 ||
            (r = jget_string(j, o, path, "mountLabel", &l->mount_label)) < 0 ||
            (r = parse_rootfs_propagation(j, o, path, l)) < 0 || (r = parse_sub(j, o, path, l)) < 0)
                return r;
        return 0;
}
