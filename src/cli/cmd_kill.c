/* SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>

#include "cli.h"
#include "util/signals.h"

static int run_kill(const struct global_opts *g, int argc, char **argv);

const struct command cmd_kill = {
    .name = "kill",
    .summary = "kill sends the specified signal (default: SIGTERM) to the container's init process",
    .args_usage = "<container-id> [signal]",
    .description = "The signal is a name (KILL, SIGKILL, kill) or a number. With --all it goes to every\n"
                   "   process of the container.",
    .run = run_kill,
};

static int run_kill(const struct global_opts *g, int argc, char **argv)
{
        bool all = false;
        const struct opt_def opts[] = {
            {"all", 'a', OPT_BOOL, &all, "send the specified signal to all processes inside the container"},
            {0},
        };
        struct error err = ERROR_INIT;
        int first, r, sig = SIGTERM;

        r = cli_parse(&cmd_kill, opts, argc, argv, &first);
        if (r != 0)
                return r < 0 ? EXIT_USAGE : 0;
        if (cli_nargs(&cmd_kill, opts, argc - first, 1, 2) < 0)
                return EXIT_USAGE;
        if (!cli_check_id(argv[first]))
                return EXIT_USAGE;
        if (argc - first == 2 && signal_parse(argv[first + 1], &sig) < 0) {
                cli_error("unknown signal \"%s\"", argv[first + 1]);
                return 1;
        }
        if (engine_kill(g, argv[first], sig, all, &err) < 0) {
                cli_error("%s", err.msg);
                return 1;
        }
        return 0;
}
