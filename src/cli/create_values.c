/* SPDX-License-Identifier: Apache-2.0 */
/* create's and run's flags made into the typed values the engine takes (cli/values.h). */
#include <errno.h>
#include <stdlib.h>

#include "cli/values.h"

int cli_create_values(struct create_opts *o, struct error *err)
{
        for (char **p = o->publish; p && *p; p++) {
                int r = publish_parse_list(*p, &o->ports, &o->n_ports, err);

                if (r < 0)
                        return error_wrap(err, r, "--publish");
        }
        return 0;
}
