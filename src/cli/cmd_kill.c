/* SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <stddef.h>

#include "cli/cli.h"
#include "util/signals.h"

struct kill_args {
        bool all;
};

static const struct flag_def kill_flags[] = {
    {"all", 'a', FLAG_BOOL, offsetof(struct kill_args, all),
     "signal every process of the container, not only its init"},
    {0},
};

int cli_signal_arg(const char *arg, int *sig)
{
        if (!arg) {
                *sig = SIGTERM;
                return 0;
        }
        return signal_parse(arg, sig);
}

static int run_kill(const struct global_opts *g, void *opts, int argc, char **argv)
{
        const struct kill_args *a = opts;
        struct error err = ERROR_INIT;
        int sig;

        if (cli_signal_arg(argc > 1 ? argv[1] : NULL, &sig) < 0) {
                cli_error("unknown signal \"%s\"", argv[1]);
                return EXIT_FAILURE_CLI;
        }
        if (engine_kill(g, argv[0], sig, a->all, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_kill = {
    .name = "kill",
    .summary = "send a signal to a container's init (SIGTERM unless told otherwise)",
    .args_usage = "<container-id> [signal]",
    .description = "The signal is a name, with or without SIG and in any case (KILL, SIGKILL, kill,\n"
                   "RTMIN+3), or a number (9). For example:\n"
                   "\n"
                   "    # " CLI_NAME " kill web1 KILL",
    .flags = kill_flags,
    .opts_size = sizeof(struct kill_args),
    .min_args = 1,
    .max_args = 2,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_kill,
};
