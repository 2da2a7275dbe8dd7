/* SPDX-License-Identifier: Apache-2.0 */
/* CDI spec files to struct cdi_spec: names, version, devices and their containerEdits, all checked. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdi.h"
#include "checks.h"
#include "json_text.h"
#include "mount_options.h"
#include "parse.h"
#include "util/cleanup.h"

static bool is_letter(char c)
{
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_alnum(char c)
{
        return is_letter(c) || (c >= '0' && c <= '9');
}

/* first(c) for the first byte, alnum for the last, and [alnum _ - . extra] between. */
static bool name_ok(const char *s, size_t len, bool letter_first, const char *extra)
{
        if (!len || !(letter_first ? is_letter(s[0]) : is_alnum(s[0])) || !is_alnum(s[len - 1]))
                return false;
        for (size_t i = 1; i + 1 < len; i++)
                if (!is_alnum(s[i]) && !strchr("_-.", s[i]) && !(extra && s[i] && strchr(extra, s[i])))
                        return false;
        return true;
}

bool cdi_vendor_valid(const char *vendor)
{
        return vendor && name_ok(vendor, strlen(vendor), true, NULL);
}

bool cdi_class_valid(const char *class)
{
        return class && name_ok(class, strlen(class), true, NULL);
}

bool cdi_device_name_valid(const char *name)
{
        return name && name_ok(name, strlen(name), false, ":");
}

static bool kind_ok(const char *kind, size_t len)
{
        const char *slash = memchr(kind, '/', len);

        return slash && name_ok(kind, (size_t)(slash - kind), true, NULL) &&
               name_ok(slash + 1, len - (size_t)(slash - kind) - 1, true, NULL);
}

bool cdi_kind_valid(const char *kind)
{
        return kind && kind_ok(kind, strlen(kind));
}

int cdi_qualified_check(const char *name, size_t *kind_len, struct error *err)
{
        const char *eq = strchr(name, '=');
        size_t k;

        if (!eq || !memchr(name, '/', (size_t)(eq - name)))
                return error_set(err, EINVAL,
                                 "CDI device \"%s\": not a fully-qualified name (vendor.com/class=name)",
                                 name);
        k = (size_t)(eq - name);
        if (!kind_ok(name, k))
                return error_set(
                    err, EINVAL,
                    "CDI device \"%s\": invalid kind \"%.*s\" (vendor.com/class: letters, digits, "
                    "'_', '-', '.', starting with a letter)",
                    name, (int)k, name);
        if (!cdi_device_name_valid(eq + 1))
                return error_set(err, EINVAL,
                                 "CDI device \"%s\": invalid device name \"%s\" (letters, digits, '_', '-', "
                                 "'.', ':', starting and ending with a letter or digit)",
                                 name, eq + 1);
        if (kind_len)
                *kind_len = k;
        return 0;
}

/* Loading is strict, as the CDI library's: a field this version of the spec does not have is an error. */
static int check_fields(const struct jctx *j, json_object *o, const char *path, const char *const *known)
{
        json_object_object_foreach(o, key, val)
        {
                size_t i;

                (void)val;
                for (i = 0; known[i]; i++)
                        if (!strcmp(known[i], key))
                                break;
                if (!known[i]) {
                        char p[JPATH_MAX];

                        jpath(p, sizeof(p), path, key);
                        return jerr(j, p, "unknown field");
                }
        }
        return 0;
}

static int check_env(const struct jctx *j, const char *path, char **env, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                const char *eq = strchr(env[i], '=');

                if (!eq || eq == env[i]) {
                        char p[JPATH_MAX];

                        jpath_index(p, sizeof(p), path, i);
                        return jerr(j, p, "\"%s\" is not KEY=VALUE", env[i]);
                }
        }
        return 0;
}

static int parse_node(const struct jctx *j, json_object *e, const char *ip, struct cdi_node *n)
{
        static const char *const fields[] = {"path",     "hostPath",    "type", "major", "minor",
                                             "fileMode", "permissions", "uid",  "gid",   NULL};
        _cleanup_free_ char *type = NULL;
        char fp[JPATH_MAX];
        uint32_t mode;
        int r;

        if ((r = check_fields(j, e, ip, fields)) < 0 ||
            (r = jget_string_req(j, e, ip, "path", &n->dev.path)) < 0 ||
            (r = jget_string(j, e, ip, "hostPath", &n->host_path)) < 0 ||
            (r = jget_string(j, e, ip, "type", &type)) < 0 ||
            (r = jget_int64(j, e, ip, "major", INT64_MIN, INT64_MAX, &n->dev.major)) < 0 ||
            (r = jget_int64(j, e, ip, "minor", INT64_MIN, INT64_MAX, &n->dev.minor)) < 0 ||
            (r = jget_string(j, e, ip, "permissions", &n->permissions)) < 0)
                return r;
        if ((r = jget_uint32(j, e, ip, "fileMode", &mode)) < 0)
                return r;
        if (r > 0) {
                n->dev.has_file_mode = true;
                n->dev.file_mode = mode & 07777;
        }
        if ((r = jget_uint32(j, e, ip, "uid", &n->dev.uid)) < 0)
                return r;
        n->dev.has_uid = r > 0;
        if ((r = jget_uint32(j, e, ip, "gid", &n->dev.gid)) < 0)
                return r;
        n->dev.has_gid = r > 0;
        jpath(fp, sizeof(fp), ip, "path");
        if ((r = check_absolute(j, fp, n->dev.path)) < 0)
                return r;
        if (n->host_path && *n->host_path) {
                jpath(fp, sizeof(fp), ip, "hostPath");
                if ((r = check_absolute(j, fp, n->host_path)) < 0)
                        return r;
        }
        if (type && *type) {
                if (strlen(type) != 1 || !strchr("bcup", type[0])) {
                        jpath(fp, sizeof(fp), ip, "type");
                        return jerr(j, fp, "invalid type \"%s\" (b, c, u or p)", type);
                }
                n->dev.type = type[0];
        }
        if (n->permissions && *n->permissions && strcmp(n->permissions, "none") &&
            strspn(n->permissions, "rwm") != strlen(n->permissions)) {
                jpath(fp, sizeof(fp), ip, "permissions");
                return jerr(j, fp, "invalid permissions \"%s\" (a subset of \"rwm\", or \"none\")",
                            n->permissions);
        }
        return 0;
}

static int parse_mount(const struct jctx *j, json_object *e, const char *ip, struct spec_mount *m)
{
        static const char *const fields[] = {"hostPath", "containerPath", "type", "options", NULL};
        char fp[JPATH_MAX];
        int r;

        if ((r = check_fields(j, e, ip, fields)) < 0 ||
            (r = jget_string_req(j, e, ip, "hostPath", &m->source)) < 0 ||
            (r = jget_string_req(j, e, ip, "containerPath", &m->destination)) < 0 ||
            (r = jget_string(j, e, ip, "type", &m->type)) < 0 ||
            (r = jget_strv(j, e, ip, "options", &m->options, &m->n_options)) < 0)
                return r;
        jpath(fp, sizeof(fp), ip, "hostPath");
        if (!*m->source)
                return jerr(j, fp, "empty");
        jpath(fp, sizeof(fp), ip, "containerPath");
        if ((r = check_absolute(j, fp, m->destination)) < 0)
                return r;
        if (m->type && !*m->type) {
                free(m->type);
                m->type = NULL;
        }
        if ((r = mount_options_translate(j, ip, m)) < 0)
                return r;
        if (!m->type && !m->bind)
                return jerr(j, ip, "mount of \"%s\" has neither a type nor a bind option", m->destination);
        return 0;
}

static int hook_kind(const char *name)
{
        for (int k = 0; k < HOOK__COUNT; k++)
                if (!strcmp(spec_hook_name(k), name))
                        return k;
        return -1;
}

static int parse_cdi_hook(const struct jctx *j, json_object *e, const char *ip, struct cdi_hook *h)
{
        static const char *const fields[] = {"hookName", "path", "args", "env", "timeout", NULL};
        char fp[JPATH_MAX];
        int r;

        if ((r = check_fields(j, e, ip, fields)) < 0 ||
            (r = jget_name(j, e, ip, "hookName", hook_kind, "hook name", true, (int *)&h->kind)) < 0 ||
            (r = parse_hook(j, e, ip, &h->hook)) < 0)
                return r;
        jpath(fp, sizeof(fp), ip, "env");
        return check_env(j, fp, h->hook.env, h->hook.n_env);
}

/* A CDI spec's intelRdt: config.json's members, checked as there, and no others. */
static int parse_rdt(const struct jctx *j, json_object *e, const char *p, struct spec_intel_rdt *rdt)
{
        static const char *const fields[] = {"closID",    "l3CacheSchema", "memBwSchema",      "schemata",
                                             "enableCMT", "enableMBM",     "enableMonitoring", NULL};
        int r = check_fields(j, e, p, fields);

        return r < 0 ? r : parse_intel_rdt_fields(j, e, p, rdt);
}

static int parse_gids(const struct jctx *j, json_object *o, const char *path, struct cdi_edits *e)
{
        char p[JPATH_MAX], ip[JPATH_MAX];
        json_object *arr;
        size_t n;
        int r = jget_array(j, o, path, "additionalGids", &arr);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "additionalGids");
        n = json_object_array_length(arr);
        e->gids = calloc(n + 1, sizeof(*e->gids));
        if (!e->gids)
                return jnomem(j, p);
        for (size_t i = 0; i < n; i++) {
                uint64_t v;

                jpath_index(ip, sizeof(ip), p, i);
                if ((r = jas_uint64(j, json_object_array_get_idx(arr, i), ip, UINT32_MAX, &v)) < 0)
                        return r;
                e->gids[e->n_gids++] = (uint32_t)v;
        }
        return 0;
}

static bool edits_empty(const struct cdi_edits *e)
{
        return !e->n_env && !e->n_nodes && !e->n_mounts && !e->n_hooks && !e->n_gids && !e->rdt;
}

int cdi_edits_parse(json_object *o, const char *origin, const char *path, struct cdi_edits *e,
                    struct error *err)
{
        static const char *const fields[] = {"env",      "deviceNodes",    "mounts", "hooks",
                                             "intelRdt", "additionalGids", NULL};
        struct jctx jc = {.origin = origin, .err = err}, *j = &jc;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        json_object *arr, *el, *rdt;
        int r, rc;

        if (!json_object_is_type(o, json_type_object))
                return jerr(j, path, "expected an object, got %s", jtype_name(o));
        if ((r = check_fields(j, o, path, fields)) < 0 ||
            (r = jget_strv(j, o, path, "env", &e->env, &e->n_env)) < 0)
                return r;
        jpath(ap, sizeof(ap), path, "env");
        if ((r = check_env(j, ap, e->env, e->n_env)) < 0)
                return r;
        r = jget_object_array(j, o, path, "deviceNodes", sizeof(*e->nodes), (void **)&e->nodes, &e->n_nodes,
                              &arr);
        jpath(ap, sizeof(ap), path, "deviceNodes");
        if (r < 0)
                return r;
        for (size_t i = 0; r > 0 && i < e->n_nodes; i++)
                if ((rc = jarray_object(j, arr, ap, i, ip, sizeof(ip), &el)) < 0 ||
                    (rc = parse_node(j, el, ip, &e->nodes[i])) < 0)
                        return rc;
        r = jget_object_array(j, o, path, "mounts", sizeof(*e->mounts), (void **)&e->mounts, &e->n_mounts,
                              &arr);
        jpath(ap, sizeof(ap), path, "mounts");
        if (r < 0)
                return r;
        for (size_t i = 0; r > 0 && i < e->n_mounts; i++)
                if ((rc = jarray_object(j, arr, ap, i, ip, sizeof(ip), &el)) < 0 ||
                    (rc = parse_mount(j, el, ip, &e->mounts[i])) < 0)
                        return rc;
        r = jget_object_array(j, o, path, "hooks", sizeof(*e->hooks), (void **)&e->hooks, &e->n_hooks, &arr);
        jpath(ap, sizeof(ap), path, "hooks");
        if (r < 0)
                return r;
        for (size_t i = 0; r > 0 && i < e->n_hooks; i++)
                if ((rc = jarray_object(j, arr, ap, i, ip, sizeof(ip), &el)) < 0 ||
                    (rc = parse_cdi_hook(j, el, ip, &e->hooks[i])) < 0)
                        return rc;
        if ((r = parse_gids(j, o, path, e)) < 0 || (r = jget_object(j, o, path, "intelRdt", &rdt)) < 0)
                return r;
        if (r > 0) {
                jpath(ap, sizeof(ap), path, "intelRdt");
                e->rdt = calloc(1, sizeof(*e->rdt));
                if (!e->rdt)
                        return jnomem(j, ap);
                if ((r = parse_rdt(j, rdt, ap, e->rdt)) < 0)
                        return r;
        }
        return 0;
}

/* MAJOR.MINOR.PATCH (a leading 'v' allowed); 0.3.0 up to 0.8.x, and 1.0.x. */
static int check_version(const struct jctx *j, const char *v)
{
        unsigned major, minor, patch;
        int end = -1;

        if (sscanf(v[0] == 'v' ? v + 1 : v, "%3u.%3u.%3u%n", &major, &minor, &patch, &end) != 3 || end < 0 ||
            (v[0] == 'v' ? v + 1 : v)[end])
                return jerr(j, "cdiVersion", "\"%s\" is not a version (MAJOR.MINOR.PATCH)", v);
        if (!((major == 0 && minor >= 3 && minor <= 8) || (major == 1 && minor == 0)))
                return jerr(j, "cdiVersion", "unsupported version \"%s\" (supported: %s to 0.8.x and 1.0.x)",
                            v, CDI_VERSION_MIN);
        return 0;
}

static int parse_device(const struct jctx *j, json_object *o, const char *ip, struct cdi_device *d)
{
        static const char *const fields[] = {"name", "annotations", "containerEdits", NULL};
        struct kv *ann = NULL;
        char p[JPATH_MAX];
        json_object *e;
        size_t n_ann = 0;
        int r;

        if ((r = check_fields(j, o, ip, fields)) < 0 || (r = jget_string_req(j, o, ip, "name", &d->name)) < 0)
                return r;
        r = jget_map(j, o, ip, "annotations", &ann, &n_ann);
        kv_free(ann, n_ann);
        if (r < 0)
                return r;
        jpath(p, sizeof(p), ip, "name");
        if (!cdi_device_name_valid(d->name))
                return jerr(
                    j, p,
                    "invalid device name \"%s\" (letters, digits, '_', '-', '.', ':', starting and ending "
                    "with a letter or digit)",
                    d->name);
        jpath(p, sizeof(p), ip, "containerEdits");
        if ((r = jget_object(j, o, ip, "containerEdits", &e)) < 0)
                return r;
        if (r == 0)
                return jerr(j, p, "missing (a device needs edits)");
        if ((r = cdi_edits_parse(e, j->origin, p, &d->edits, j->err)) < 0)
                return r;
        if (edits_empty(&d->edits))
                return jerr(j, p, "empty (a device needs edits)");
        return 0;
}

static int parse_cdi(const struct jctx *j, json_object *o, struct cdi_spec *s)
{
        static const char *const fields[] = {"cdiVersion", "kind",           "annotations",
                                             "devices",    "containerEdits", NULL};
        struct kv *ann = NULL;
        size_t n_ann = 0;
        char ip[JPATH_MAX];
        json_object *arr, *e;
        int r;

        if ((r = check_fields(j, o, "", fields)) < 0 ||
            (r = jget_string_req(j, o, "", "cdiVersion", &s->version)) < 0 ||
            (r = check_version(j, s->version)) < 0 || (r = jget_string_req(j, o, "", "kind", &s->kind)) < 0)
                return r;
        if (!cdi_kind_valid(s->kind))
                return jerr(
                    j, "kind",
                    "invalid kind \"%s\" (vendor.com/class: letters, digits, '_', '-', '.', starting with a "
                    "letter and ending with a letter or digit)",
                    s->kind);
        r = jget_map(j, o, "", "annotations", &ann, &n_ann);
        kv_free(ann, n_ann);
        if (r < 0)
                return r;
        r = jget_object_array(j, o, "", "devices", sizeof(*s->devices), (void **)&s->devices, &s->n_devices,
                              &arr);
        if (r < 0)
                return r;
        if (r == 0 || s->n_devices == 0)
                return jerr(j, "devices", "missing (a spec names at least one device)");
        for (size_t i = 0; i < s->n_devices; i++) {
                if ((r = jarray_object(j, arr, "devices", i, ip, sizeof(ip), &e)) < 0 ||
                    (r = parse_device(j, e, ip, &s->devices[i])) < 0)
                        return r;
                for (size_t k = 0; k < i; k++)
                        if (!strcmp(s->devices[k].name, s->devices[i].name)) {
                                char np[JPATH_MAX + 8];

                                snprintf(np, sizeof(np), "%s.name", ip);
                                return jerr(j, np, "device \"%s\" is defined twice", s->devices[i].name);
                        }
        }
        if ((r = jget_object(j, o, "", "containerEdits", &e)) < 0)
                return r;
        if (r > 0)
                return cdi_edits_parse(e, j->origin, "containerEdits", &s->edits, j->err);
        return 0;
}

int cdi_spec_parse(const char *text, size_t len, bool yaml, const char *origin, struct cdi_spec **out,
                   struct error *err)
{
        struct jctx j = {.origin = origin, .err = err};
        json_object *o = NULL;
        struct cdi_spec *s;
        int r;

        r = yaml ? cdi_yaml_to_json(text, len, origin, &o, err) : json_text_parse(text, len, origin, &o, err);
        if (r < 0)
                return r;
        if (!json_object_is_type(o, json_type_object)) {
                json_object_put(o);
                return jerr(&j, "", "expected an object at the top level");
        }
        s = calloc(1, sizeof(*s));
        if (!s || !(s->origin = strdup(origin))) {
                free(s);
                json_object_put(o);
                return jnomem(&j, "");
        }
        r = parse_cdi(&j, o, s);
        json_object_put(o);
        if (r < 0) {
                cdi_spec_free(s);
                return r;
        }
        *out = s;
        return 0;
}

void cdi_edits_clear(struct cdi_edits *e)
{
        strv_free(e->env);
        for (size_t i = 0; e->nodes && i < e->n_nodes; i++) {
                free(e->nodes[i].dev.path);
                free(e->nodes[i].host_path);
                free(e->nodes[i].permissions);
        }
        free(e->nodes);
        for (size_t i = 0; e->mounts && i < e->n_mounts; i++)
                spec_mount_clear(&e->mounts[i]);
        free(e->mounts);
        for (size_t i = 0; e->hooks && i < e->n_hooks; i++) {
                free(e->hooks[i].hook.path);
                strv_free(e->hooks[i].hook.args);
                strv_free(e->hooks[i].hook.env);
        }
        free(e->hooks);
        free(e->gids);
        if (e->rdt) {
                free(e->rdt->clos_id);
                free(e->rdt->l3_cache_schema);
                free(e->rdt->mem_bw_schema);
                strv_free(e->rdt->schemata);
                free(e->rdt);
        }
        memset(e, 0, sizeof(*e));
}

void cdi_spec_free(struct cdi_spec *s)
{
        if (!s)
                return;
        free(s->origin);
        free(s->version);
        free(s->kind);
        for (size_t i = 0; s->devices && i < s->n_devices; i++) {
                free(s->devices[i].name);
                cdi_edits_clear(&s->devices[i].edits);
        }
        free(s->devices);
        cdi_edits_clear(&s->edits);
        free(s);
}
