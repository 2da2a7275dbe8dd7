/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "cli.h"
#include "create_flags.h"

static int run_create(const struct global_opts *g, int argc, char **argv);

const struct command cmd_create = {
    .name = "create",
    .summary = "create a container",
    .args_usage = "<container-id>",
    .description = "The create command creates an instance of a container for a bundle: a directory with a\n"
                   "   config.json and a root filesystem. Everything but the user program is set up; the\n"
                   "   program runs on \"start\".",
    .run = run_create,
};

static int run_create(const struct global_opts *g, int argc, char **argv)
{
        struct create_opts o = {0};
        struct opt_def opts[CREATE_FLAGS_MAX + 1] = {0};
        struct error err = ERROR_INIT;
        int first, r;

        create_flags(&o, opts);
        r = cli_parse(&cmd_create, opts, argc, argv, &first);
        if (r != 0)
                return r < 0 ? EXIT_USAGE : 0;
        if (cli_nargs(&cmd_create, opts, argc - first, 1, 1) < 0)
                return EXIT_USAGE;
        o.id = argv[first];
        if (!cli_check_id(o.id))
                return EXIT_USAGE;
        if (engine_create(g, &o, &err) < 0) {
                cli_error("%s", err.msg);
                return 1;
        }
        return 0;
}
