/* SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>

#include "cli/cli.h"

struct delete_args {
        bool force;
};

static const struct flag_def delete_flags[] = {
    {"force", 'f', FLAG_BOOL, offsetof(struct delete_args, force),
     "delete a created or running container too, killing it with SIGKILL"},
    {0},
};

static int run_delete(const struct global_opts *g, void *opts, int argc, char **argv)
{
        const struct delete_args *a = opts;
        struct error err = ERROR_INIT;

        if (engine_delete(g, argv[0], a->force, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_delete = {
    .name = "delete",
    .summary = "remove a container and everything it holds (state, cgroups)",
    .args_usage = "<container-id>",
    .description = "Removes a stopped container: its state, its cgroups, and runs its poststop hooks.\n"
                   "With --force a created or running one is killed first, and an id that does not\n"
                   "exist is no error.",
    .flags = delete_flags,
    .opts_size = sizeof(struct delete_args),
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_delete,
};
