/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "parse.h"

int check_absolute(const struct jctx *j, const char *path, const char *value)
{
        if (!value || value[0] != '/')
                return jerr(j, path, "\"%s\" must be an absolute path", value ? value : "");
        return 0;
}

static int parse_caps_set(const struct jctx *j, json_object *o, const char *path, const char *key,
                          uint64_t *out, bool *has)
{
        char p[512], ip[560];
        char **names = NULL;
        size_t n = 0;
        int r = jget_strv(j, o, path, key, &names, &n);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        *has = true;
        for (size_t i = 0; i < n; i++) {
                int cap = name_capability(names[i]);
                if (cap < 0 || cap > 63) {
                        jpath_index(ip, sizeof(ip), p, i);
                        r = jerr(j, ip, "unknown capability \"%s\"", names[i]);
                        break;
                }
                *out |= 1ULL << cap;
        }
        strv_free_n(names);
        return r < 0 ? r : 0;
}

static int parse_capabilities(const struct jctx *j, json_object *proc, const char *path,
                              struct spec_process *p)
{
        static const char *const sets[] = {"effective", "bounding", "inheritable", "permitted", "ambient"};
        json_object *o;
        char cp[512];
        int r = jget_object(j, proc, path, "capabilities", &o);

        if (r <= 0)
                return r;
        jpath(cp, sizeof(cp), path, "capabilities");
        p->capabilities = calloc(1, sizeof(*p->capabilities));
        if (!p->capabilities)
                return error_errno(j->err, ENOMEM, "%s", cp);
        struct spec_capabilities *c = p->capabilities;
        uint64_t *dst[] = {&c->effective, &c->bounding, &c->inheritable, &c->permitted, &c->ambient};
        bool *has[] = {&c->has_effective, &c->has_bounding, &c->has_inheritable, &c->has_permitted,
                       &c->has_ambient};
        for (size_t i = 0; i < 5; i++) {
                r = parse_caps_set(j, o, cp, sets[i], dst[i], has[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int parse_rlimits(const struct jctx *j, json_object *proc, const char *path, struct spec_process *p)
{
        json_object *arr;
        char ap[512], ip[560];
        int r = jget_array(j, proc, path, "rlimits", &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "rlimits");
        p->n_rlimits = json_object_array_length(arr);
        p->rlimits = calloc(p->n_rlimits + 1, sizeof(*p->rlimits));
        if (!p->rlimits)
                return error_errno(j->err, ENOMEM, "%s", ap);
        for (size_t i = 0; i < p->n_rlimits; i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                struct spec_rlimit *rl = &p->rlimits[i];
                char *type = NULL, tp[600];

                jpath_index(ip, sizeof(ip), ap, i);
                if (!e || !json_object_is_type(e, json_type_object))
                        return jerr(j, ip, "expected an object, got %s", e ? jtype_name(e) : "null");
                r = jget_string(j, e, ip, "type", &type);
                if (r < 0)
                        return r;
                jpath(tp, sizeof(tp), ip, "type");
                if (r == 0)
                        return jerr(j, tp, "missing");
                rl->type = name_rlimit(type);
                if (rl->type < 0) {
                        r = jerr(j, tp, "unknown rlimit \"%s\"", type);
                        free(type);
                        return r;
                }
                free(type);
                for (size_t k = 0; k < i; k++)
                        if (p->rlimits[k].type == rl->type)
                                return jerr(j, tp, "duplicate rlimit \"%s\"", rlimit_name(rl->type));
                if ((r = jget_uint64(j, e, ip, "soft", UINT64_MAX, &rl->soft)) < 0 ||
                    (r = jget_uint64(j, e, ip, "hard", UINT64_MAX, &rl->hard)) < 0)
                        return r;
                if (rl->soft > rl->hard) {
                        jpath(tp, sizeof(tp), ip, "soft");
                        return jerr(j, tp, "soft limit %llu is above the hard limit %llu",
                                    (unsigned long long)rl->soft, (unsigned long long)rl->hard);
                }
        }
        return 0;
}

static int parse_user(const struct jctx *j, json_object *proc, const char *path, struct spec_process *p)
{
        json_object *u, *gids;
        char up[512], gp[560], ip[600];
        int r = jget_object(j, proc, path, "user", &u);

        if (r <= 0)
                return r;
        jpath(up, sizeof(up), path, "user");
        if ((r = jget_uint32(j, u, up, "uid", &p->user.uid)) < 0 ||
            (r = jget_uint32(j, u, up, "gid", &p->user.gid)) < 0)
                return r;
        r = jget_uint32(j, u, up, "umask", &p->user.umask);
        if (r < 0)
                return r;
        p->user.has_umask = r > 0;
        if (p->user.has_umask && p->user.umask > 0777) {
                jpath(gp, sizeof(gp), up, "umask");
                return jerr(j, gp, "umask %#o out of range", p->user.umask);
        }
        if ((r = jget_string(j, u, up, "username", &p->user.username)) < 0)
                return r;
        r = jget_array(j, u, up, "additionalGids", &gids);
        if (r <= 0)
                return r;
        jpath(gp, sizeof(gp), up, "additionalGids");
        p->user.n_additional_gids = json_object_array_length(gids);
        p->user.additional_gids = calloc(p->user.n_additional_gids + 1, sizeof(uint32_t));
        if (!p->user.additional_gids)
                return error_errno(j->err, ENOMEM, "%s", gp);
        for (size_t i = 0; i < p->user.n_additional_gids; i++) {
                json_object *g = json_object_array_get_idx(gids, i);
                jpath_index(ip, sizeof(ip), gp, i);
                if (!g || !json_object_is_type(g, json_type_int))
                        return jerr(j, ip, "expected an integer gid, got %s", g ? jtype_name(g) : "null");
                if (json_object_get_int64(g) < 0 || json_object_get_int64(g) > UINT32_MAX)
                        return jerr(j, ip, "gid %s out of range (0 to 4294967295)",
                                    json_object_get_string(g));
                p->user.additional_gids[i] = (uint32_t)json_object_get_int64(g);
        }
        return 0;
}

static int parse_scheduler(const struct jctx *j, json_object *proc, const char *path, struct spec_process *p)
{
        json_object *o;
        char sp[512], fp[560], ip[600], *policy = NULL, **flags = NULL;
        size_t nf = 0;
        int64_t v;
        int r = jget_object(j, proc, path, "scheduler", &o);

        if (r <= 0)
                return r;
        jpath(sp, sizeof(sp), path, "scheduler");
        p->scheduler = calloc(1, sizeof(*p->scheduler));
        if (!p->scheduler)
                return error_errno(j->err, ENOMEM, "%s", sp);
        r = jget_string(j, o, sp, "policy", &policy);
        if (r < 0)
                return r;
        jpath(fp, sizeof(fp), sp, "policy");
        if (r == 0)
                return jerr(j, fp, "missing");
        p->scheduler->policy = name_sched_policy(policy);
        if (p->scheduler->policy < 0) {
                r = jerr(j, fp, "unknown scheduler policy \"%s\"", policy);
                free(policy);
                return r;
        }
        free(policy);
        v = 0;
        if ((r = jget_int64(j, o, sp, "nice", -20, 19, &v)) < 0)
                return r;
        p->scheduler->nice = (int32_t)v;
        v = 0; /* an absent member leaves v alone */
        if ((r = jget_int64(j, o, sp, "priority", 0, 99, &v)) < 0)
                return r;
        p->scheduler->priority = (int32_t)v;
        if ((r = jget_uint64(j, o, sp, "runtime", UINT64_MAX, &p->scheduler->runtime)) < 0 ||
            (r = jget_uint64(j, o, sp, "deadline", UINT64_MAX, &p->scheduler->deadline)) < 0 ||
            (r = jget_uint64(j, o, sp, "period", UINT64_MAX, &p->scheduler->period)) < 0)
                return r;
        r = jget_strv(j, o, sp, "flags", &flags, &nf);
        if (r < 0)
                return r;
        for (size_t i = 0; i < nf; i++) {
                int f = name_sched_flag(flags[i]);
                if (f < 0) {
                        jpath(fp, sizeof(fp), sp, "flags");
                        jpath_index(ip, sizeof(ip), fp, i);
                        r = jerr(j, ip, "unknown scheduler flag \"%s\"", flags[i]);
                        break;
                }
                p->scheduler->flags |= (uint64_t)f;
        }
        strv_free_n(flags);
        return r < 0 ? r : 0;
}

static int parse_io_priority(const struct jctx *j, json_object *proc, const char *path,
                             struct spec_process *p)
{
        json_object *o;
        char ip[512], cp[560], *cls = NULL;
        int64_t prio = 0;
        int r = jget_object(j, proc, path, "ioPriority", &o);

        if (r <= 0)
                return r;
        jpath(ip, sizeof(ip), path, "ioPriority");
        p->io_priority = calloc(1, sizeof(*p->io_priority));
        if (!p->io_priority)
                return error_errno(j->err, ENOMEM, "%s", ip);
        r = jget_string(j, o, ip, "class", &cls);
        if (r < 0)
                return r;
        jpath(cp, sizeof(cp), ip, "class");
        if (r == 0)
                return jerr(j, cp, "missing");
        p->io_priority->class = name_ioprio_class(cls);
        if (p->io_priority->class < 0) {
                r = jerr(j, cp, "unknown ioPriority class \"%s\"", cls);
                free(cls);
                return r;
        }
        free(cls);
        if ((r = jget_int64(j, o, ip, "priority", 0, 7, &prio)) < 0)
                return r;
        p->io_priority->priority = (int)prio;
        return 0;
}

static int parse_small_objects(const struct jctx *j, json_object *proc, const char *path,
                               struct spec_process *p)
{
        json_object *o;
        char op[512];
        int64_t v;
        int r;

        r = jget_object(j, proc, path, "consoleSize", &o);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(op, sizeof(op), path, "consoleSize");
                p->console_size = calloc(1, sizeof(*p->console_size));
                if (!p->console_size)
                        return error_errno(j->err, ENOMEM, "%s", op);
                if ((r = jget_uint32(j, o, op, "height", &p->console_size->height)) < 0 ||
                    (r = jget_uint32(j, o, op, "width", &p->console_size->width)) < 0)
                        return r;
        }
        r = jget_object(j, proc, path, "execCPUAffinity", &o);
        if (r < 0)
                return r;
        if (r > 0) {
                jpath(op, sizeof(op), path, "execCPUAffinity");
                p->exec_cpu_affinity = calloc(1, sizeof(*p->exec_cpu_affinity));
                if (!p->exec_cpu_affinity)
                        return error_errno(j->err, ENOMEM, "%s", op);
                if ((r = jget_string(j, o, op, "initial", &p->exec_cpu_affinity->initial)) < 0 ||
                    (r = jget_string(j, o, op, "final", &p->exec_cpu_affinity->final)) < 0)
                        return r;
        }
        r = jget_int64(j, proc, path, "oomScoreAdj", -1000, 1000, &v);
        if (r < 0)
                return r;
        p->has_oom_score_adj = r > 0;
        p->oom_score_adj = (int)v;
        return 0;
}

int parse_process(const struct jctx *j, json_object *o, const char *path, struct spec_process **out)
{
        struct spec_process *p = calloc(1, sizeof(*p));
        char fp[512];
        int r;

        if (!p)
                return error_errno(j->err, ENOMEM, "%s", path);
        *out = p;
        if ((r = jget_bool(j, o, path, "terminal", &p->terminal)) < 0 ||
            (r = jget_strv(j, o, path, "args", &p->args, &p->n_args)) < 0 ||
            (r = jget_string(j, o, path, "commandLine", &p->command_line)) < 0 ||
            (r = jget_strv(j, o, path, "env", &p->env, &p->n_env)) < 0 ||
            (r = jget_string(j, o, path, "cwd", &p->cwd)) < 0 ||
            (r = jget_bool(j, o, path, "noNewPrivileges", &p->no_new_privileges)) < 0 ||
            (r = jget_string(j, o, path, "apparmorProfile", &p->apparmor_profile)) < 0 ||
            (r = jget_string(j, o, path, "selinuxLabel", &p->selinux_label)) < 0)
                return r;
        jpath(fp, sizeof(fp), path, "args");
        if (!p->args || p->n_args == 0)
                return jerr(j, fp, "must name the program to run (at least one element)");
        if (!p->args[0][0])
                return jerr(j, fp, "the program name is empty");
        jpath(fp, sizeof(fp), path, "cwd");
        if (!p->cwd)
                return jerr(j, fp, "missing (an absolute path is required)");
        if ((r = check_absolute(j, fp, p->cwd)) < 0)
                return r;
        for (size_t i = 0; i < p->n_env; i++) {
                if (!strchr(p->env[i], '=') || p->env[i][0] == '=') {
                        char ep[560];
                        jpath(fp, sizeof(fp), path, "env");
                        jpath_index(ep, sizeof(ep), fp, i);
                        return jerr(j, ep, "\"%s\" is not of the form KEY=VALUE", p->env[i]);
                }
        }
        if (!p->env) {
                p->env = calloc(1, sizeof(char *));
                if (!p->env)
                        return error_errno(j->err, ENOMEM, "%s", path);
        }
        if ((r = parse_user(j, o, path, p)) < 0 || (r = parse_capabilities(j, o, path, p)) < 0 ||
            (r = parse_rlimits(j, o, path, p)) < 0 || (r = parse_scheduler(j, o, path, p)) < 0 ||
            (r = parse_io_priority(j, o, path, p)) < 0 || (r = parse_small_objects(j, o, path, p)) < 0)
                return r;
        return 0;
}
