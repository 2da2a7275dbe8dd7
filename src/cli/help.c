/* SPDX-License-Identifier: Apache-2.0 */
/* --help texts, in the NAME / USAGE / DESCRIPTION / OPTIONS shape runc's users know. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/globals.h"
#include "version.h"

#define HELP_COMMAND_SUMMARY "show the commands, or the help of one command"

/* "--bundle value, -b value" or "--force, -f". */
static int flag_left(char *buf, size_t size, const struct flag_def *d)
{
        const char *v = d->kind == FLAG_BOOL ? "" : d->kind == FLAG_OPT_STRING ? "[=value]" : " value";

        if (d->short_name)
                return snprintf(buf, size, "--%s%s, -%c%s", d->name, v, d->short_name, v);
        return snprintf(buf, size, "--%s%s", d->name, v);
}

void cli_flags_help(FILE *out, const struct flag_def *defs)
{
        char left[128];
        int width = 0;

        for (const struct flag_def *d = defs; d && d->name; d++) {
                int n = flag_left(left, sizeof(left), d);
                if (n > width)
                        width = n;
        }
        for (const struct flag_def *d = defs; d && d->name; d++) {
                flag_left(left, sizeof(left), d);
                fprintf(out, "   %-*s  %s\n", width, left, d->help);
        }
}

/* Each line of text indented by three spaces. */
static void indented(FILE *out, const char *text)
{
        while (*text) {
                size_t n = strcspn(text, "\n");
                fprintf(out, n ? "   %.*s\n" : "%.*s\n", (int)n, text);
                text += n;
                if (*text == '\n')
                        text++;
        }
}

void cli_command_help(FILE *out, const struct command *cmd)
{
        bool has_flags = cmd->flags && cmd->flags[0].name;

        fprintf(out, "NAME:\n   %s %s - %s\n\n", CLI_NAME, cmd->name, cmd->summary);
        fprintf(out, "USAGE:\n   %s %s%s%s%s\n", CLI_NAME, cmd->name, has_flags ? " [command options]" : "",
                cmd->args_usage ? " " : "", cmd->args_usage ? cmd->args_usage : "");
        if (cmd->description) {
                fprintf(out, "\nDESCRIPTION:\n");
                indented(out, cmd->description);
        }
        if (has_flags) {
                fprintf(out, "\nOPTIONS:\n");
                cli_flags_help(out, cmd->flags);
        }
}

void cli_version(FILE *out)
{
        fprintf(out, "%s version %s\ncommit: %s\nspec: %s\n", CLI_NAME, BROWNIE_VERSION, BROWNIE_COMMIT,
                BROWNIE_SPEC_VERSION);
}

void cli_app_help(FILE *out)
{
        int width = (int)strlen("help, h");

        for (size_t i = 0; i < cli_n_commands; i++)
                if ((int)strlen(cli_commands[i]->name) > width)
                        width = (int)strlen(cli_commands[i]->name);

        fprintf(out, "NAME:\n   %s - an OCI container runtime\n\n", CLI_NAME);
        fprintf(out,
                "%s runs containers from OCI bundles: a directory with a config.json and a root\n"
                "filesystem. Its commands and flags are runc's, so container engines (containerd,\n"
                "Docker, Podman, CRI-O) can use it in runc's place.\n\n"
                "To run a container from the bundle in the current directory:\n\n"
                "    # %s run <container-id>\n\n",
                CLI_NAME, CLI_NAME);
        fprintf(out, "USAGE:\n   %s [global options] command [command options] [arguments...]\n\n", CLI_NAME);
        fprintf(out, "VERSION:\n   %s\ncommit: %s\nspec: %s\n\n", BROWNIE_VERSION, BROWNIE_COMMIT,
                BROWNIE_SPEC_VERSION);
        fprintf(out, "COMMANDS:\n");
        for (size_t i = 0; i < cli_n_commands; i++)
                fprintf(out, "   %-*s  %s\n", width, cli_commands[i]->name, cli_commands[i]->summary);
        fprintf(out, "   %-*s  %s\n", width, "help, h", HELP_COMMAND_SUMMARY);
        fprintf(out, "\nGLOBAL OPTIONS:\n");
        cli_flags_help(out, cli_global_flags);
}
