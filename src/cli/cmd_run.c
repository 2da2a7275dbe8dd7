/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/create_flags.h"
#include "cli/values.h"

static const struct flag_def run_flags[] = {
    CREATE_FLAGS,
    {"detach", 'd', FLAG_BOOL, CREATE_OPT(detach), "return once the container started; do not wait for it"},
    {"keep", 0, FLAG_BOOL, CREATE_OPT(keep), "keep the container's state after it exits (delete it later)"},
    {"no-subreaper", 0, FLAG_BOOL, FLAG_NO_DEST, "accepted for compatibility; brownie sets no subreaper"},
    {0},
};

static int run_run(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct create_opts *o = opts;
        struct error err = ERROR_INIT;
        int status = 0;

        int r;

        o->id = argv[0];
        r = cli_create_values(o, &err);
        if (r == 0)
                r = engine_run(g, o, &status, &err);
        free(o->ports);
        if (r < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return status;
}

const struct command cmd_run = {
    .name = "run",
    .summary = "create and start a container",
    .args_usage = "<container-id>",
    .description = "Creates a container from a bundle (see \"create\") and starts it. Unless detached it\n"
                   "waits for the container's process, passing on the signals it gets, exits with the\n"
                   "process's status (128+N when killed by signal N) and deletes the container, unless\n"
                   "--keep.",
    .flags = run_flags,
    .opts_size = sizeof(struct create_opts),
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .spawns = true,
    .order = FLAGS_ANYWHERE,
    .run = run_run,
};
