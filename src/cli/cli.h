/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The command line, runc's flag for flag. Each command is one file that
 * declares a struct command: its flags as a table bound to the fields of an
 * options struct, how many arguments it takes, and a run function that gets
 * the parsed options and the positionals. dispatch.c does the rest (parsing,
 * --help, argument counts, container id checks), so a new command is one file
 * and one line in commands.c.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/flags.h"
#include "engine/engine.h"

#define CLI_NAME "brownie"

#ifndef BROWNIE_VERSION
#define BROWNIE_VERSION "0.1.0"
#endif
#define BROWNIE_SPEC_VERSION "1.2.0"

/* Exit codes: runc's. A usage error or a failed command is 1; run and exec pass the process's status on. */
#define EXIT_FAILURE_CLI 1
#define EXIT_UNKNOWN_CMD 3   /* urfave/cli's code for "No help topic" */
#define EXIT_EXEC_FAILED 255 /* runc exec's code when the process could not be started */

struct command {
        const char *name;
        const char *summary;     /* one line, for the command list and NAME */
        const char *args_usage;  /* "<container-id>"; NULL when it takes none */
        const char *description; /* lines separated by '\n'; NULL when none */
        const struct flag_def *flags;
        size_t opts_size;       /* size of the struct the flags fill (0: none) */
        int min_args, max_args; /* max_args < 0: no limit */
        bool takes_id;          /* the first positional is a container id */
        bool spawns; /* puts processes into a container: the binary is sealed as the config asks (engine.h) */
        enum flag_order order;
        /* Gets the parsed options and the positionals; returns the exit code. */
        int (*run)(const struct global_opts *g, void *opts, int argc, char **argv);
};

/* The command table (commands.c). */
extern const struct command *const cli_commands[];
extern const size_t cli_n_commands;
const struct command *cli_find_command(const char *name);

/* Parses argv (argv[0] is the command's name) and runs it; returns the exit code. */
int cli_dispatch(const struct command *cmd, const struct global_opts *g, int argc, char **argv);

/* Help texts (help.c). */
void cli_command_help(FILE *out, const struct command *cmd);
void cli_app_help(FILE *out);
void cli_flags_help(FILE *out, const struct flag_def *defs);
void cli_version(FILE *out);

/* Reports an error as runc does: one log line and, when the log is a file, the bare message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "Incorrect Usage: msg", the command's help on stdout, and the error; returns EXIT_FAILURE_CLI. */
int cli_usage_error(const struct command *cmd, const char *msg);

/* Container ids as runc takes them; false (and the error reported) otherwise. */
bool cli_check_id(const char *id);

/* The kill command's signal argument: absent means SIGTERM. 0 or -EINVAL. */
int cli_signal_arg(const char *arg, int *sig);

/* Writes containers as runc's list table (Go's tabwriter: min width 12, padding 3). */
void cli_list_table(FILE *out, const struct container_summary *list, size_t n);

extern const struct command cmd_cdi, cmd_checkpoint, cmd_create, cmd_delete, cmd_events, cmd_exec,
    cmd_features, cmd_kill, cmd_list, cmd_pause, cmd_ps, cmd_restore, cmd_resume, cmd_run, cmd_spec,
    cmd_start, cmd_state, cmd_update;
