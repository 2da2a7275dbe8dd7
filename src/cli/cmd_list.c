/* SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct list_args {
        const char *format;
        bool quiet;
};

static const struct flag_def list_flags[] = {
    {"format", 'f', FLAG_STRING, offsetof(struct list_args, format),
     "output format: table or json (default: \"table\")"},
    {"quiet", 'q', FLAG_BOOL, offsetof(struct list_args, quiet), "print the container ids only"},
    {0},
};

static int run_list(const struct global_opts *g, void *opts, int argc, char **argv)
{
        const struct list_args *a = opts;
        const char *format = a->format ? a->format : "table";
        struct container_summary *list = NULL;
        struct error err = ERROR_INIT;
        size_t n = 0;

        if (strcmp(format, "table") && strcmp(format, "json")) {
                cli_error("invalid format option \"%s\": use table or json", format);
                return EXIT_FAILURE_CLI;
        }
        if (!a->quiet && !strcmp(format, "json")) {
                if (engine_list_json(g, stdout, &err) < 0) {
                        cli_error("%s", err.msg);
                        return EXIT_FAILURE_CLI;
                }
                return 0;
        }
        if (engine_list(g, &list, &n, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        if (a->quiet)
                for (size_t i = 0; i < n; i++)
                        printf("%s\n", list[i].id);
        else
                cli_list_table(stdout, list, n);
        engine_list_free(list, n);
        return 0;
}

const struct command cmd_list = {
    .name = "list",
    .summary = "list the containers under the state root",
    .description =
        "Lists the containers kept under the global --root (default: \"" BROWNIE_DEFAULT_ROOT "\"),\n"
        "as a table, as JSON (-f json) or as bare ids (-q). For another root:\n"
        "\n"
        "    # " CLI_NAME " --root /run/containerd/runc/k8s.io list",
    .flags = list_flags,
    .opts_size = sizeof(struct list_args),
    .min_args = 0,
    .max_args = 0,
    .order = FLAGS_ANYWHERE,
    .run = run_list,
};
