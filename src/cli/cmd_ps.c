/* SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

struct ps_args {
        const char *format;
};

static const struct flag_def ps_flags[] = {
    {"format", 'f', FLAG_STRING, offsetof(struct ps_args, format),
     "output format: table or json (default: \"table\")"},
    {0},
};

static int run_ps(const struct global_opts *g, void *opts, int argc, char **argv)
{
        const struct ps_args *a = opts;
        const char *format = a->format ? a->format : "table";
        struct error err = ERROR_INIT;
        pid_t *pids = NULL;
        size_t n = 0;
        int code = 0;

        if (strcmp(format, "table") && strcmp(format, "json")) {
                cli_error("invalid format option \"%s\": use table or json", format);
                return EXIT_FAILURE_CLI;
        }
        if (engine_ps(g, argv[0], &pids, &n, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        if (!strcmp(format, "json")) {
                /* A plain array of host pids, as containerd reads it; none is Go's nil slice, "null", as
                 * runc prints it. */
                if (n == 0) {
                        printf("null\n");
                } else {
                        printf("[");
                        for (size_t i = 0; i < n; i++)
                                printf("%s%d", i ? "," : "", (int)pids[i]);
                        printf("]\n");
                }
        } else if (engine_ps_table(pids, n, argv + 1, stdout, &err) < 0) {
                cli_error("%s", err.msg);
                code = EXIT_FAILURE_CLI;
        }
        free(pids);
        return code;
}

const struct command cmd_ps = {
    .name = "ps",
    .summary = "display the processes running inside a container",
    .args_usage = "<container-id> [ps options]",
    .description = "Lists the processes of the container's cgroup: as ps(1)'s table (its options after the\n"
                   "id, default -ef), or with -f json as an array of host pids.",
    .flags = ps_flags,
    .opts_size = sizeof(struct ps_args),
    .min_args = 1,
    .max_args = -1,
    .takes_id = true,
    .order = FLAGS_STOP_AT_ARG,
    .run = run_ps,
};
