/* SPDX-License-Identifier: Apache-2.0 */
/* pause and resume: one file, they are each other's inverse. */
#include "cli/cli.h"

static int run_pause(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct error err = ERROR_INIT;

        if (engine_pause(g, argv[0], &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

static int run_resume(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct error err = ERROR_INIT;

        if (engine_resume(g, argv[0], &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_pause = {
    .name = "pause",
    .summary = "suspend every process of a container",
    .args_usage = "<container-id>",
    .description =
        "Freezes the container's cgroup (the v1 freezer, or cgroup.freeze on v2) and returns once\n"
        "every process is frozen; state then reports \"paused\".",
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_pause,
};

const struct command cmd_resume = {
    .name = "resume",
    .summary = "resume every process of a paused container",
    .args_usage = "<container-id>",
    .description = "Thaws the container's cgroup and returns once every process runs again.",
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_resume,
};
