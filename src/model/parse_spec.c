/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mount_options.h"
#include "names.h"
#include "parse.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "validate_cross.h"

static const char *const ns_names[NS__COUNT] = {
    [NS_PID] = "pid", [NS_NETWORK] = "network", [NS_MOUNT] = "mount",   [NS_IPC] = "ipc",
    [NS_UTS] = "uts", [NS_USER] = "user",       [NS_CGROUP] = "cgroup", [NS_TIME] = "time",
};
static const char *const ns_proc_names[NS__COUNT] = {
    [NS_PID] = "pid", [NS_NETWORK] = "net", [NS_MOUNT] = "mnt",     [NS_IPC] = "ipc",
    [NS_UTS] = "uts", [NS_USER] = "user",   [NS_CGROUP] = "cgroup", [NS_TIME] = "time",
};

const char *spec_ns_name(enum spec_ns_type t)
{
        return t < NS__COUNT ? ns_names[t] : "?";
}

const char *spec_ns_proc_name(enum spec_ns_type t)
{
        return t < NS__COUNT ? ns_proc_names[t] : "?";
}

/* 1.0.0 up to 1.3.x, with any pre-release or build suffix ("1.0.2-dev", "1.2.0+dev"). */
static int check_version(const struct jctx *j, const char *v)
{
        unsigned major, minor, patch;
        int n = 0;

        if (!v)
                return jerr(j, "ociVersion", "missing");
        if (sscanf(v, "%u.%u.%u%n", &major, &minor, &patch, &n) != 3 || (v[n] && v[n] != '-' && v[n] != '+'))
                return jerr(j, "ociVersion", "\"%s\" is not a version (MAJOR.MINOR.PATCH)", v);
        if (major != 1 || minor > 3)
                return jerr(j, "ociVersion", "unsupported version \"%s\" (supported: 1.0.0 to 1.3.x)", v);
        return 0;
}

/* Line and column of a byte offset, for json-c's parse errors. */
static void line_col(const char *json, size_t off, int *line, int *col)
{
        *line = 1;
        *col = 1;
        for (size_t i = 0; i < off && json[i]; i++) {
                if (json[i] == '\n') {
                        (*line)++;
                        *col = 1;
                } else {
                        (*col)++;
                }
        }
}

static int tokenize(const char *json, size_t len, const char *origin, json_object **out, struct error *err)
{
        json_tokener *tok = json_tokener_new();
        enum json_tokener_error e;
        json_object *o;
        int line, col;

        if (!tok)
                return error_errno(err, ENOMEM, "%s", origin);
        /* Standard JSON only: no trailing commas, comments or single quotes. */
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
        o = json_tokener_parse_ex(tok, json, (int)len);
        e = json_tokener_get_error(tok);
        if (!o && e == json_tokener_continue)
                e = json_tokener_error_parse_eof;
        if (e != json_tokener_success) {
                line_col(json, json_tokener_get_parse_end(tok), &line, &col);
                json_tokener_free(tok);
                json_object_put(o);
                return error_set(err, EINVAL, "%s: line %d, column %d: %s", origin, line, col,
                                 json_tokener_error_desc(e));
        }
        /* Anything but white space after the value is an error too. */
        for (size_t i = json_tokener_get_parse_end(tok); i < len; i++) {
                if (json[i] != ' ' && json[i] != '\n' && json[i] != '\t' && json[i] != '\r') {
                        line_col(json, i, &line, &col);
                        json_tokener_free(tok);
                        json_object_put(o);
                        return error_set(err, EINVAL,
                                         "%s: line %d, column %d: unexpected data after the JSON value",
                                         origin, line, col);
                }
        }
        json_tokener_free(tok);
        if (!o || !json_object_is_type(o, json_type_object)) {
                json_object_put(o);
                return error_set(err, EINVAL, "%s: expected a JSON object at the top level", origin);
        }
        *out = o;
        return 0;
}

static int parse_root(const struct jctx *j, json_object *o, struct spec *s)
{
        json_object *r_obj;
        int r = jget_object(j, o, "", "root", &r_obj);

        if (r < 0)
                return r;
        if (r == 0)
                return jerr(j, "root", "missing (the container's root filesystem is required)");
        s->root = calloc(1, sizeof(*s->root));
        if (!s->root)
                return error_errno(j->err, ENOMEM, "root");
        if ((r = jget_string(j, r_obj, "root", "path", &s->root->path)) < 0 ||
            (r = jget_bool(j, r_obj, "root", "readonly", &s->root->readonly)) < 0)
                return r;
        if (!s->root->path || !*s->root->path)
                return jerr(j, "root.path", "missing");
        return 0;
}

int parse_mounts(const struct jctx *j, json_object *arr, const char *path, struct spec *s)
{
        char ip[64], fp[128];
        int r;

        s->n_mounts = json_object_array_length(arr);
        s->mounts = calloc(s->n_mounts + 1, sizeof(*s->mounts));
        if (!s->mounts)
                return error_errno(j->err, ENOMEM, "%s", path);
        for (size_t i = 0; i < s->n_mounts; i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                struct spec_mount *m = &s->mounts[i];

                jpath_index(ip, sizeof(ip), path, i);
                if (!e || !json_object_is_type(e, json_type_object))
                        return jerr(j, ip, "expected an object, got %s", e ? jtype_name(e) : "null");
                if ((r = jget_string(j, e, ip, "destination", &m->destination)) < 0 ||
                    (r = jget_string(j, e, ip, "source", &m->source)) < 0 ||
                    (r = jget_string(j, e, ip, "type", &m->type)) < 0 ||
                    (r = jget_strv(j, e, ip, "options", &m->options, &m->n_options)) < 0 ||
                    (r = parse_id_mappings(j, e, ip, "uidMappings", &m->uid_mappings, &m->n_uid_mappings)) <
                        0 ||
                    (r = parse_id_mappings(j, e, ip, "gidMappings", &m->gid_mappings, &m->n_gid_mappings)) <
                        0)
                        return r;
                jpath(fp, sizeof(fp), ip, "destination");
                if (!m->destination)
                        return jerr(j, fp, "missing");
                if ((r = check_absolute(j, fp, m->destination)) < 0)
                        return r;
                if ((r = mount_options_translate(j, ip, m)) < 0)
                        return r;
                if (!m->type && !m->bind)
                        return jerr(j, ip, "mount of \"%s\" has neither a type nor a bind option",
                                    m->destination);
                if (m->bind && !m->source) {
                        jpath(fp, sizeof(fp), ip, "source");
                        return jerr(j, fp, "missing (a bind mount needs a source)");
                }
                if ((m->n_uid_mappings || m->n_gid_mappings) && !(m->idmap || m->bind)) {
                        jpath(fp, sizeof(fp), ip, "uidMappings");
                        return jerr(j, fp, "mappings need a bind mount (idmapped mounts)");
                }
        }
        return 0;
}

int parse_hooks(const struct jctx *j, json_object *o, const char *path, struct spec_hooks *out)
{
        static const char *const kinds[HOOK__COUNT] = {
            [HOOK_PRESTART] = "prestart",
            [HOOK_CREATE_RUNTIME] = "createRuntime",
            [HOOK_CREATE_CONTAINER] = "createContainer",
            [HOOK_START_CONTAINER] = "startContainer",
            [HOOK_POSTSTART] = "poststart",
            [HOOK_POSTSTOP] = "poststop",
        };
        char kp[128], ip[160], fp[200];
        int r;

        for (int k = 0; k < HOOK__COUNT; k++) {
                json_object *arr;

                r = jget_array(j, o, path, kinds[k], &arr);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                jpath(kp, sizeof(kp), path, kinds[k]);
                out->n[k] = json_object_array_length(arr);
                out->list[k] = calloc(out->n[k] + 1, sizeof(struct spec_hook));
                if (!out->list[k])
                        return error_errno(j->err, ENOMEM, "%s", kp);
                for (size_t i = 0; i < out->n[k]; i++) {
                        json_object *e = json_object_array_get_idx(arr, i);
                        struct spec_hook *h = &out->list[k][i];
                        int64_t t;

                        jpath_index(ip, sizeof(ip), kp, i);
                        if (!e || !json_object_is_type(e, json_type_object))
                                return jerr(j, ip, "expected an object, got %s", e ? jtype_name(e) : "null");
                        if ((r = jget_string(j, e, ip, "path", &h->path)) < 0 ||
                            (r = jget_strv(j, e, ip, "args", &h->args, &h->n_args)) < 0 ||
                            (r = jget_strv(j, e, ip, "env", &h->env, &h->n_env)) < 0)
                                return r;
                        jpath(fp, sizeof(fp), ip, "path");
                        if (!h->path)
                                return jerr(j, fp, "missing");
                        if ((r = check_absolute(j, fp, h->path)) < 0)
                                return r;
                        r = jget_int64(j, e, ip, "timeout", INT64_MIN, INT64_MAX, &t);
                        if (r < 0)
                                return r;
                        if (r > 0) {
                                jpath(fp, sizeof(fp), ip, "timeout");
                                if (t <= 0 || t > INT32_MAX)
                                        return jerr(j, fp, "must be a positive number of seconds, got %lld",
                                                    (long long)t);
                                h->has_timeout = true;
                                h->timeout = (int)t;
                        }
                }
        }
        return 0;
}

/* User namespace and id mappings go together (runc's rule). */
static int check_userns(const struct jctx *j, const struct spec *s)
{
        const struct spec_linux *l = s->linux;
        bool userns = l && l->namespaces[NS_USER].present;
        bool maps = l && (l->n_uid_mappings || l->n_gid_mappings);

        if (maps && !userns)
                return jerr(j, "linux.uidMappings", "id mappings are given but there is no user namespace");
        if (userns && !l->namespaces[NS_USER].path && (!l->n_uid_mappings || !l->n_gid_mappings))
                return jerr(j, l->n_uid_mappings ? "linux.gidMappings" : "linux.uidMappings",
                            "a new user namespace needs both uidMappings and gidMappings");
        if (userns && l->namespaces[NS_USER].path && maps)
                return jerr(j, "linux.uidMappings",
                            "id mappings cannot be given for a joined user namespace");
        return 0;
}

static int parse_object(const struct jctx *j, json_object *o, struct spec *s)
{
        json_object *e;
        int r;

        if ((r = jget_string(j, o, "", "ociVersion", &s->oci_version)) < 0 ||
            (r = check_version(j, s->oci_version)) < 0 || (r = parse_root(j, o, s)) < 0)
                return r;
        r = jget_array(j, o, "", "mounts", &e);
        if (r < 0 || (r > 0 && (r = parse_mounts(j, e, "mounts", s)) < 0))
                return r;
        r = jget_object(j, o, "", "process", &e);
        if (r < 0 || (r > 0 && (r = parse_process(j, e, "process", &s->process)) < 0))
                return r;
        if ((r = jget_string(j, o, "", "hostname", &s->hostname)) < 0 ||
            (r = jget_string(j, o, "", "domainname", &s->domainname)) < 0 ||
            (r = jget_map(j, o, "", "annotations", &s->annotations, &s->n_annotations)) < 0)
                return r;
        r = jget_object(j, o, "", "hooks", &e);
        if (r < 0 || (r > 0 && (r = parse_hooks(j, e, "hooks", &s->hooks)) < 0))
                return r;
        r = jget_object(j, o, "", "linux", &e);
        if (r < 0 || (r > 0 && (r = parse_linux(j, e, "linux", &s->linux)) < 0))
                return r;
        if ((r = check_userns(j, s)) < 0)
                return r;
        return spec_validate_cross(s, j->origin, j->err);
}

int spec_parse(const char *json, size_t len, const char *origin, struct spec **out, struct error *err)
{
        struct jctx j = {.origin = origin, .err = err};
        json_object *o = NULL;
        struct spec *s;
        int r;

        r = tokenize(json, len, origin, &o, err);
        if (r < 0)
                return r;
        s = calloc(1, sizeof(*s));
        if (!s) {
                json_object_put(o);
                return error_errno(err, ENOMEM, "%s", origin);
        }
        r = parse_object(&j, o, s);
        json_object_put(o);
        if (r < 0) {
                spec_free(s);
                return r;
        }
        *out = s;
        return 0;
}

int spec_load(const char *path, struct spec **out, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        const char *base = strrchr(path, '/');
        size_t len;
        int r = read_file_at(AT_FDCWD, path, &text, &len, err);

        if (r < 0)
                return r;
        return spec_parse(text, len, base ? base + 1 : path, out, err);
}

int spec_process_parse(const char *json, size_t len, const char *origin, struct spec_process **out,
                       struct error *err)
{
        struct jctx j = {.origin = origin, .err = err};
        struct spec_process *p = NULL;
        json_object *o = NULL;
        int r;

        r = tokenize(json, len, origin, &o, err);
        if (r < 0)
                return r;
        r = parse_process(&j, o, "", &p);
        json_object_put(o);
        if (r < 0) {
                spec_process_free(p);
                return r;
        }
        *out = p;
        return 0;
}

int spec_resources_parse(const char *json, size_t len, const char *origin, struct spec_resources **out,
                         struct error *err)
{
        struct jctx j = {.origin = origin, .err = err};
        struct spec_resources *r = NULL;
        json_object *o = NULL;
        int rc;

        rc = tokenize(json, len, origin, &o, err);
        if (rc < 0)
                return rc;
        rc = parse_resources(&j, o, "", &r);
        json_object_put(o);
        if (rc < 0) {
                spec_resources_free(r);
                return rc;
        }
        *out = r;
        return 0;
}
