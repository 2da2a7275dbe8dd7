/* SPDX-License-Identifier: Apache-2.0 */
/* criu's command line: the argv built, criu's log line quoted, and criu run (a missing binary, a failing
 * one). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/criu_cmd.h"

static void write_text(const char *path, const char *text)
{
        FILE *f = fopen(path, "we");

        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static void test_argv(void **state)
{
        struct criu_cmd c;

        criu_cmd_init(&c, NULL, "dump");
        criu_arg(&c, "--tree");
        criu_arg(&c, "%d", 42);
        assert_int_equal(c.n, 4);
        assert_string_equal(c.argv[0], "criu");
        assert_string_equal(c.argv[1], "dump");
        assert_string_equal(c.argv[3], "42");
        assert_null(c.argv[4]);
        for (int i = 0; i < CRIU_MAX_KEEP_FDS; i++)
                assert_int_equal(criu_keep_fd(&c, i), 0);
        assert_int_equal(criu_keep_fd(&c, 99), -E2BIG);
        criu_cmd_free(&c);
}

static void test_log_line(void **state)
{
        char dir[] = "/tmp/brownie-criu-XXXXXX", path[64], line[256];

        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/dump.log", dir);
        write_text(path, "(00.000100) Version: 3.17.1\n"
                         "(00.001000) Error (criu/mount.c:12): mnt: Mount 43 ./data is not available\n"
                         "(00.002000) Unlock network\n"
                         "(00.003000) Error (criu/cr-dump.c:2053): Dumping FAILED.\n\n");
        criu_log_last_line(path, line, sizeof(line));
        assert_string_equal(line, "Error (criu/mount.c:12): mnt: Mount 43 ./data is not available");
        /* no error line: the last line, without its timestamp */
        write_text(path, "(00.000100) Version: 3.17.1\n  (12.500000) something else\n");
        criu_log_last_line(path, line, sizeof(line));
        assert_string_equal(line, "something else");
        unlink(path);
        criu_log_last_line(path, line, sizeof(line));
        assert_string_equal(line, "");
        rmdir(dir);
}

static void test_run(void **state)
{
        char dir[] = "/tmp/brownie-criu-XXXXXX", script[64], log[64];
        struct error err = ERROR_INIT;
        struct criu_cmd c;

        criu_cmd_init(&c, "/nonexistent/criu", "check");
        assert_true(criu_run(&c, "/nonexistent/log", NULL, NULL, &err) < 0);
        assert_non_null(strstr(err.msg, "criu failed"));
        assert_non_null(strstr(err.msg, "no such file or directory"));
        criu_cmd_free(&c);

        assert_non_null(mkdtemp(dir));
        snprintf(script, sizeof(script), "%s/criu", dir);
        snprintf(log, sizeof(log), "%s/x.log", dir);
        write_text(script, "#!/bin/sh\necho '(00.1) Error (a.c:1): it broke' >\"$1\"\nexit 3\n");
        assert_int_equal(chmod(script, 0755), 0);
        criu_cmd_init(&c, script, log);
        error_clear(&err);
        assert_true(criu_run(&c, log, NULL, NULL, &err) < 0);
        assert_non_null(strstr(err.msg, "criu failed: Error (a.c:1): it broke (exit status 3; log: "));
        assert_non_null(strstr(err.msg, log));
        criu_cmd_free(&c);
        unlink(script);
        unlink(log);
        rmdir(dir);
}

/* criu_output: criu's stdout and stderr appended to a file, its stdin /dev/null. */
static void test_output(void **state)
{
        char dir[] = "/tmp/brownie-criu-XXXXXX", script[64], log[64], out[64], text[128] = "";
        struct error err = ERROR_INIT;
        struct criu_cmd c;
        FILE *f;

        assert_non_null(mkdtemp(dir));
        snprintf(script, sizeof(script), "%s/criu", dir);
        snprintf(log, sizeof(log), "%s/x.log", dir);
        snprintf(out, sizeof(out), "%s/x.out", dir);
        write_text(out, "before\n");
        write_text(script, "#!/bin/sh\nread x && exit 4\necho to-stdout\necho to-stderr >&2\nexit 0\n");
        assert_int_equal(chmod(script, 0755), 0);
        criu_cmd_init(&c, script, "check");
        criu_output(&c, out);
        assert_int_equal(criu_run(&c, log, NULL, NULL, &err), 0);
        criu_cmd_free(&c);
        f = fopen(out, "re");
        assert_non_null(f);
        assert_int_equal(fread(text, 1, sizeof(text) - 1, f) > 0, 1);
        fclose(f);
        assert_string_equal(text, "before\nto-stdout\nto-stderr\n");
        unlink(script);
        unlink(out);
        rmdir(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_argv),
            cmocka_unit_test(test_log_line),
            cmocka_unit_test(test_output),
            cmocka_unit_test(test_run),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
