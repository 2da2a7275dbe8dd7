/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CDI spec files: the first byte picks YAML (odd) or JSON (even), the rest is the file. A spec that loads
 * has every device's edits applied to a small config (numbers as the engine would have filled them), and
 * its edits written back to JSON and read again.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/cdi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char config[] =
    "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"process\": {\"cwd\": \"/\", "
    "\"args\": [\"sh\"], \"env\": [\"A=1\"]}, \"mounts\": [{\"destination\": \"/proc\", "
    "\"type\": \"proc\"}], \"linux\": {\"devices\": [{\"path\": \"/dev/fuse\", \"type\": "
    "\"c\", \"major\": 10, \"minor\": 229}]}}";

static void apply_all(const struct cdi_spec *c)
{
        struct error err = ERROR_INIT;
        struct spec *s = NULL;
        struct cdi_base base;

        if (spec_parse(config, strlen(config), "config.json", &s, &err) < 0)
                return;
        cdi_base_of(s, &base);
        if (cdi_edits_apply(s, &base, &c->edits, c->origin, &err) == 0)
                for (size_t i = 0; i < c->n_devices; i++)
                        if (cdi_edits_apply(s, &base, &c->devices[i].edits, c->origin, &err) < 0)
                                break;
        cdi_sort_mounts(s);
        spec_free(s);
}

static void round_trip(const struct cdi_edits *e)
{
        struct error err = ERROR_INIT;
        struct cdi_edits back = {0};
        json_object *o = cdi_edits_to_json(e);

        cdi_edits_parse(o, "cdi.json", "containerEdits", &back, &err);
        cdi_edits_clear(&back);
        json_object_put(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct error err = ERROR_INIT;
        struct cdi_spec *c = NULL;

        if (size < 1)
                return 0;
        if (cdi_spec_parse((const char *)data + 1, size - 1, data[0] & 1, "x.json", &c, &err) < 0)
                return 0;
        /* The engine fills in a node's type from the host before applying: stand in for it. */
        for (size_t i = 0; i < c->n_devices; i++)
                for (size_t k = 0; k < c->devices[i].edits.n_nodes; k++)
                        if (!c->devices[i].edits.nodes[k].dev.type)
                                c->devices[i].edits.nodes[k].dev.type = 'c';
        for (size_t k = 0; k < c->edits.n_nodes; k++)
                if (!c->edits.nodes[k].dev.type)
                        c->edits.nodes[k].dev.type = 'c';
        apply_all(c);
        round_trip(&c->edits);
        for (size_t i = 0; i < c->n_devices; i++)
                round_trip(&c->devices[i].edits);
        cdi_spec_free(c);
        return 0;
}
