/* SPDX-License-Identifier: Apache-2.0 */
/* containerEdits back to the JSON the spec spells (cdi_edits_parse reads it again): what create applied,
 * with each device node's numbers as filled from the host, is kept in the state directory so that start,
 * exec and delete see the same config create did. */
#include "cdi.h"

static json_object *strv_json(char **v, size_t n)
{
        json_object *a = json_object_new_array();

        for (size_t i = 0; i < n; i++)
                json_object_array_add(a, json_object_new_string(v[i]));
        return a;
}

static void add_str(json_object *o, const char *key, const char *v)
{
        if (v)
                json_object_object_add(o, key, json_object_new_string(v));
}

static json_object *node_json(const struct cdi_node *n)
{
        json_object *o = json_object_new_object();
        char type[2] = {n->dev.type, 0};

        add_str(o, "path", n->dev.path);
        add_str(o, "hostPath", n->host_path);
        if (n->dev.type)
                add_str(o, "type", type);
        if (n->dev.major)
                json_object_object_add(o, "major", json_object_new_int64(n->dev.major));
        if (n->dev.minor)
                json_object_object_add(o, "minor", json_object_new_int64(n->dev.minor));
        if (n->dev.has_file_mode)
                json_object_object_add(o, "fileMode", json_object_new_int64(n->dev.file_mode));
        add_str(o, "permissions", n->permissions);
        if (n->dev.has_uid)
                json_object_object_add(o, "uid", json_object_new_int64(n->dev.uid));
        if (n->dev.has_gid)
                json_object_object_add(o, "gid", json_object_new_int64(n->dev.gid));
        return o;
}

static json_object *mount_json(const struct spec_mount *m)
{
        json_object *o = json_object_new_object();

        add_str(o, "hostPath", m->source);
        add_str(o, "containerPath", m->destination);
        add_str(o, "type", m->type);
        if (m->n_options)
                json_object_object_add(o, "options", strv_json(m->options, m->n_options));
        return o;
}

static json_object *hook_json(const struct cdi_hook *h)
{
        json_object *o = json_object_new_object();

        add_str(o, "hookName", spec_hook_name(h->kind));
        add_str(o, "path", h->hook.path);
        if (h->hook.args)
                json_object_object_add(o, "args", strv_json(h->hook.args, h->hook.n_args));
        if (h->hook.env)
                json_object_object_add(o, "env", strv_json(h->hook.env, h->hook.n_env));
        if (h->hook.has_timeout)
                json_object_object_add(o, "timeout", json_object_new_int(h->hook.timeout));
        return o;
}

static json_object *rdt_json(const struct spec_intel_rdt *r)
{
        json_object *o = json_object_new_object();

        add_str(o, "closID", r->clos_id);
        add_str(o, "l3CacheSchema", r->l3_cache_schema);
        add_str(o, "memBwSchema", r->mem_bw_schema);
        if (r->schemata)
                json_object_object_add(o, "schemata", strv_json(r->schemata, r->n_schemata));
        if (r->enable_cmt)
                json_object_object_add(o, "enableCMT", json_object_new_boolean(1));
        if (r->enable_mbm)
                json_object_object_add(o, "enableMBM", json_object_new_boolean(1));
        if (r->enable_monitoring)
                json_object_object_add(o, "enableMonitoring", json_object_new_boolean(1));
        return o;
}

json_object *cdi_edits_to_json(const struct cdi_edits *e)
{
        json_object *o = json_object_new_object(), *a;

        if (e->n_env)
                json_object_object_add(o, "env", strv_json(e->env, e->n_env));
        if (e->n_nodes) {
                a = json_object_new_array();
                for (size_t i = 0; i < e->n_nodes; i++)
                        json_object_array_add(a, node_json(&e->nodes[i]));
                json_object_object_add(o, "deviceNodes", a);
        }
        if (e->n_mounts) {
                a = json_object_new_array();
                for (size_t i = 0; i < e->n_mounts; i++)
                        json_object_array_add(a, mount_json(&e->mounts[i]));
                json_object_object_add(o, "mounts", a);
        }
        if (e->n_hooks) {
                a = json_object_new_array();
                for (size_t i = 0; i < e->n_hooks; i++)
                        json_object_array_add(a, hook_json(&e->hooks[i]));
                json_object_object_add(o, "hooks", a);
        }
        if (e->n_gids) {
                a = json_object_new_array();
                for (size_t i = 0; i < e->n_gids; i++)
                        json_object_array_add(a, json_object_new_int64(e->gids[i]));
                json_object_object_add(o, "additionalGids", a);
        }
        if (e->rdt)
                json_object_object_add(o, "intelRdt", rdt_json(e->rdt));
        return o;
}
