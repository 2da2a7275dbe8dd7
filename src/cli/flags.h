/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Flag parsing with the syntax runc's users and clients rely on (Go's flag
 * package under urfave/cli): "--name value", "--name=value", "-name value",
 * "-name=value", the one-letter aliases ("-b"), booleans as "--name" or
 * "--name=false", and "--" to end the flags. Names match exactly: no
 * abbreviations, no clustering of one-letter flags.
 *
 * Pure: no printing, no global state (unlike getopt), so it is unit-tested
 * and used for the global options and every command alike.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum flag_kind {
        FLAG_BOOL,       /* bool                                         */
        FLAG_STRING,     /* const char * (points into argv)              */
        FLAG_INT,        /* int, decimal, >= 0                           */
        FLAG_LIST,       /* char **, NULL-terminated; repeatable; freed by flags_free */
        FLAG_OPT_STRING, /* const char *: "--name=value", or "--name value" when the next argument is no
                            flag and not the last one; else "" (the flag alone) */
};

/* A flag accepted for compatibility whose value nothing reads. */
#define FLAG_NO_DEST ((size_t)-1)

struct flag_def {
        const char *name; /* NULL ends a table */
        char short_name;  /* one-letter alias, 0 when none */
        enum flag_kind kind;
        size_t offset; /* into the struct the table fills, or FLAG_NO_DEST */
        const char *help;
};

#define FLAGS_HELP 1 /* flags_parse saw -h / --help */

enum flag_order {
        FLAGS_STOP_AT_ARG, /* the first positional ends the flags (global options, exec) */
        FLAGS_ANYWHERE,    /* known flags after positionals still count, as runc's commands take them */
};

/*
 * Parses argv[0..argc) (without the program or command name) against defs
 * (NULL-terminated by name; defs may be NULL) into dest. On success the
 * positionals are moved to argv[0..*nargs), argv[*nargs] is set to NULL, and
 * 0 is returned; FLAGS_HELP when help was asked for. On a usage error returns
 * -EINVAL and writes the message (Go's wording: "flag provided but not
 * defined: -x") to err. -ENOMEM when a list cannot grow.
 * argv must have argc + 1 slots.
 */
int flags_parse(const struct flag_def *defs, enum flag_order order, int argc, char **argv, void *dest,
                int *nargs, char *err, size_t errlen);

/* Frees what flags_parse allocated in dest (the FLAG_LIST vectors). */
void flags_free(const struct flag_def *defs, void *dest);

/* Go's strconv.ParseBool: 1 t T TRUE true True, 0 f F FALSE false False. */
int flags_parse_bool(const char *s, bool *out);
