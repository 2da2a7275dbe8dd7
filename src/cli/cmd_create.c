/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/create_flags.h"
#include "cli/values.h"

static const struct flag_def create_flags[] = {CREATE_FLAGS, {0}};

static int run_create(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct create_opts *o = opts;
        struct error err = ERROR_INIT;

        int r;

        o->id = argv[0];
        r = cli_create_values(o, &err);
        if (r == 0)
                r = engine_create(g, o, &err);
        free(o->ports);
        if (r < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_create = {
    .name = "create",
    .summary = "create a container, ready to start",
    .args_usage = "<container-id>",
    .description = "Sets up a container from a bundle, a directory holding a config.json and a root\n"
                   "filesystem: namespaces, cgroups, mounts, everything but the program itself, which\n"
                   "waits for \"start\". The process to run is the spec's process.args; see\n"
                   "\"" CLI_NAME " spec --help\". <container-id> names it and must be unique under --root.",
    .flags = create_flags,
    .opts_size = sizeof(struct create_opts),
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .spawns = true,
    .order = FLAGS_ANYWHERE,
    .run = run_create,
};
