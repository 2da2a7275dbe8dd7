/* SPDX-License-Identifier: Apache-2.0 */
/* Runs one command: its flags, --help, the argument count and the container id, then the command itself. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/cleanup.h"

bool cli_check_id(const char *id)
{
        if (engine_id_valid(id))
                return true;
        cli_error("invalid container ID format: \"%s\"", id);
        return false;
}

/* runc's wording: "brownie: \"start\" requires exactly 1 argument(s)". */
static bool nargs_ok(const struct command *cmd, int n)
{
        const char *how;
        int count;

        if (n >= cmd->min_args && (cmd->max_args < 0 || n <= cmd->max_args))
                return true;
        if (cmd->min_args == cmd->max_args) {
                how = "exactly";
                count = cmd->min_args;
        } else if (n < cmd->min_args) {
                how = "a minimum of";
                count = cmd->min_args;
        } else {
                how = "a maximum of";
                count = cmd->max_args;
        }
        printf("Incorrect Usage.\n\n");
        cli_command_help(stdout, cmd);
        fflush(stdout);
        cli_error("%s: \"%s\" requires %s %d argument(s)", CLI_NAME, cmd->name, how, count);
        return false;
}

int cli_dispatch(const struct command *cmd, const struct global_opts *g, int argc, char **argv)
{
        _cleanup_free_ void *opts = calloc(1, cmd->opts_size ? cmd->opts_size : 1);
        char msg[512];
        int n, r;

        if (!opts) {
                cli_error("out of memory");
                return EXIT_FAILURE_CLI;
        }
        r = flags_parse(cmd->flags, cmd->order, argc - 1, argv + 1, opts, &n, msg, sizeof(msg));
        if (r == FLAGS_HELP) {
                cli_command_help(stdout, cmd);
                r = 0;
        } else if (r == -EINVAL) {
                r = cli_usage_error(cmd, msg);
        } else if (r < 0) {
                cli_error("parsing the flags of \"%s\": out of memory", cmd->name);
                r = EXIT_FAILURE_CLI;
        } else if (!nargs_ok(cmd, n) || (cmd->takes_id && !cli_check_id(argv[1]))) {
                r = EXIT_FAILURE_CLI;
        } else {
                r = cmd->run(g, opts, n, argv + 1);
        }
        flags_free(cmd->flags, opts);
        return r;
}
