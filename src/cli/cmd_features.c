/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>

#include "cli/cli.h"

static int run_features(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct error err = ERROR_INIT;

        if (engine_features(stdout, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_features = {
    .name = "features",
    .summary = "show the enabled features",
    .description = "Prints what this build supports on this kernel, as the JSON of the runtime-spec's\n"
                   "features.md: the versions, hooks, mount options, namespaces, capabilities, cgroup\n"
                   "and seccomp support. Nothing that does not work is listed.",
    .min_args = 0,
    .max_args = 0,
    .order = FLAGS_ANYWHERE,
    .run = run_features,
};
