/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

int spec_add_bind_mount(struct spec *s, const char *source, const char *destination, struct error *err)
{
        struct spec_mount *v, *m;

        v = realloc(s->mounts, (s->n_mounts + 1) * sizeof(*v));
        if (!v)
                return error_errno(err, ENOMEM, "mount \"%s\"", destination);
        s->mounts = v;
        m = &v[s->n_mounts];
        memset(m, 0, sizeof(*m));
        m->destination = strdup(destination);
        m->source = strdup(source);
        m->type = strdup("bind");
        m->options = calloc(2, sizeof(*m->options));
        if (m->options)
                m->options[0] = strdup("bind");
        if (!m->destination || !m->source || !m->type || !m->options || !m->options[0]) {
                free(m->destination);
                free(m->source);
                free(m->type);
                if (m->options)
                        free(m->options[0]);
                free(m->options);
                return error_errno(err, ENOMEM, "mount \"%s\"", destination);
        }
        m->n_options = 1;
        m->bind = true;
        m->clear_flags = 0;
        s->n_mounts++;
        return 0;
}

bool spec_has_mount(const struct spec *s, const char *destination)
{
        for (size_t i = 0; i < s->n_mounts; i++)
                if (!strcmp(s->mounts[i].destination, destination))
                        return true;
        return false;
}
