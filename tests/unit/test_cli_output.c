/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli: what the user reads and what decides the exit code: list's table, help,
 * container id and signal arguments, usage errors, and the command tables' own
 * consistency. None of it reaches the engine.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/globals.h"

/* Runs fn's output into a string. */
struct capture {
        char *buf;
        size_t len;
        FILE *f;
};

static FILE *capture_open(struct capture *c)
{
        c->buf = NULL;
        c->len = 0;
        c->f = open_memstream(&c->buf, &c->len);
        assert_non_null(c->f);
        return c->f;
}

static const char *capture_close(struct capture *c)
{
        fclose(c->f);
        return c->buf;
}

static void list_table_of_nothing_is_runcs_header(void **state)
{
        struct capture c;

        cli_list_table(capture_open(&c), NULL, 0);
        /* runc 1.1.5, "runc list" of an empty root */
        assert_string_equal(capture_close(&c),
                            "ID          PID         STATUS      BUNDLE      CREATED     OWNER\n");
        free(c.buf);
}

static void list_table_aligns_as_runc(void **state)
{
        struct container_summary l[] = {
            {"a-long-container-id-here", 6375, "created", "/tmp/cli-b", "/tmp/cli-b/rootfs",
             "2026-11-28T21:24:57.983747126Z", "root"},
            {"b", 6396, "created", "/tmp/cli-b", "/tmp/cli-b/rootfs", "2026-11-28T21:24:58.016226079Z",
             "root"},
        };
        struct capture c;

        cli_list_table(capture_open(&c), l, 2);
        /* runc 1.1.5's output for the same two containers */
        assert_string_equal(
            capture_close(&c),
            "ID                         PID         STATUS      BUNDLE       CREATED                "
            "          OWNER\n"
            "a-long-container-id-here   6375        created     /tmp/cli-b   2026-11-28T21:24:57.98"
            "3747126Z   root\n"
            "b                          6396        created     /tmp/cli-b   2026-11-28T21:24:58.01"
            "6226079Z   root\n");
        free(c.buf);
}

/* Go's tabwriter counts characters, not bytes. */
static void list_table_counts_characters(void **state)
{
        struct container_summary l[] = {{"x", 0, "stopped", "/tmp/\xc3\xa9t\xc3\xa9", "", "t", "root"}};
        struct capture c;

        cli_list_table(capture_open(&c), l, 1);
        assert_string_equal(capture_close(&c),
                            "ID          PID         STATUS      BUNDLE      CREATED     OWNER\n"
                            "x           0           stopped     /tmp/\xc3\xa9t\xc3\xa9    "
                            "t           root\n");
        free(c.buf);
}

static void signal_argument(void **state)
{
        const char *kill_names[] = {"KILL", "SIGKILL", "kill", "sigkill", "Kill", "9"};
        int sig;

        assert_int_equal(cli_signal_arg(NULL, &sig), 0);
        assert_int_equal(sig, SIGTERM);
        for (size_t i = 0; i < sizeof(kill_names) / sizeof(kill_names[0]); i++) {
                sig = 0;
                assert_int_equal(cli_signal_arg(kill_names[i], &sig), 0);
                assert_int_equal(sig, SIGKILL);
        }
        assert_int_equal(cli_signal_arg("RTMIN+3", &sig), 0);
        assert_int_equal(sig, SIGRTMIN + 3);
        assert_int_equal(cli_signal_arg("FOO", &sig), -EINVAL);
        assert_int_equal(cli_signal_arg("SIG", &sig), -EINVAL);
        assert_int_equal(cli_signal_arg("", &sig), -EINVAL);
        assert_int_equal(cli_signal_arg("-9", &sig), -EINVAL);
}

static void container_ids(void **state)
{
        const char *good[] = {"abc", "a-b_c.d+e", "...", "0123abcdef", "A"};
        const char *bad[] = {"", ".", "..", "a/b", "a b", "\xc3\xa9", "a\nb", "a:b"};

        for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
                assert_true(cli_check_id(good[i]));
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                assert_false(cli_check_id(bad[i]));
}

static void command_help_shape(void **state)
{
        struct capture c;
        const char *s;

        cli_command_help(capture_open(&c), &cmd_create);
        s = capture_close(&c);
        assert_true(!strncmp(s, "NAME:\n   brownie create - ", 26));
        assert_non_null(strstr(s, "\n\nUSAGE:\n   brownie create [command options] <container-id>\n"));
        assert_non_null(strstr(s, "\n\nDESCRIPTION:\n   "));
        assert_non_null(strstr(s, "\n\nOPTIONS:\n   --bundle value, -b value  "));
        assert_non_null(strstr(s, "\n   --no-pivot                "));
        free(c.buf);

        cli_command_help(capture_open(&c), &cmd_state);
        s = capture_close(&c);
        assert_non_null(strstr(s, "USAGE:\n   brownie state <container-id>\n"));
        assert_null(strstr(s, "OPTIONS"));
        free(c.buf);
}

static void app_help_and_version(void **state)
{
        struct capture c;
        const char *s;

        cli_app_help(capture_open(&c));
        s = capture_close(&c);
        assert_true(!strncmp(s, "NAME:\n   brownie - ", 19));
        assert_non_null(
            strstr(s, "\nUSAGE:\n   brownie [global options] command [command options] [arguments...]\n"));
        assert_non_null(strstr(s, "\nVERSION:\n   " BROWNIE_VERSION "\ncommit: "));
        for (size_t i = 0; i < cli_n_commands; i++) {
                char line[64];
                snprintf(line, sizeof(line), "\n   %s ", cli_commands[i]->name);
                assert_non_null(strstr(s, line));
        }
        assert_non_null(strstr(s, "\n   help, h "));
        assert_non_null(strstr(s, "\nGLOBAL OPTIONS:\n   --debug "));
        assert_non_null(strstr(s, "\n   --version, -v "));
        free(c.buf);

        cli_version(capture_open(&c));
        s = capture_close(&c);
        assert_true(
            !strncmp(s, "brownie version " BROWNIE_VERSION "\ncommit: ", 24 + strlen(BROWNIE_VERSION)));
        assert_non_null(strstr(s, "\nspec: " BROWNIE_SPEC_VERSION "\n"));
        free(c.buf);
}

/* Every table: names unique, one-letter aliases unique, a help text each; every command findable. */
static void command_tables_are_consistent(void **state)
{
        for (size_t i = 0; i < cli_n_commands; i++) {
                const struct command *cmd = cli_commands[i];

                assert_ptr_equal(cli_find_command(cmd->name), cmd);
                assert_non_null(cmd->summary);
                assert_non_null(cmd->run);
                assert_true(cmd->max_args < 0 || cmd->max_args >= cmd->min_args);
                assert_true(!cmd->takes_id || cmd->min_args >= 1);
                for (const struct flag_def *a = cmd->flags; a && a->name; a++) {
                        assert_non_null(a->help);
                        assert_true(a->offset == FLAG_NO_DEST || a->offset < cmd->opts_size);
                        assert_true(strcmp(a->name, "help") && a->short_name != 'h');
                        for (const struct flag_def *b = a + 1; b->name; b++) {
                                assert_true(strcmp(a->name, b->name));
                                assert_true(!a->short_name || a->short_name != b->short_name);
                        }
                }
        }
        assert_null(cli_find_command("nosuch"));
        assert_null(cli_find_command("help")); /* main handles help itself */
}

/* Usage errors exit 1 before the engine is reached; --help exits 0. Output goes to /dev/null. */
static void usage_exit_codes(void **state)
{
        struct global_opts g = {.root = "/nonexistent/brownie-unit-test"};
        int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC), out = dup(1), errfd = dup(2);

        fflush(stdout);
        dup2(devnull, 1);
        dup2(devnull, 2);

        char *a1[] = {"start", NULL};
        int r1 = cli_dispatch(&cmd_start, &g, 1, a1);
        char *a2[] = {"start", "a", "b", NULL};
        int r2 = cli_dispatch(&cmd_start, &g, 3, a2);
        char *a3[] = {"state", "a/b", NULL};
        int r3 = cli_dispatch(&cmd_state, &g, 2, a3);
        char *a4[] = {"create", "--preserve-fds", "x", "c1", NULL};
        int r4 = cli_dispatch(&cmd_create, &g, 4, a4);
        char *a5[] = {"kill", "--help", NULL};
        int r5 = cli_dispatch(&cmd_kill, &g, 2, a5);
        char *a6[] = {"kill", "c1", "SIGFOO", NULL};
        int r6 = cli_dispatch(&cmd_kill, &g, 3, a6);
        char *a7[] = {"list", "extra", NULL};
        int r7 = cli_dispatch(&cmd_list, &g, 2, a7);
        char *a8[] = {"list", "--format", "yaml", NULL};
        int r8 = cli_dispatch(&cmd_list, &g, 3, a8);
        char *a9[] = {"kill", "c1", "9", "x", NULL};
        int r9 = cli_dispatch(&cmd_kill, &g, 4, a9);

        fflush(stdout);
        dup2(out, 1);
        dup2(errfd, 2);
        close(out);
        close(errfd);
        close(devnull);

        assert_int_equal(r1, 1);
        assert_int_equal(r2, 1);
        assert_int_equal(r3, 1);
        assert_int_equal(r4, 1);
        assert_int_equal(r5, 0);
        assert_int_equal(r6, 1);
        assert_int_equal(r7, 1);
        assert_int_equal(r8, 1);
        assert_int_equal(r9, 1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(list_table_of_nothing_is_runcs_header),
            cmocka_unit_test(list_table_aligns_as_runc),
            cmocka_unit_test(list_table_counts_characters),
            cmocka_unit_test(signal_argument),
            cmocka_unit_test(container_ids),
            cmocka_unit_test(command_help_shape),
            cmocka_unit_test(app_help_and_version),
            cmocka_unit_test(command_tables_are_consistent),
            cmocka_unit_test(usage_exit_codes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
