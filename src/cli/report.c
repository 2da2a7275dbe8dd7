/* SPDX-License-Identifier: Apache-2.0 */
/* How errors reach the user: runc's shapes, so people and clients read them alike. */
#include <stdarg.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/log.h"

void cli_error(const char *fmt, ...)
{
        char msg[ERROR_MSG_MAX + 256];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        log_error("%s", msg);
        /* With --log FILE the line went to the file: the caller still sees the reason on stderr. */
        if (!log_to_stderr())
                fprintf(stderr, "%s\n", msg);
}

int cli_usage_error(const struct command *cmd, const char *msg)
{
        printf("Incorrect Usage: %s\n\n", msg);
        cli_command_help(stdout, cmd);
        fflush(stdout);
        cli_error("%s", msg);
        return EXIT_FAILURE_CLI;
}
