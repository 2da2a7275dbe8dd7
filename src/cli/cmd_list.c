/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int run_list(const struct global_opts *g, int argc, char **argv);

const struct command cmd_list = {
    .name = "list",
    .summary = "lists containers started by brownie with the given root",
    .args_usage = "",
    .description = "Lists the containers under the global --root.",
    .run = run_list,
};

/* Go's text/tabwriter as runc uses it: minwidth 12, padding 1, padchar ' '. */
static void print_table(const struct container_summary *l, size_t n)
{
        const char *hdr[6] = {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"};
        size_t w[6];
        char pid[16];

        for (int c = 0; c < 6; c++)
                w[c] = strlen(hdr[c]);
        for (size_t i = 0; i < n; i++) {
                const char *cells[6] = {l[i].id, pid, l[i].status, l[i].bundle, l[i].created, l[i].owner};
                snprintf(pid, sizeof(pid), "%d", (int)l[i].pid);
                for (int c = 0; c < 6; c++)
                        if (strlen(cells[c]) > w[c])
                                w[c] = strlen(cells[c]);
        }
        for (int c = 0; c < 6; c++) {
                w[c] += 1;
                if (w[c] < 12)
                        w[c] = 12;
        }
        for (int c = 0; c < 5; c++)
                printf("%-*s", (int)w[c], hdr[c]);
        printf("%s\n", hdr[5]);
        for (size_t i = 0; i < n; i++) {
                const char *cells[6] = {l[i].id, pid, l[i].status, l[i].bundle, l[i].created, l[i].owner};
                snprintf(pid, sizeof(pid), "%d", (int)l[i].pid);
                for (int c = 0; c < 5; c++)
                        printf("%-*s", (int)w[c], cells[c]);
                printf("%s\n", cells[5]);
        }
}

static int run_list(const struct global_opts *g, int argc, char **argv)
{
        const char *format = "table";
        bool quiet = false;
        const struct opt_def opts[] = {
            {"format", 'f', OPT_STRING, &format, "select one of: table or json (default: \"table\")"},
            {"quiet", 'q', OPT_BOOL, &quiet, "display only container IDs"},
            {0},
        };
        struct container_summary *list = NULL;
        struct error err = ERROR_INIT;
        size_t n = 0;
        int first, r;

        r = cli_parse(&cmd_list, opts, argc, argv, &first);
        if (r != 0)
                return r < 0 ? EXIT_USAGE : 0;
        if (cli_nargs(&cmd_list, opts, argc - first, 0, 0) < 0)
                return EXIT_USAGE;
        if (strcmp(format, "table") && strcmp(format, "json")) {
                cli_error("invalid format option");
                return 1;
        }
        if (!quiet && !strcmp(format, "json")) {
                if (engine_list_json(g, stdout, &err) < 0) {
                        cli_error("%s", err.msg);
                        return 1;
                }
                return 0;
        }
        if (engine_list(g, &list, &n, &err) < 0) {
                cli_error("%s", err.msg);
                return 1;
        }
        if (quiet)
                for (size_t i = 0; i < n; i++)
                        printf("%s\n", list[i].id);
        else
                print_table(list, n);
        engine_list_free(list, n);
        return 0;
}
