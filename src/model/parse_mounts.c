/* SPDX-License-Identifier: Apache-2.0 */
/* "root" and "mounts". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "mount_options.h"
#include "parse.h"

int parse_root(const struct jctx *j, json_object *o, struct spec *s)
{
        json_object *r_obj;
        int r = jget_object(j, o, "", "root", &r_obj);

        if (r < 0)
                return r;
        if (r == 0)
                return jerr(j, "root", "missing (the container's root filesystem is required)");
        s->root = calloc(1, sizeof(*s->root));
        if (!s->root)
                return jnomem(j, "root");
        if ((r = jget_string_req(j, r_obj, "root", "path", &s->root->path)) < 0 ||
            (r = jget_bool(j, r_obj, "root", "readonly", &s->root->readonly)) < 0)
                return r;
        if (!*s->root->path)
                return jerr(j, "root.path", "empty");
        return 0;
}

/* The index of the first "idmap" or "ridmap" option (n_options when there is none). */
static size_t idmap_option(const struct spec_mount *m)
{
        size_t i;

        for (i = 0; i < m->n_options; i++)
                if (!strcmp(m->options[i], "idmap") || !strcmp(m->options[i], "ridmap"))
                        break;
        return i;
}

/* Id-mapped mounts (config.md): both mappings or neither; bind mounts only, as runc has it. */
static int check_mappings(const struct jctx *j, const char *ip, const struct spec_mount *m)
{
        char fp[JPATH_MAX + 32];

        if (!m->n_uid_mappings && !m->n_gid_mappings && !m->idmap)
                return 0;
        if (!m->n_uid_mappings != !m->n_gid_mappings) {
                jpath(fp, sizeof(fp), ip, m->n_uid_mappings ? "gidMappings" : "uidMappings");
                return jerr(j, fp, "missing (uidMappings and gidMappings go together)");
        }
        if (m->bind)
                return 0;
        if (m->n_uid_mappings) {
                jpath(fp, sizeof(fp), ip, "uidMappings");
                return jerr(j, fp, "id-mapped mounts must be bind mounts");
        }
        snprintf(fp, sizeof(fp), "%s.options[%zu]", ip, idmap_option(m));
        return jerr(j, fp, "\"%s\": id-mapped mounts must be bind mounts", m->options[idmap_option(m)]);
}

static int parse_mount(const struct jctx *j, json_object *e, const char *ip, struct spec_mount *m)
{
        char fp[JPATH_MAX];
        int r;

        if ((r = jget_string_req(j, e, ip, "destination", &m->destination)) < 0 ||
            (r = jget_string(j, e, ip, "source", &m->source)) < 0 ||
            (r = jget_string(j, e, ip, "type", &m->type)) < 0 ||
            (r = jget_strv(j, e, ip, "options", &m->options, &m->n_options)) < 0 ||
            (r = parse_id_mappings(j, e, ip, "uidMappings", &m->uid_mappings, &m->n_uid_mappings)) < 0 ||
            (r = parse_id_mappings(j, e, ip, "gidMappings", &m->gid_mappings, &m->n_gid_mappings)) < 0)
                return r;
        jpath(fp, sizeof(fp), ip, "destination");
        if ((r = check_absolute(j, fp, m->destination)) < 0)
                return r;
        if ((r = mount_options_translate(j, ip, m)) < 0)
                return r;
        if (!m->type && !m->bind)
                return jerr(j, ip, "mount of \"%s\" has neither a type nor a bind option", m->destination);
        if (m->bind && (!m->source || !*m->source)) {
                jpath(fp, sizeof(fp), ip, "source");
                return jerr(j, fp, "missing (a bind mount needs a source)");
        }
        return check_mappings(j, ip, m);
}

int parse_mounts(const struct jctx *j, json_object *o, struct spec *s)
{
        char ip[JPATH_MAX];
        json_object *arr, *e;
        int r = jget_object_array(j, o, "", "mounts", sizeof(*s->mounts), (void **)&s->mounts, &s->n_mounts,
                                  &arr);

        if (r <= 0)
                return r;
        for (size_t i = 0; i < s->n_mounts; i++) {
                if ((r = jarray_object(j, arr, "mounts", i, ip, sizeof(ip), &e)) < 0 ||
                    (r = parse_mount(j, e, ip, &s->mounts[i])) < 0)
                        return r;
        }
        return 0;
}
