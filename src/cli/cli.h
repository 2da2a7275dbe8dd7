/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The command line, runc's flag for flag. Each command is one file that
 * declares its options in a table; options.c turns the table into
 * getopt_long_only() calls (so "--flag value", "--flag=value" and Go-style
 * "-flag value" all work) and into the command's --help.
 */
#pragma once

#include <stdbool.h>

#include "engine/engine.h"

#define CLI_NAME "brownie"

enum opt_kind {
        OPT_BOOL,   /* bool *           */
        OPT_STRING, /* const char **    */
        OPT_INT,    /* int * (>= 0)     */
        OPT_LIST,   /* struct str_list *: repeatable */
};

struct str_list {
        char **v; /* NULL-terminated */
        int n;
};

struct opt_def {
        const char *name;
        char short_name; /* 0: none */
        enum opt_kind kind;
        void *dest;
        const char *help;
};

struct command {
        const char *name;
        const char *summary;
        const char *args_usage; /* "<container-id>" */
        const char *description;
        int (*run)(const struct global_opts *g, int argc, char **argv);
};

/* Exit codes, as runc's. */
#define EXIT_USAGE 1

/*
 * Parses argv[1..] (argv[0] is the command name) against opts; stops at the
 * first positional argument. Fills *first_arg with the index of the first
 * positional. Returns 0, 1 when --help was printed, or -1 (usage error printed).
 */
int cli_parse(const struct command *cmd, const struct opt_def *opts, int argc, char **argv, int *first_arg);

/* Checks the number of positional args ("requires exactly 1 argument(s)"). -1 after printing usage. */
int cli_nargs(const struct command *cmd, const struct opt_def *opts, int n, int min, int max);

/* Prints the command's help to stdout. */
void cli_help(const struct command *cmd, const struct opt_def *opts);

/* Reports an error the way runc does: to the log and, when the log is a file, plainly to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Valid container ids: runc's rule; prints the error. */
bool cli_check_id(const char *id);

void str_list_free(struct str_list *l);

extern const struct command cmd_create, cmd_start, cmd_run, cmd_state, cmd_kill, cmd_delete, cmd_list,
    cmd_spec, cmd_exec;
