/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/log.h"
#include "util/parse.h"

#define MAX_OPTS 40

static size_t count_opts(const struct opt_def *opts)
{
        size_t n = 0;

        while (opts && opts[n].name)
                n++;
        return n;
}

static void usage_error(const struct command *cmd, const struct opt_def *opts, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void usage_error(const struct command *cmd, const struct opt_def *opts, const char *fmt, ...)
{
        char msg[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        printf("Incorrect Usage: %s\n\n", msg);
        cli_help(cmd, opts);
        cli_error("%s", msg);
}

void cli_help(const struct command *cmd, const struct opt_def *opts)
{
        size_t n = count_opts(opts), width = 0;
        char left[MAX_OPTS][96];

        printf("NAME:\n   %s %s - %s\n\nUSAGE:\n   %s %s%s %s\n", CLI_NAME, cmd->name, cmd->summary, CLI_NAME,
               cmd->name, n ? " [command options]" : "", cmd->args_usage ? cmd->args_usage : "");
        if (cmd->description)
                printf("\nDESCRIPTION:\n   %s\n", cmd->description);
        if (!n)
                return;
        for (size_t i = 0; i < n && i < MAX_OPTS; i++) {
                const char *v = opts[i].kind == OPT_BOOL ? "" : " value";
                if (opts[i].short_name)
                        snprintf(left[i], sizeof(left[i]), "--%s%s, -%c%s", opts[i].name, v,
                                 opts[i].short_name, v);
                else
                        snprintf(left[i], sizeof(left[i]), "--%s%s", opts[i].name, v);
                if (strlen(left[i]) > width)
                        width = strlen(left[i]);
        }
        printf("\nOPTIONS:\n");
        for (size_t i = 0; i < n && i < MAX_OPTS; i++)
                printf("   %-*s  %s\n", (int)width, left[i], opts[i].help);
}

static int add_to_list(struct str_list *l, const char *value)
{
        char **nv = realloc(l->v, (l->n + 2) * sizeof(*nv));

        if (!nv)
                return -ENOMEM;
        l->v = nv;
        l->v[l->n++] = (char *)value;
        l->v[l->n] = NULL;
        return 0;
}

void str_list_free(struct str_list *l)
{
        free(l->v);
        l->v = NULL;
        l->n = 0;
}

int cli_parse(const struct command *cmd, const struct opt_def *opts, int argc, char **argv, int *first_arg)
{
        struct option longopts[MAX_OPTS + 2];
        char shortopts[2 * MAX_OPTS + 4] = "+";
        size_t n = count_opts(opts), s = 1;
        int c, idx;

        for (size_t i = 0; i < n && i < MAX_OPTS; i++) {
                longopts[i] =
                    (struct option){opts[i].name, opts[i].kind == OPT_BOOL ? no_argument : required_argument,
                                    NULL, 256 + (int)i};
                if (opts[i].short_name) {
                        shortopts[s++] = opts[i].short_name;
                        if (opts[i].kind != OPT_BOOL)
                                shortopts[s++] = ':';
                }
        }
        longopts[n] = (struct option){"help", no_argument, NULL, 'h'};
        longopts[n + 1] = (struct option){0};
        shortopts[s++] = 'h';
        shortopts[s] = '\0';

        optind = 1;
        opterr = 0;
        while ((c = getopt_long_only(argc, argv, shortopts, longopts, &idx)) != -1) {
                const struct opt_def *o = NULL;
                if (c == 'h') {
                        cli_help(cmd, opts);
                        return 1;
                }
                if (c == '?' || c == ':') {
                        const char *bad = argv[optind - 1];
                        if (c == ':' || (optopt && strchr(shortopts, optopt)))
                                usage_error(cmd, opts, "flag needs an argument: %s", bad);
                        else
                                usage_error(cmd, opts, "flag provided but not defined: %s", bad);
                        return -1;
                }
                if (c >= 256)
                        o = &opts[c - 256];
                else
                        for (size_t i = 0; i < n; i++)
                                if (opts[i].short_name == c)
                                        o = &opts[i];
                if (!o)
                        continue;
                switch (o->kind) {
                case OPT_BOOL:
                        *(bool *)o->dest = true;
                        break;
                case OPT_STRING:
                        *(const char **)o->dest = optarg;
                        break;
                case OPT_INT:
                        if (parse_int(optarg, (int *)o->dest) < 0 || *(int *)o->dest < 0) {
                                usage_error(cmd, opts, "invalid value \"%s\" for flag -%s: parse error",
                                            optarg, o->name);
                                return -1;
                        }
                        break;
                case OPT_LIST:
                        if (add_to_list(o->dest, optarg) < 0) {
                                cli_error("out of memory");
                                return -1;
                        }
                        break;
                }
        }
        *first_arg = optind;
        return 0;
}

int cli_nargs(const struct command *cmd, const struct opt_def *opts, int n, int min, int max)
{
        char msg[128];

        if (n >= min && (max < 0 || n <= max))
                return 0;
        if (min == max)
                snprintf(msg, sizeof(msg), "%s: \"%s\" requires exactly %d argument(s)", CLI_NAME, cmd->name,
                         min);
        else if (n < min)
                snprintf(msg, sizeof(msg), "%s: \"%s\" requires a minimum of %d argument(s)", CLI_NAME,
                         cmd->name, min);
        else
                snprintf(msg, sizeof(msg), "%s: \"%s\" requires a maximum of %d argument(s)", CLI_NAME,
                         cmd->name, max);
        printf("Incorrect Usage.\n\n");
        cli_help(cmd, opts);
        cli_error("%s", msg);
        return -1;
}

void cli_error(const char *fmt, ...)
{
        char msg[4096];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        log_error("%s", msg);
        if (!log_to_stderr())
                fprintf(stderr, "%s\n", msg);
}

bool cli_check_id(const char *id)
{
        if (engine_id_valid(id))
                return true;
        cli_error("invalid container ID format: %s", id);
        return false;
}
