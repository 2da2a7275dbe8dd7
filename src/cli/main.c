/* SPDX-License-Identifier: Apache-2.0 */
/* brownie [global options] command [command options] [arguments...] */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/globals.h"
#include "util/log.h"

static bool is_help_command(const char *s)
{
        return !strcmp(s, "help") || !strcmp(s, "h");
}

static int unknown_command(const char *name)
{
        /* runc's words first (urfave/cli's), for whoever matches them; then ours */
        cli_error("No help topic for '%s': unknown command (\"%s help\" lists them)", name, CLI_NAME);
        return EXIT_UNKNOWN_CMD;
}

/* "help" alone, or "help <command>". */
static int help_command(int argc, char **argv)
{
        const struct command *cmd;

        if (argc < 2) {
                cli_app_help(stdout);
                return 0;
        }
        cmd = cli_find_command(argv[1]);
        if (!cmd)
                return unknown_command(argv[1]);
        cli_command_help(stdout, cmd);
        return 0;
}

/* A command that puts processes into a container seals the runtime's binary once it has read the config:
 * the container's execs go through the exec stub, or it runs from a sealed view of the binary (engine.h). */
static void seal_for(const struct command *cmd, char **argv)
{
        if (cmd->spawns)
                engine_seal_later(argv);
}

/* The global options' lists (--cdi-spec-dir, ...), freed when run returns. */
static void globals_free(struct cli_globals *gl)
{
        flags_free(cli_global_flags, gl);
}

/* argv0: the command line as given (parsing reorders argv), for a re-exec. */
static int run(int argc, char **argv, char **argv0)
{
        struct cli_globals gl __attribute__((cleanup(globals_free)));
        enum log_format format = LOG_FORMAT_TEXT;
        const struct command *cmd;
        char msg[512];
        int n, r;

        cli_globals_init(&gl);
        if (cli_globals_parse(&gl, argc - 1, argv + 1, &n, msg, sizeof(msg)) < 0) {
                log_init(NULL, LOG_FORMAT_TEXT, false);
                printf("Incorrect Usage. %s\n\n", msg);
                cli_app_help(stdout);
                fflush(stdout);
                cli_error("%s", msg);
                return EXIT_FAILURE_CLI;
        }
        if (cli_log_format(gl.log_format, &format) < 0) {
                log_init(NULL, LOG_FORMAT_TEXT, false);
                cli_error("invalid log-format: %s (use text or json)", gl.log_format);
                return EXIT_FAILURE_CLI;
        }
        if (cli_globals_finish(&gl, msg, sizeof(msg)) < 0) {
                log_init(NULL, LOG_FORMAT_TEXT, false);
                cli_error("%s", msg);
                return EXIT_FAILURE_CLI;
        }
        r = log_init(gl.log_path, format, gl.g.debug);
        if (r < 0) {
                log_init(NULL, LOG_FORMAT_TEXT, false);
                cli_error("open %s: %s", gl.log_path, errno_text(-r));
                return EXIT_FAILURE_CLI;
        }
        if (gl.version) {
                cli_version(stdout);
                return 0;
        }
        if (gl.help || n == 0) {
                cli_app_help(stdout);
                return 0;
        }
        argv += 1; /* argv[0..n) is now the command and its arguments */
        if (is_help_command(argv[0]))
                return help_command(n, argv);
        cmd = cli_find_command(argv[0]);
        if (!cmd)
                return unknown_command(argv[0]);
        seal_for(cmd, argv0);
        return cli_dispatch(cmd, &gl.g, n, argv);
}

int main(int argc, char **argv)
{
        char *argv0[argc + 1];
        int code;

        memcpy(argv0, argv, sizeof(argv0));
        code = run(argc, argv, argv0);

        if (fflush(stdout) != 0 && code == 0) {
                cli_error("writing to stdout: %s", errno_text(errno));
                code = EXIT_FAILURE_CLI;
        }
        log_close();
        return code;
}
