/* SPDX-License-Identifier: Apache-2.0 */
/* The global options, given before the command: the one piece of parsed state the CLI keeps. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "cli/flags.h"
#include "engine/engine.h"
#include "util/log.h"

struct cli_globals {
        struct global_opts g;   /* what the engine sees */
        const char *log_path;   /* --log; NULL: stderr */
        const char *log_format; /* --log-format text|json */
        const char *criu;       /* --criu: accepted, for checkpoint/restore */
        const char *rootless;   /* --rootless true|false|auto: decided by cli_globals_finish */
        bool help, version;
        char root_buf[4096]; /* the default root when it comes from $XDG_RUNTIME_DIR */
};

extern const struct flag_def cli_global_flags[];

/* The defaults: --root BROWNIE_DEFAULT_ROOT, text logs. */
void cli_globals_init(struct cli_globals *gl);

/*
 * Parses the global options in argv[0..argc) (after the program name) up to
 * the command; the command and its arguments end up in argv[0..*nargs).
 * Returns 0, or -EINVAL with the message in err. --log-format is checked by
 * cli_log_format, as runc checks it only once the flags parsed.
 */
int cli_globals_parse(struct cli_globals *gl, int argc, char **argv, int *nargs, char *err, size_t errlen);

/* After parsing: g.rootless from --rootless, and the default --root of a rootless user
 * ($XDG_RUNTIME_DIR/brownie) when none was given. -EINVAL with the message in err. */
int cli_globals_finish(struct cli_globals *gl, char *err, size_t errlen);

/* "text" or "json"; -EINVAL otherwise. */
int cli_log_format(const char *s, enum log_format *out);
