/* SPDX-License-Identifier: Apache-2.0 */
#include "cli.h"

static int run_delete(const struct global_opts *g, int argc, char **argv);

const struct command cmd_delete = {
    .name = "delete",
    .summary = "delete any resources held by the container often used with detached container",
    .args_usage = "<container-id>",
    .description = "A stopped container is removed; --force kills a created or running one first, and\n"
                   "   succeeds for an id that does not exist.",
    .run = run_delete,
};

static int run_delete(const struct global_opts *g, int argc, char **argv)
{
        bool force = false;
        const struct opt_def opts[] = {
            {"force", 'f', OPT_BOOL, &force,
             "forcibly deletes the container if it is still running (uses SIGKILL)"},
            {0},
        };
        struct error err = ERROR_INIT;
        int first, r;

        r = cli_parse(&cmd_delete, opts, argc, argv, &first);
        if (r != 0)
                return r < 0 ? EXIT_USAGE : 0;
        if (cli_nargs(&cmd_delete, opts, argc - first, 1, 1) < 0)
                return EXIT_USAGE;
        if (!cli_check_id(argv[first]))
                return EXIT_USAGE;
        if (engine_delete(g, argv[first], force, &err) < 0) {
                cli_error("%s", err.msg);
                return 1;
        }
        return 0;
}
