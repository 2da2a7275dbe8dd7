/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CDI containerEdits applied to a parsed config, as the CDI library applies them: env (the edit's value of
 * a variable wins), device nodes (uid/gid default to the process's when not 0, an allow rule of the device
 * cgroup for block and char devices with the node's permissions), mounts, hooks appended to their kind,
 * additional gids (0 ignored, no duplicates), intelRdt replaced. A node or mount on a path the config's own
 * devices or mounts have is refused; one an earlier edit added is replaced. Copies are made: the edits
 * stay as they are.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdi.h"
#include "parse.h"
#include "util/cleanup.h"

/* Paths equal once repeated and trailing slashes are ignored. */
static bool same_path(const char *a, const char *b)
{
        for (;;) {
                while (a[0] == '/' && (a[1] == '/' || a[1] == '\0'))
                        a++;
                while (b[0] == '/' && (b[1] == '/' || b[1] == '\0'))
                        b++;
                if (*a != *b)
                        return false;
                if (!*a)
                        return true;
                a++;
                b++;
        }
}

static char **strv_dup(char **v, size_t n)
{
        char **c;

        if (!v)
                return NULL;
        c = calloc(n + 1, sizeof(*c));
        if (!c)
                return NULL;
        for (size_t i = 0; i < n; i++)
                if (!(c[i] = strdup(v[i]))) {
                        strv_free(c);
                        return NULL;
                }
        return c;
}

static int nomem(struct error *err, const char *origin)
{
        return error_errno(err, ENOMEM, "%s", origin);
}

void cdi_base_of(const struct spec *s, struct cdi_base *out)
{
        out->n_mounts = s->n_mounts;
        out->n_devices = s->linux ? s->linux->n_devices : 0;
}

static int ensure_linux(struct spec *s)
{
        if (!s->linux && !(s->linux = calloc(1, sizeof(*s->linux))))
                return -ENOMEM;
        return 0;
}

static int apply_env(struct spec *s, char **env, size_t n)
{
        struct spec_process *p = s->process;

        if (!p) /* no process: nothing to set it for */
                return 0;
        for (size_t i = 0; i < n; i++) {
                size_t klen = (size_t)(strchr(env[i], '=') - env[i]) + 1, k;
                char *dup = strdup(env[i]), **v;

                if (!dup)
                        return -ENOMEM;
                for (k = 0; k < p->n_env; k++)
                        if (!strncmp(p->env[k], env[i], klen))
                                break;
                if (k < p->n_env) {
                        free(p->env[k]);
                        p->env[k] = dup;
                        continue;
                }
                v = realloc(p->env, (p->n_env + 2) * sizeof(*v));
                if (!v) {
                        free(dup);
                        return -ENOMEM;
                }
                p->env = v;
                v[p->n_env++] = dup;
                v[p->n_env] = NULL;
        }
        return 0;
}

/* The config's own device or mount at path: an error naming it. */
static int collision(const struct spec *s, const struct cdi_base *base, const char *path, const char *what,
                     const char *origin, struct error *err)
{
        for (size_t i = 0; i < base->n_devices; i++)
                if (same_path(s->linux->devices[i].path, path))
                        return error_set(err, EEXIST,
                                         "%s: %s \"%s\": the config already has a device at that path "
                                         "(linux.devices[%zu])",
                                         origin, what, path, i);
        for (size_t i = 0; i < base->n_mounts; i++)
                if (same_path(s->mounts[i].destination, path))
                        return error_set(
                            err, EEXIST,
                            "%s: %s \"%s\": the config already has a mount at that path (mounts[%zu])",
                            origin, what, path, i);
        return 0;
}

static int add_rule(struct spec_linux *l, const struct spec_device *d, const char *permissions)
{
        struct spec_device_cgroup *v, *rule;
        const char *access = permissions && *permissions ? permissions : "rwm";

        if (!strcmp(access, "none")) /* no access asked: no rule (the default denies) */
                return 0;
        if (!l->resources && !(l->resources = calloc(1, sizeof(*l->resources))))
                return -ENOMEM;
        v = realloc(l->resources->devices, (l->resources->n_devices + 1) * sizeof(*v));
        if (!v)
                return -ENOMEM;
        l->resources->devices = v;
        rule = &v[l->resources->n_devices];
        *rule = (struct spec_device_cgroup){
            .allow = true,
            .type = d->type,
            .has_major = true,
            .has_minor = true,
            .major = d->major,
            .minor = d->minor,
            .access = strdup(access),
        };
        if (!rule->access)
                return -ENOMEM;
        l->resources->n_devices++;
        return 0;
}

static int apply_node(struct spec *s, const struct cdi_base *base, const struct cdi_node *n,
                      const char *origin, struct error *err)
{
        struct spec_linux *l;
        struct spec_device *v, d = n->dev;
        int r;

        if (!d.type)
                return error_set(err, EINVAL,
                                 "%s: deviceNodes \"%s\": no type (the host's was not filled in)", origin,
                                 d.path);
        if (ensure_linux(s) < 0)
                return nomem(err, origin);
        r = collision(s, base, d.path, "device node", origin, err);
        if (r < 0)
                return r;
        l = s->linux;
        for (size_t i = base->n_devices; i < l->n_devices; i++)
                if (same_path(l->devices[i].path, d.path)) {
                        free(l->devices[i].path);
                        memmove(&l->devices[i], &l->devices[i + 1], (l->n_devices - i - 1) * sizeof(*v));
                        l->n_devices--;
                        break;
                }
        if (!d.has_uid && s->process && s->process->user.uid > 0) {
                d.has_uid = true;
                d.uid = s->process->user.uid;
        }
        if (!d.has_gid && s->process && s->process->user.gid > 0) {
                d.has_gid = true;
                d.gid = s->process->user.gid;
        }
        v = realloc(l->devices, (l->n_devices + 1) * sizeof(*v));
        if (!v)
                return nomem(err, origin);
        l->devices = v;
        d.path = strdup(n->dev.path);
        if (!d.path)
                return nomem(err, origin);
        v[l->n_devices++] = d;
        if ((d.type == 'b' || d.type == 'c') && add_rule(l, &d, n->permissions) < 0)
                return nomem(err, origin);
        return 0;
}

static int apply_mount(struct spec *s, const struct cdi_base *base, const struct spec_mount *m,
                       const char *origin, struct error *err)
{
        struct spec_mount *v, c = *m;
        int r = collision(s, base, m->destination, "mount", origin, err);

        if (r < 0)
                return r;
        for (size_t i = base->n_mounts; i < s->n_mounts; i++)
                if (same_path(s->mounts[i].destination, m->destination)) {
                        spec_mount_clear(&s->mounts[i]);
                        memmove(&s->mounts[i], &s->mounts[i + 1], (s->n_mounts - i - 1) * sizeof(*v));
                        s->n_mounts--;
                        break;
                }
        v = realloc(s->mounts, (s->n_mounts + 1) * sizeof(*v));
        if (!v)
                return nomem(err, origin);
        s->mounts = v;
        c.destination = strdup(m->destination);
        c.source = m->source ? strdup(m->source) : NULL;
        c.type = m->type ? strdup(m->type) : NULL;
        c.options = strv_dup(m->options, m->n_options);
        c.data = m->data ? strdup(m->data) : NULL;
        c.uid_mappings = c.gid_mappings = NULL;
        c.n_uid_mappings = c.n_gid_mappings = 0;
        if (!c.destination || (m->source && !c.source) || (m->type && !c.type) ||
            (m->options && !c.options) || (m->data && !c.data)) {
                spec_mount_clear(&c);
                return nomem(err, origin);
        }
        v[s->n_mounts++] = c;
        return 0;
}

static int apply_hook(struct spec *s, const struct cdi_hook *h)
{
        struct spec_hook *v, c = h->hook;
        size_t *n = &s->hooks.n[h->kind];

        v = realloc(s->hooks.list[h->kind], (*n + 1) * sizeof(*v));
        if (!v)
                return -ENOMEM;
        s->hooks.list[h->kind] = v;
        c.path = strdup(h->hook.path);
        c.args = strv_dup(h->hook.args, h->hook.n_args);
        c.env = strv_dup(h->hook.env, h->hook.n_env);
        if (!c.path || (h->hook.args && !c.args) || (h->hook.env && !c.env)) {
                free(c.path);
                strv_free(c.args);
                strv_free(c.env);
                return -ENOMEM;
        }
        v[(*n)++] = c;
        return 0;
}

static int apply_gids(struct spec *s, const uint32_t *gids, size_t n)
{
        struct spec_user *u;

        if (!s->process)
                return 0;
        u = &s->process->user;
        for (size_t i = 0; i < n; i++) {
                uint32_t *v;
                size_t k;

                if (gids[i] == 0)
                        continue;
                for (k = 0; k < u->n_additional_gids && u->additional_gids[k] != gids[i]; k++)
                        ;
                if (k < u->n_additional_gids)
                        continue;
                v = realloc(u->additional_gids, (u->n_additional_gids + 1) * sizeof(*v));
                if (!v)
                        return -ENOMEM;
                u->additional_gids = v;
                v[u->n_additional_gids++] = gids[i];
        }
        return 0;
}

static int apply_rdt(struct spec *s, const struct spec_intel_rdt *r)
{
        struct spec_intel_rdt *c;

        if (ensure_linux(s) < 0 || !(c = calloc(1, sizeof(*c))))
                return -ENOMEM;
        *c = *r;
        c->clos_id = r->clos_id ? strdup(r->clos_id) : NULL;
        c->l3_cache_schema = r->l3_cache_schema ? strdup(r->l3_cache_schema) : NULL;
        c->mem_bw_schema = r->mem_bw_schema ? strdup(r->mem_bw_schema) : NULL;
        c->schemata = strv_dup(r->schemata, r->n_schemata);
        if ((r->clos_id && !c->clos_id) || (r->l3_cache_schema && !c->l3_cache_schema) ||
            (r->mem_bw_schema && !c->mem_bw_schema) || (r->schemata && !c->schemata)) {
                free(c->clos_id);
                free(c->l3_cache_schema);
                free(c->mem_bw_schema);
                strv_free(c->schemata);
                free(c);
                return -ENOMEM;
        }
        if (s->linux->intel_rdt) {
                free(s->linux->intel_rdt->clos_id);
                free(s->linux->intel_rdt->l3_cache_schema);
                free(s->linux->intel_rdt->mem_bw_schema);
                strv_free(s->linux->intel_rdt->schemata);
                free(s->linux->intel_rdt);
        }
        s->linux->intel_rdt = c;
        return 0;
}

int cdi_edits_apply(struct spec *s, const struct cdi_base *base, const struct cdi_edits *e,
                    const char *origin, struct error *err)
{
        int r;

        if (apply_env(s, e->env, e->n_env) < 0)
                return nomem(err, origin);
        for (size_t i = 0; i < e->n_nodes; i++)
                if ((r = apply_node(s, base, &e->nodes[i], origin, err)) < 0)
                        return r;
        for (size_t i = 0; i < e->n_mounts; i++)
                if ((r = apply_mount(s, base, &e->mounts[i], origin, err)) < 0)
                        return r;
        for (size_t i = 0; i < e->n_hooks; i++)
                if (apply_hook(s, &e->hooks[i]) < 0)
                        return nomem(err, origin);
        if (e->rdt && apply_rdt(s, e->rdt) < 0)
                return nomem(err, origin);
        if (apply_gids(s, e->gids, e->n_gids) < 0)
                return nomem(err, origin);
        return 0;
}

/* Components of a destination ("/a/b" has 2), as the library counts them to sort. */
static size_t depth(const char *p)
{
        size_t n = 0;

        for (; *p; p++)
                if (*p == '/' && p[1] && p[1] != '/')
                        n++;
        return n ? n : 1;
}

void cdi_sort_mounts(struct spec *s)
{
        /* A stable insertion sort: the config's order is kept among mounts of the same depth. */
        for (size_t i = 1; i < s->n_mounts; i++) {
                struct spec_mount m = s->mounts[i];
                size_t d = depth(m.destination), k = i;

                while (k > 0 && depth(s->mounts[k - 1].destination) > d) {
                        s->mounts[k] = s->mounts[k - 1];
                        k--;
                }
                s->mounts[k] = m;
        }
}

int cdi_set_annotation(struct spec *s, const char *key, const char *value, struct error *err)
{
        struct kv *v;
        char *val = strdup(value), *k;

        if (!val)
                return error_errno(err, ENOMEM, "annotation \"%s\"", key);
        for (size_t i = 0; i < s->n_annotations; i++)
                if (!strcmp(s->annotations[i].key, key)) {
                        free(s->annotations[i].value);
                        s->annotations[i].value = val;
                        return 0;
                }
        k = strdup(key);
        v = k ? realloc(s->annotations, (s->n_annotations + 1) * sizeof(*v)) : NULL;
        if (!v) {
                free(k);
                free(val);
                return error_errno(err, ENOMEM, "annotation \"%s\"", key);
        }
        s->annotations = v;
        v[s->n_annotations++] = (struct kv){.key = k, .value = val};
        return 0;
}
