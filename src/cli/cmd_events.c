/* SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/duration.h"

struct events_args {
        const char *interval;
        bool stats;
};

static const struct flag_def events_flags[] = {
    {"interval", 0, FLAG_STRING, offsetof(struct events_args, interval),
     "set the stats collection interval (Go duration: 5s, 500ms) (default: 5s)"},
    {"stats", 0, FLAG_BOOL, offsetof(struct events_args, stats), "display the container's stats then exit"},
    {0},
};

static int run_events(const struct global_opts *g, void *opts, int argc, char **argv)
{
        const struct events_args *a = opts;
        struct error err = ERROR_INIT;
        int64_t ns = 5000000000LL;

        if (a->interval && (parse_duration(a->interval, &ns) < 0 || ns <= 0)) {
                cli_error("invalid value \"%s\" for flag -interval: duration must be greater than 0",
                          a->interval);
                return EXIT_FAILURE_CLI;
        }
        if (engine_events(g, argv[0], a->stats, ns, stdout, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_events = {
    .name = "events",
    .summary = "display container events such as OOM notifications, cpu, memory, and pids statistics",
    .args_usage = "<container-id>",
    .description = "With --stats prints the container's statistics once, as runc's JSON; otherwise prints\n"
                   "them every --interval, with an \"oom\" event when the kernel killed a process for\n"
                   "memory, until the container stops.",
    .flags = events_flags,
    .opts_size = sizeof(struct events_args),
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_events,
};
