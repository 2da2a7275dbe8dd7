/* SPDX-License-Identifier: Apache-2.0 */
/* cli: the global options, as people type them and as containerd, Docker, Podman and CRI-O pass them. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/globals.h"

static char err[512];

static int parse(struct cli_globals *gl, char **argv, int *nargs)
{
        int argc = 0;

        while (argv[argc])
                argc++;
        cli_globals_init(gl);
        err[0] = '\0';
        return cli_globals_parse(gl, argc, argv, nargs, err, sizeof(err));
}

static void defaults(void **state)
{
        struct cli_globals gl;
        char *argv[] = {"list", NULL};
        int n;

        assert_int_equal(parse(&gl, argv, &n), 0);
        assert_string_equal(gl.g.root, BROWNIE_DEFAULT_ROOT);
        assert_string_equal(gl.log_format, "text");
        assert_null(gl.log_path);
        assert_false(gl.g.debug);
        assert_false(gl.g.systemd_cgroup);
        assert_false(gl.help);
        assert_false(gl.version);
        assert_int_equal(n, 1);
        assert_string_equal(argv[0], "list");
}

/* What containerd's runc shim runs for a Kubernetes pod, then the create's own flags. */
static void containerd_create(void **state)
{
        struct cli_globals gl;
        struct create_opts o = {0};
        char *argv[] = {"--root",
                        "/run/containerd/runc/k8s.io",
                        "--log",
                        "/run/c/log.json",
                        "--log-format",
                        "json",
                        "--systemd-cgroup",
                        "create",
                        "--bundle",
                        "/run/c/b",
                        "--pid-file",
                        "/run/c/init.pid",
                        "0123abcdef",
                        NULL};
        char msg[256];
        int n, m;

        assert_int_equal(parse(&gl, argv, &n), 0);
        assert_string_equal(gl.g.root, "/run/containerd/runc/k8s.io");
        assert_string_equal(gl.log_path, "/run/c/log.json");
        assert_string_equal(gl.log_format, "json");
        assert_true(gl.g.systemd_cgroup);
        assert_int_equal(n, 6);
        assert_string_equal(argv[0], "create");
        assert_ptr_equal(cli_find_command(argv[0]), &cmd_create);

        assert_int_equal(
            flags_parse(cmd_create.flags, cmd_create.order, n - 1, argv + 1, &o, &m, msg, sizeof(msg)), 0);
        assert_string_equal(o.bundle, "/run/c/b");
        assert_string_equal(o.pid_file, "/run/c/init.pid");
        assert_int_equal(m, 1);
        assert_string_equal(argv[1], "0123abcdef");
}

/* Podman (conmon) writes its globals with "=". */
static void go_spellings_and_compat_flags(void **state)
{
        struct cli_globals gl;
        char *argv[] = {"-root=/r",
                        "--log-format=json",
                        "-debug",
                        "--criu",
                        "/usr/sbin/criu",
                        "--rootless=true",
                        "state",
                        "x",
                        NULL};
        int n;

        assert_int_equal(parse(&gl, argv, &n), 0);
        assert_string_equal(gl.g.root, "/r");
        assert_string_equal(gl.log_format, "json");
        assert_true(gl.g.debug);
        assert_string_equal(gl.criu, "/usr/sbin/criu");
        assert_string_equal(gl.rootless, "true");
        assert_int_equal(n, 2);
}

/* --rootless as runc takes it, and the state root of a rootless user. */
static void rootless_and_its_root(void **state)
{
        struct cli_globals gl;
        char msg[256];
        char *a1[] = {"--rootless=false", "list", NULL}, *a2[] = {"--rootless", "1", "list", NULL},
             *a3[] = {"--rootless=yes", "list", NULL}, *a4[] = {"--rootless=t", "--root", "/r", "list", NULL};
        int n;

        setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
        assert_int_equal(parse(&gl, a1, &n), 0);
        assert_int_equal(cli_globals_finish(&gl, msg, sizeof(msg)), 0);
        assert_false(gl.g.rootless);
        assert_int_equal(parse(&gl, a2, &n), 0);
        assert_int_equal(cli_globals_finish(&gl, msg, sizeof(msg)), 0);
        assert_true(gl.g.rootless);
        /* The default root follows who runs, not --rootless (as runc). */
        assert_string_equal(gl.g.root, geteuid() ? "/run/user/4242/brownie" : BROWNIE_DEFAULT_ROOT);
        assert_int_equal(parse(&gl, a3, &n), 0);
        assert_int_equal(cli_globals_finish(&gl, msg, sizeof(msg)), -EINVAL);
        assert_non_null(strstr(msg, "\"yes\" for --rootless"));
        assert_int_equal(parse(&gl, a4, &n), 0);
        assert_int_equal(cli_globals_finish(&gl, msg, sizeof(msg)), 0);
        assert_string_equal(gl.g.root, "/r");
        unsetenv("XDG_RUNTIME_DIR");
}

static void version_and_help(void **state)
{
        const char *v[] = {"-v", "--version", "-version"};
        const char *h[] = {"-h", "--help", "-help"};
        struct cli_globals gl;
        int n;

        for (size_t i = 0; i < 3; i++) {
                char *a1[] = {(char *)v[i], NULL};
                assert_int_equal(parse(&gl, a1, &n), 0);
                assert_true(gl.version);
                char *a2[] = {(char *)h[i], "state", NULL};
                assert_int_equal(parse(&gl, a2, &n), 0);
                assert_true(gl.help);
                assert_int_equal(n, 1);
        }
}

/* Global options end at the command: what follows is the command's. */
static void the_command_ends_the_globals(void **state)
{
        struct cli_globals gl;
        char *argv[] = {"list", "--root", "/x", NULL};
        int n;

        assert_int_equal(parse(&gl, argv, &n), 0);
        assert_string_equal(gl.g.root, BROWNIE_DEFAULT_ROOT);
        assert_int_equal(n, 3);
        assert_string_equal(argv[1], "--root");
}

static void errors(void **state)
{
        struct cli_globals gl;
        int n;

        char *a1[] = {"--nosuch", "state", "x", NULL};
        assert_int_equal(parse(&gl, a1, &n), -EINVAL);
        assert_string_equal(err, "flag provided but not defined: -nosuch");

        char *a2[] = {"--bundle", "/b", "create", "x", NULL}; /* a command's flag, not a global one */
        assert_int_equal(parse(&gl, a2, &n), -EINVAL);

        char *a3[] = {"--root", NULL};
        assert_int_equal(parse(&gl, a3, &n), -EINVAL);
        assert_string_equal(err, "flag needs an argument: -root");

        char *a4[] = {"--debug=maybe", "list", NULL};
        assert_int_equal(parse(&gl, a4, &n), -EINVAL);
        assert_string_equal(err, "invalid boolean value \"maybe\" for -debug: parse error");
}

static void log_formats(void **state)
{
        enum log_format f;

        assert_int_equal(cli_log_format("text", &f), 0);
        assert_int_equal(f, LOG_FORMAT_TEXT);
        assert_int_equal(cli_log_format("json", &f), 0);
        assert_int_equal(f, LOG_FORMAT_JSON);
        assert_int_equal(cli_log_format("JSON", &f), -EINVAL);
        assert_int_equal(cli_log_format("yaml", &f), -EINVAL);
        assert_int_equal(cli_log_format("", &f), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(defaults),
            cmocka_unit_test(containerd_create),
            cmocka_unit_test(go_spellings_and_compat_flags),
            cmocka_unit_test(version_and_help),
            cmocka_unit_test(rootless_and_its_root),
            cmocka_unit_test(the_command_ends_the_globals),
            cmocka_unit_test(errors),
            cmocka_unit_test(log_formats),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
