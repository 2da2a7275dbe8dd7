/* SPDX-License-Identifier: Apache-2.0 */
/* "process" (and process.json): args, env, cwd, user, capabilities, rlimits. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "names.h"
#include "parse.h"
#include "util/cleanup.h"

static int parse_caps_set(const struct jctx *j, json_object *o, const char *path, const char *key,
                          uint64_t *out, bool *has)
{
        _cleanup_strv_ char **names = NULL;
        char p[JPATH_MAX];
        size_t n = 0;
        int r = jget_strv(j, o, path, key, &names, &n);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        if ((r = jcheck_names(j, p, names, n, name_capability, "capability")) < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                *out |= 1ULL << name_capability(names[i]);
        *has = true;
        return 0;
}

static int parse_capabilities(const struct jctx *j, json_object *proc, const char *path,
                              struct spec_process *p)
{
        json_object *o;
        char cp[JPATH_MAX];
        struct spec_capabilities *c;
        int r = jget_object(j, proc, path, "capabilities", &o);

        if (r <= 0)
                return r;
        jpath(cp, sizeof(cp), path, "capabilities");
        c = p->capabilities = calloc(1, sizeof(*c));
        if (!c)
                return jnomem(j, cp);
        if ((r = parse_caps_set(j, o, cp, "effective", &c->effective, &c->has_effective)) < 0 ||
            (r = parse_caps_set(j, o, cp, "bounding", &c->bounding, &c->has_bounding)) < 0 ||
            (r = parse_caps_set(j, o, cp, "inheritable", &c->inheritable, &c->has_inheritable)) < 0 ||
            (r = parse_caps_set(j, o, cp, "permitted", &c->permitted, &c->has_permitted)) < 0 ||
            (r = parse_caps_set(j, o, cp, "ambient", &c->ambient, &c->has_ambient)) < 0)
                return r;
        return 0;
}

static int parse_rlimit(const struct jctx *j, json_object *e, const char *ip, struct spec_process *p,
                        size_t i)
{
        struct spec_rlimit *rl = &p->rlimits[i];
        char fp[JPATH_MAX];
        int r;

        if ((r = jget_name(j, e, ip, "type", name_rlimit, "rlimit", true, &rl->type)) < 0)
                return r;
        for (size_t k = 0; k < i; k++) {
                if (p->rlimits[k].type == rl->type) {
                        jpath(fp, sizeof(fp), ip, "type");
                        return jerr(j, fp, "duplicate rlimit \"%s\"", rlimit_name(rl->type));
                }
        }
        if ((r = jget_uint64(j, e, ip, "soft", UINT64_MAX, &rl->soft)) < 0 ||
            (r = jget_uint64(j, e, ip, "hard", UINT64_MAX, &rl->hard)) < 0)
                return r;
        if (rl->soft > rl->hard) {
                jpath(fp, sizeof(fp), ip, "soft");
                return jerr(j, fp, "soft limit %llu is above the hard limit %llu",
                            (unsigned long long)rl->soft, (unsigned long long)rl->hard);
        }
        return 0;
}

static int parse_rlimits(const struct jctx *j, json_object *proc, const char *path, struct spec_process *p)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r = jget_object_array(j, proc, path, "rlimits", sizeof(*p->rlimits), (void **)&p->rlimits,
                                  &p->n_rlimits, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "rlimits");
        for (size_t i = 0; i < p->n_rlimits; i++)
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = parse_rlimit(j, e, ip, p, i)) < 0)
                        return r;
        return 0;
}

static int parse_additional_gids(const struct jctx *j, json_object *u, const char *up, struct spec_user *user)
{
        json_object *gids;
        char gp[JPATH_MAX], ip[JPATH_MAX];
        uint64_t g;
        int r = jget_array(j, u, up, "additionalGids", &gids);

        if (r <= 0)
                return r;
        jpath(gp, sizeof(gp), up, "additionalGids");
        user->additional_gids = calloc(json_object_array_length(gids) + 1, sizeof(uint32_t));
        if (!user->additional_gids)
                return jnomem(j, gp);
        for (size_t i = 0; i < json_object_array_length(gids); i++) {
                jpath_index(ip, sizeof(ip), gp, i);
                if ((r = jas_uint64(j, json_object_array_get_idx(gids, i), ip, UINT32_MAX, &g)) < 0)
                        return r;
                user->additional_gids[user->n_additional_gids++] = (uint32_t)g;
        }
        return 0;
}

static int parse_user(const struct jctx *j, json_object *proc, const char *path, struct spec_process *p)
{
        json_object *u;
        char up[JPATH_MAX], fp[JPATH_MAX];
        int r = jget_object(j, proc, path, "user", &u);

        if (r <= 0)
                return r;
        jpath(up, sizeof(up), path, "user");
        if ((r = jget_uint32(j, u, up, "uid", &p->user.uid)) < 0 ||
            (r = jget_uint32(j, u, up, "gid", &p->user.gid)) < 0)
                return r;
        if ((r = jget_uint32(j, u, up, "umask", &p->user.umask)) < 0)
                return r;
        p->user.has_umask = r > 0;
        if (p->user.has_umask && p->user.umask > 0777) {
                jpath(fp, sizeof(fp), up, "umask");
                return jerr(j, fp, "umask %#o out of range (0 to 0777)", p->user.umask);
        }
        if ((r = jget_string(j, u, up, "username", &p->user.username)) < 0)
                return r;
        return parse_additional_gids(j, u, up, &p->user);
}

static int check_env(const struct jctx *j, const char *path, const struct spec_process *p)
{
        char ep[JPATH_MAX], ip[JPATH_MAX];

        jpath(ep, sizeof(ep), path, "env");
        for (size_t i = 0; i < p->n_env; i++) {
                if (!strchr(p->env[i], '=') || p->env[i][0] == '=') {
                        jpath_index(ip, sizeof(ip), ep, i);
                        return jerr(j, ip, "\"%s\" is not of the form KEY=VALUE", p->env[i]);
                }
        }
        return 0;
}

static int check_args_cwd(const struct jctx *j, const char *path, const struct spec_process *p)
{
        char fp[JPATH_MAX];

        jpath(fp, sizeof(fp), path, "args");
        if (!p->args || p->n_args == 0)
                return jerr(j, fp, "must name the program to run (at least one element)");
        if (!p->args[0][0])
                return jerr(j, fp, "the program name is empty");
        jpath(fp, sizeof(fp), path, "cwd");
        if (!p->cwd)
                return jerr(j, fp, "missing (an absolute path is required)");
        return check_absolute(j, fp, p->cwd);
}

int parse_process(const struct jctx *j, json_object *o, const char *path, struct spec_process **out)
{
        struct spec_process *p = calloc(1, sizeof(*p));
        int r;

        if (!p)
                return jnomem(j, path);
        *out = p;
        if ((r = jget_bool(j, o, path, "terminal", &p->terminal)) < 0 ||
            (r = jget_strv(j, o, path, "args", &p->args, &p->n_args)) < 0 ||
            (r = jget_string(j, o, path, "commandLine", &p->command_line)) < 0 ||
            (r = jget_strv(j, o, path, "env", &p->env, &p->n_env)) < 0 ||
            (r = jget_string(j, o, path, "cwd", &p->cwd)) < 0 ||
            (r = jget_bool(j, o, path, "noNewPrivileges", &p->no_new_privileges)) < 0 ||
            (r = jget_string(j, o, path, "apparmorProfile", &p->apparmor_profile)) < 0 ||
            (r = jget_string(j, o, path, "selinuxLabel", &p->selinux_label)) < 0 ||
            (r = check_args_cwd(j, path, p)) < 0 || (r = check_env(j, path, p)) < 0)
                return r;
        if (!p->env) {
                p->env = calloc(1, sizeof(char *));
                if (!p->env)
                        return jnomem(j, path);
        }
        if ((r = parse_user(j, o, path, p)) < 0 || (r = parse_capabilities(j, o, path, p)) < 0 ||
            (r = parse_rlimits(j, o, path, p)) < 0 || (r = parse_process_sched(j, o, path, p)) < 0)
                return r;
        return 0;
}
