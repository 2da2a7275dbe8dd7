/* SPDX-License-Identifier: Apache-2.0 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/log.h"
#include "version.h"

#ifndef BROWNIE_VERSION
#define BROWNIE_VERSION "0.1.0"
#endif
#define SPEC_VERSION "1.2.0"

static const struct command *const commands[] = {
    &cmd_create, &cmd_delete, &cmd_exec, &cmd_kill, &cmd_list, &cmd_run, &cmd_spec, &cmd_start, &cmd_state,
};

static void print_version(void)
{
        printf("%s version %s\ncommit: %s\nspec: %s\n", CLI_NAME, BROWNIE_VERSION, BROWNIE_COMMIT,
               SPEC_VERSION);
}

static void print_help(void)
{
        printf("NAME:\n   %s - an OCI container runtime\n\n"
               "USAGE:\n   %s [global options] command [command options] [arguments...]\n\n"
               "VERSION:\n   %s\ncommit: %s\nspec: %s\n\nCOMMANDS:\n",
               CLI_NAME, CLI_NAME, BROWNIE_VERSION, BROWNIE_COMMIT, SPEC_VERSION);
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                printf("   %-10s  %s\n", commands[i]->name, commands[i]->summary);
        printf("   %-10s  %s\n", "help, h", "shows a list of commands or help for one command");
        printf("\nGLOBAL OPTIONS:\n"
               "   --debug             enable debug logging\n"
               "   --log value         set the log file to write logs to (default is '/dev/stderr')\n"
               "   --log-format value  set the log format ('text' (default), or 'json') (default: \"text\")\n"
               "   --root value        root directory for storage of container state (default: \"%s\")\n"
               "   --criu value        path to the criu binary used for checkpoint and restore (default: "
               "\"criu\")\n"
               "   --systemd-cgroup    enable systemd cgroup support, expects cgroupsPath to be of form "
               "\"slice:prefix:name\"\n"
               "   --rootless value    ignore cgroup permission errors ('true', 'false', or 'auto') "
               "(default: \"auto\")\n"
               "   --help, -h          show help\n"
               "   --version, -v       print the version\n",
               BROWNIE_DEFAULT_ROOT);
}

static const struct command *find_command(const char *name)
{
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (!strcmp(commands[i]->name, name))
                        return commands[i];
        return NULL;
}

enum { G_ROOT = 256, G_LOG, G_LOG_FORMAT, G_DEBUG, G_SYSTEMD, G_CRIU, G_ROOTLESS };

int main(int argc, char **argv)
{
        static const struct option opts[] = {
            {"root", required_argument, NULL, G_ROOT},
            {"log", required_argument, NULL, G_LOG},
            {"log-format", required_argument, NULL, G_LOG_FORMAT},
            {"debug", no_argument, NULL, G_DEBUG},
            {"systemd-cgroup", no_argument, NULL, G_SYSTEMD},
            {"criu", required_argument, NULL, G_CRIU},
            {"rootless", required_argument, NULL, G_ROOTLESS},
            {"help", no_argument, NULL, 'h'},
            {"version", no_argument, NULL, 'v'},
            {0},
        };
        struct global_opts g = {.root = BROWNIE_DEFAULT_ROOT};
        const char *log_path = NULL, *log_format = "text";
        const struct command *cmd;
        bool help = false, version = false;
        int c;

        opterr = 0;
        while ((c = getopt_long_only(argc, argv, "+hv", opts, NULL)) != -1) {
                switch (c) {
                case G_ROOT:
                        g.root = optarg;
                        break;
                case G_LOG:
                        log_path = optarg;
                        break;
                case G_LOG_FORMAT:
                        log_format = optarg;
                        break;
                case G_DEBUG:
                        g.debug = true;
                        break;
                case G_SYSTEMD:
                        g.systemd_cgroup = true;
                        break;
                case G_CRIU:
                case G_ROOTLESS:
                        break; /* accepted as runc does; nothing here depends on them yet */
                case 'h':
                        help = true;
                        break;
                case 'v':
                        version = true;
                        break;
                default:
                        log_init(NULL, LOG_FORMAT_TEXT, false);
                        printf("Incorrect Usage. flag provided but not defined: %s\n\n", argv[optind - 1]);
                        print_help();
                        cli_error("flag provided but not defined: %s", argv[optind - 1]);
                        return EXIT_USAGE;
                }
        }
        if (strcmp(log_format, "text") && strcmp(log_format, "json")) {
                log_init(NULL, LOG_FORMAT_TEXT, false);
                cli_error("unknown log-format \"%s\" (use text or json)", log_format);
                return EXIT_USAGE;
        }
        if (log_init(log_path, strcmp(log_format, "json") ? LOG_FORMAT_TEXT : LOG_FORMAT_JSON, g.debug) < 0) {
                fprintf(stderr, "cannot open log file \"%s\": %m\n", log_path);
                return EXIT_USAGE;
        }
        if (version) {
                print_version();
                return 0;
        }
        if (optind >= argc || help) {
                print_help();
                return 0;
        }
        if (!strcmp(argv[optind], "help") || !strcmp(argv[optind], "h")) {
                if (optind + 1 < argc) {
                        cmd = find_command(argv[optind + 1]);
                        if (!cmd) {
                                cli_error("No help topic for '%s'", argv[optind + 1]);
                                return 3;
                        }
                        char *hargv[] = {argv[optind + 1], "--help", NULL};
                        return cmd->run(&g, 2, hargv);
                }
                print_help();
                return 0;
        }
        cmd = find_command(argv[optind]);
        if (!cmd) {
                cli_error("No help topic for '%s'", argv[optind]);
                return 3;
        }
        return cmd->run(&g, argc - optind, argv + optind);
}
