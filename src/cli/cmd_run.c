/* SPDX-License-Identifier: Apache-2.0 */
#include "cli.h"
#include "create_flags.h"

static int run_run(const struct global_opts *g, int argc, char **argv);

const struct command cmd_run = {
    .name = "run",
    .summary = "create and run a container",
    .args_usage = "<container-id>",
    .description = "The run command creates and starts a container. Without --detach it waits for the\n"
                   "   container's process, passes on the signals it receives, exits with its status\n"
                   "   (128+signal when killed) and deletes the container unless --keep.",
    .run = run_run,
};

static int run_run(const struct global_opts *g, int argc, char **argv)
{
        struct create_opts o = {0};
        struct opt_def opts[CREATE_FLAGS_MAX + 3] = {0};
        struct error err = ERROR_INIT;
        int first, n, r, status = 0;

        n = create_flags(&o, opts);
        opts[n++] =
            (struct opt_def){"detach", 'd', OPT_BOOL, &o.detach, "detach from the container's process"};
        opts[n++] =
            (struct opt_def){"keep", 0, OPT_BOOL, &o.keep, "do not delete the container after it exits"};
        r = cli_parse(&cmd_run, opts, argc, argv, &first);
        if (r != 0)
                return r < 0 ? EXIT_USAGE : 0;
        if (cli_nargs(&cmd_run, opts, argc - first, 1, 1) < 0)
                return EXIT_USAGE;
        o.id = argv[first];
        if (!cli_check_id(o.id))
                return EXIT_USAGE;
        if (engine_run(g, &o, &status, &err) < 0) {
                cli_error("%s", err.msg);
                return 1;
        }
        return status;
}
