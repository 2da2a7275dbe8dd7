/* SPDX-License-Identifier: Apache-2.0 */
#include "cli.h"

static int run_spec(const struct global_opts *g, int argc, char **argv);

const struct command cmd_spec = {
    .name = "spec",
    .summary = "create a new specification file",
    .args_usage = "",
    .description = "The spec command writes a starter config.json for a bundle (args \"sh\", a terminal,\n"
                   "   the usual mounts and namespaces). Edit it before use.",
    .run = run_spec,
};

static int run_spec(const struct global_opts *g, int argc, char **argv)
{
        const char *bundle = NULL;
        bool rootless = false;
        const struct opt_def opts[] = {
            {"bundle", 'b', OPT_STRING, &bundle, "path to the root of the bundle directory"},
            {"rootless", 0, OPT_BOOL, &rootless, "generate a configuration for a rootless container"},
            {0},
        };
        struct error err = ERROR_INIT;
        int first, r;

        r = cli_parse(&cmd_spec, opts, argc, argv, &first);
        if (r != 0)
                return r < 0 ? EXIT_USAGE : 0;
        if (cli_nargs(&cmd_spec, opts, argc - first, 0, 0) < 0)
                return EXIT_USAGE;
        if (engine_spec(bundle, rootless, &err) < 0) {
                cli_error("%s", err.msg);
                return 1;
        }
        return 0;
}
