/* SPDX-License-Identifier: Apache-2.0 */
/* The commands that take just a container id: start and state. */
#include <stdio.h>

#include "cli.h"

static int run_start(const struct global_opts *g, int argc, char **argv);
static int run_state(const struct global_opts *g, int argc, char **argv);

const struct command cmd_start = {
    .name = "start",
    .summary = "executes the user defined process in a created container",
    .args_usage = "<container-id>",
    .description = "The start command executes the user defined process in a created container.",
    .run = run_start,
};

const struct command cmd_state = {
    .name = "state",
    .summary = "output the state of a container",
    .args_usage = "<container-id>",
    .description = "The state command outputs current state information for the instance of a container.",
    .run = run_state,
};

/* Parses "<cmd> <container-id>"; returns the id, or NULL with *code set. */
static const char *only_id(const struct command *cmd, int argc, char **argv, int *code)
{
        int first, r = cli_parse(cmd, NULL, argc, argv, &first);

        *code = r < 0 ? EXIT_USAGE : 0;
        if (r != 0)
                return NULL;
        if (cli_nargs(cmd, NULL, argc - first, 1, 1) < 0) {
                *code = EXIT_USAGE;
                return NULL;
        }
        if (!cli_check_id(argv[first])) {
                *code = EXIT_USAGE;
                return NULL;
        }
        return argv[first];
}

static int run_start(const struct global_opts *g, int argc, char **argv)
{
        struct error err = ERROR_INIT;
        int code;
        const char *id = only_id(&cmd_start, argc, argv, &code);

        if (!id)
                return code;
        if (engine_start(g, id, &err) < 0) {
                cli_error("%s", err.msg);
                return 1;
        }
        return 0;
}

static int run_state(const struct global_opts *g, int argc, char **argv)
{
        struct error err = ERROR_INIT;
        int code;
        const char *id = only_id(&cmd_state, argc, argv, &code);

        if (!id)
                return code;
        if (engine_state(g, id, stdout, &err) < 0) {
                cli_error("%s", err.msg);
                return 1;
        }
        return 0;
}
