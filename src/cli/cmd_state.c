/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>

#include "cli/cli.h"

static int run_state(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct error err = ERROR_INIT;

        if (engine_state(g, argv[0], stdout, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_state = {
    .name = "state",
    .summary = "print a container's state as JSON",
    .args_usage = "<container-id>",
    .description = "Prints the container's state: id, pid of its init, status (creating, created,\n"
                   "running, paused, stopped), bundle, rootfs, creation time, owner and annotations.",
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_state,
};
