/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <seccomp.h>

#include "names.h"
#include "parse.h"

static int action(const struct jctx *j, json_object *o, const char *path, const char *key,
                  enum spec_seccomp_action *out, bool required)
{
        char *name = NULL, p[600];
        int r = jget_string(j, o, path, key, &name), a;

        if (r < 0)
                return r;
        jpath(p, sizeof(p), path, key);
        if (r == 0)
                return required ? jerr(j, p, "missing") : 0;
        a = name_seccomp_action(name);
        if (a < 0)
                r = jerr(j, p, "unknown seccomp action \"%s\"", name);
        else
                *out = a;
        free(name);
        return r < 0 ? r : 1;
}

static int check_arches(const struct jctx *j, const char *path, char **arches, size_t n)
{
        char ap[512], ip[560];

        jpath(ap, sizeof(ap), path, "architectures");
        for (size_t i = 0; i < n; i++) {
                char name[64];
                const char *a = arches[i];
                if (!strncmp(a, "SCMP_ARCH_", 10))
                        a += 10;
                snprintf(name, sizeof(name), "%s", a);
                for (char *c = name; *c; c++)
                        if (*c >= 'A' && *c <= 'Z')
                                *c = (char)(*c - 'A' + 'a');
                jpath_index(ip, sizeof(ip), ap, i);
                if (strncmp(arches[i], "SCMP_ARCH_", 10) || seccomp_arch_resolve_name(name) == 0)
                        return jerr(j, ip, "unknown architecture \"%s\"", arches[i]);
        }
        return 0;
}

static int parse_args(const struct jctx *j, json_object *o, const char *path, struct spec_seccomp_syscall *sc)
{
        json_object *arr;
        char ap[600], ip[640], fp[700];
        int r = jget_array(j, o, path, "args", &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "args");
        sc->n_args = json_object_array_length(arr);
        sc->args = calloc(sc->n_args + 1, sizeof(*sc->args));
        if (!sc->args)
                return error_errno(j->err, ENOMEM, "%s", ap);
        for (size_t i = 0; i < sc->n_args; i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                struct spec_seccomp_arg *a = &sc->args[i];
                char *op = NULL;
                int v;

                jpath_index(ip, sizeof(ip), ap, i);
                if (!e || !json_object_is_type(e, json_type_object))
                        return jerr(j, ip, "expected an object, got %s", e ? jtype_name(e) : "null");
                if ((r = jget_uint32(j, e, ip, "index", &a->index)) < 0 ||
                    (r = jget_uint64(j, e, ip, "value", UINT64_MAX, &a->value)) < 0 ||
                    (r = jget_uint64(j, e, ip, "valueTwo", UINT64_MAX, &a->value_two)) < 0)
                        return r;
                if (a->index > 5) {
                        jpath(fp, sizeof(fp), ip, "index");
                        return jerr(j, fp, "%u is not a syscall argument (0 to 5)", a->index);
                }
                r = jget_string(j, e, ip, "op", &op);
                if (r < 0)
                        return r;
                jpath(fp, sizeof(fp), ip, "op");
                if (r == 0)
                        return jerr(j, fp, "missing");
                v = name_seccomp_op(op);
                if (v < 0)
                        r = jerr(j, fp, "unknown seccomp operator \"%s\"", op);
                else
                        a->op = v;
                free(op);
                if (r < 0)
                        return r;
        }
        return 0;
}

int parse_seccomp(const struct jctx *j, json_object *o, const char *path, struct spec_seccomp **out)
{
        struct spec_seccomp *s = calloc(1, sizeof(*s));
        json_object *arr;
        char ap[512], ip[560], fp[600];
        int r;

        if (!s)
                return error_errno(j->err, ENOMEM, "%s", path);
        *out = s;
        if ((r = action(j, o, path, "defaultAction", &s->default_action, true)) < 0)
                return r;
        r = jget_uint32(j, o, path, "defaultErrnoRet", &s->default_errno_ret);
        if (r < 0)
                return r;
        s->has_default_errno_ret = r > 0;
        if ((r = jget_strv(j, o, path, "architectures", &s->architectures, &s->n_architectures)) < 0 ||
            (r = check_arches(j, path, s->architectures, s->n_architectures)) < 0 ||
            (r = jget_strv(j, o, path, "flags", &s->flags, &s->n_flags)) < 0 ||
            (r = jget_string(j, o, path, "listenerPath", &s->listener_path)) < 0 ||
            (r = jget_string(j, o, path, "listenerMetadata", &s->listener_metadata)) < 0)
                return r;
        for (size_t i = 0; i < s->n_flags; i++) {
                jpath(ap, sizeof(ap), path, "flags");
                jpath_index(ip, sizeof(ip), ap, i);
                if (name_seccomp_flag(s->flags[i]) < 0)
                        return jerr(j, ip, "unknown seccomp flag \"%s\"", s->flags[i]);
        }
        r = jget_array(j, o, path, "syscalls", &arr);
        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "syscalls");
        s->n_syscalls = json_object_array_length(arr);
        s->syscalls = calloc(s->n_syscalls + 1, sizeof(*s->syscalls));
        if (!s->syscalls)
                return error_errno(j->err, ENOMEM, "%s", ap);
        for (size_t i = 0; i < s->n_syscalls; i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                struct spec_seccomp_syscall *sc = &s->syscalls[i];

                jpath_index(ip, sizeof(ip), ap, i);
                if (!e || !json_object_is_type(e, json_type_object))
                        return jerr(j, ip, "expected an object, got %s", e ? jtype_name(e) : "null");
                if ((r = jget_strv(j, e, ip, "names", &sc->names, &sc->n_names)) < 0)
                        return r;
                if (!sc->n_names) {
                        jpath(fp, sizeof(fp), ip, "names");
                        return jerr(j, fp, "must list at least one syscall");
                }
                if ((r = action(j, e, ip, "action", &sc->action, true)) < 0)
                        return r;
                r = jget_uint32(j, e, ip, "errnoRet", &sc->errno_ret);
                if (r < 0)
                        return r;
                sc->has_errno_ret = r > 0;
                if ((r = parse_args(j, e, ip, sc)) < 0)
                        return r;
        }
        return 0;
}
