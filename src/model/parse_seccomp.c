/* SPDX-License-Identifier: Apache-2.0 */
/* "linux.seccomp": the default action, architectures, flags, the notify listener and the syscall rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "names.h"
#include "parse.h"

/* "SCMP_ARCH_X86_64" -> libseccomp's "x86_64". */
static int name_arch(const char *s)
{
        char name[64];

        if (strncmp(s, "SCMP_ARCH_", 10) || strlen(s + 10) >= sizeof(name) || !s[10])
                return -1;
        snprintf(name, sizeof(name), "%s", s + 10);
        for (char *c = name; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                        *c = (char)(*c - 'A' + 'a');
        return seccomp_arch_resolve_name(name) == 0 ? -1 : 0;
}

static bool takes_errno(enum spec_seccomp_action a)
{
        return a == SECCOMP_ACTION_ERRNO || a == SECCOMP_ACTION_TRACE;
}

static int parse_arg(const struct jctx *j, json_object *e, const char *ip, struct spec_seccomp_arg *a)
{
        char fp[JPATH_MAX];
        int op, r;

        if ((r = jget_uint32(j, e, ip, "index", &a->index)) < 0 ||
            (r = jget_uint64(j, e, ip, "value", UINT64_MAX, &a->value)) < 0 ||
            (r = jget_uint64(j, e, ip, "valueTwo", UINT64_MAX, &a->value_two)) < 0)
                return r;
        if (a->index > 5) {
                jpath(fp, sizeof(fp), ip, "index");
                return jerr(j, fp, "%u is not a syscall argument (0 to 5)", a->index);
        }
        if ((r = jget_name(j, e, ip, "op", name_seccomp_op, "seccomp operator", true, &op)) < 0)
                return r;
        a->op = op;
        return 0;
}

static int parse_args(const struct jctx *j, json_object *o, const char *path, struct spec_seccomp_syscall *sc)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r =
            jget_object_array(j, o, path, "args", sizeof(*sc->args), (void **)&sc->args, &sc->n_args, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "args");
        for (size_t i = 0; i < sc->n_args; i++)
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = parse_arg(j, e, ip, &sc->args[i])) < 0)
                        return r;
        return 0;
}

static int check_notify(const struct jctx *j, const char *ip, const struct spec_seccomp *s,
                        const struct spec_seccomp_syscall *sc)
{
        char fp[JPATH_MAX], np[JPATH_MAX];

        if (sc->action != SECCOMP_ACTION_NOTIFY)
                return 0;
        jpath(fp, sizeof(fp), ip, "action");
        if (!s->listener_path || !*s->listener_path)
                return jerr(j, fp, "SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath");
        jpath(fp, sizeof(fp), ip, "names");
        for (size_t i = 0; i < sc->n_names; i++) {
                /* The process hands its listener fd to the runtime with these once the filter is loaded
                 * (runc refuses "write" for the same reason): notified, it would wait for itself. */
                if (!strcmp(sc->names[i], "write") || !strcmp(sc->names[i], "sendto") ||
                    !strcmp(sc->names[i], "sendmsg")) {
                        jpath_index(np, sizeof(np), fp, i);
                        return jerr(j, np, "SCMP_ACT_NOTIFY cannot be used for the %s syscall", sc->names[i]);
                }
        }
        return 0;
}

static int parse_syscall(const struct jctx *j, json_object *e, const char *ip, const struct spec_seccomp *s,
                         struct spec_seccomp_syscall *sc)
{
        char fp[JPATH_MAX], np[JPATH_MAX];
        int action, r;

        if ((r = jget_strv(j, e, ip, "names", &sc->names, &sc->n_names)) < 0)
                return r;
        jpath(fp, sizeof(fp), ip, "names");
        if (!sc->n_names)
                return jerr(j, fp, "must list at least one syscall");
        for (size_t i = 0; i < sc->n_names; i++) {
                if (!*sc->names[i]) {
                        jpath_index(np, sizeof(np), fp, i);
                        return jerr(j, np, "empty syscall name");
                }
        }
        if ((r = jget_name(j, e, ip, "action", name_seccomp_action, "seccomp action", true, &action)) < 0)
                return r;
        sc->action = action;
        if ((r = jget_uint32(j, e, ip, "errnoRet", &sc->errno_ret)) < 0)
                return r;
        sc->has_errno_ret = r > 0;
        jpath(fp, sizeof(fp), ip, "errnoRet");
        if (sc->has_errno_ret && !takes_errno(sc->action))
                return jerr(j, fp, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
        if ((r = parse_args(j, e, ip, sc)) < 0)
                return r;
        return check_notify(j, ip, s, sc);
}

static int parse_syscalls(const struct jctx *j, json_object *o, const char *path, struct spec_seccomp *s)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r = jget_object_array(j, o, path, "syscalls", sizeof(*s->syscalls), (void **)&s->syscalls,
                                  &s->n_syscalls, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "syscalls");
        for (size_t i = 0; i < s->n_syscalls; i++)
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = parse_syscall(j, e, ip, s, &s->syscalls[i])) < 0)
                        return r;
        return 0;
}

static int check_default(const struct jctx *j, const char *path, const struct spec_seccomp *s)
{
        char fp[JPATH_MAX];

        jpath(fp, sizeof(fp), path, "defaultAction");
        if (s->default_action == SECCOMP_ACTION_NOTIFY)
                return jerr(j, fp, "SCMP_ACT_NOTIFY cannot be the default action");
        jpath(fp, sizeof(fp), path, "defaultErrnoRet");
        if (s->has_default_errno_ret && !takes_errno(s->default_action))
                return jerr(j, fp, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
        jpath(fp, sizeof(fp), path, "listenerMetadata");
        if (s->listener_metadata && (!s->listener_path || !*s->listener_path))
                return jerr(j, fp, "must not be set without listenerPath");
        return 0;
}

int parse_seccomp(const struct jctx *j, json_object *o, const char *path, struct spec_seccomp **out)
{
        struct spec_seccomp *s = calloc(1, sizeof(*s));
        char fp[JPATH_MAX];
        int action, r;

        if (!s)
                return jnomem(j, path);
        *out = s;
        if ((r = jget_name(j, o, path, "defaultAction", name_seccomp_action, "seccomp action", true,
                           &action)) < 0)
                return r;
        s->default_action = action;
        if ((r = jget_uint32(j, o, path, "defaultErrnoRet", &s->default_errno_ret)) < 0)
                return r;
        s->has_default_errno_ret = r > 0;
        if ((r = jget_strv(j, o, path, "architectures", &s->architectures, &s->n_architectures)) < 0 ||
            (r = jget_strv(j, o, path, "flags", &s->flags, &s->n_flags)) < 0 ||
            (r = jget_string(j, o, path, "listenerPath", &s->listener_path)) < 0 ||
            (r = jget_string(j, o, path, "listenerMetadata", &s->listener_metadata)) < 0)
                return r;
        jpath(fp, sizeof(fp), path, "architectures");
        if ((r = jcheck_names(j, fp, s->architectures, s->n_architectures, name_arch, "architecture")) < 0)
                return r;
        jpath(fp, sizeof(fp), path, "flags");
        if ((r = jcheck_names(j, fp, s->flags, s->n_flags, name_seccomp_flag, "seccomp flag")) < 0 ||
            (r = check_default(j, path, s)) < 0)
                return r;
        return parse_syscalls(j, o, path, s);
}
