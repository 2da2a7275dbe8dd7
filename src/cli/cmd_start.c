/* SPDX-License-Identifier: Apache-2.0 */
#include "cli/cli.h"

static int run_start(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct error err = ERROR_INIT;

        if (engine_start(g, argv[0], &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_start = {
    .name = "start",
    .summary = "run the program of a created container",
    .args_usage = "<container-id>",
    .description = "Lets a container made by \"create\" go on into its process (the spec's\n"
                   "process.args). The poststart hooks run once it has.",
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_start,
};
