/* SPDX-License-Identifier: Apache-2.0 */
/* cli: the flag parser, in every spelling runc's users and clients type, through the real command tables. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/flags.h"
#include "cli/values.h"
#include <stdlib.h>

static char err[512];

/* A command's bool by flag name, for the commands whose options struct is private to their file. */
static bool flag_bool(const struct command *cmd, const void *dest, const char *name)
{
        for (const struct flag_def *d = cmd->flags; d && d->name; d++)
                if (!strcmp(d->name, name))
                        return *(const bool *)((const char *)dest + d->offset);
        fail_msg("no flag %s", name);
        return false;
}

/* argv is NULL-terminated; it is permuted in place, as in the binary. */
static int parse(const struct command *cmd, void *dest, char **argv, int *nargs)
{
        int argc = 0;

        while (argv[argc])
                argc++;
        err[0] = '\0';
        return flags_parse(cmd->flags, cmd->order, argc, argv, dest, nargs, err, sizeof(err));
}

static void every_spelling_names_the_bundle(void **state)
{
        const char *forms[][2] = {
            {"--bundle", "/b"}, {"--bundle=/b", NULL}, {"-bundle", "/b"}, {"-bundle=/b", NULL},
            {"-b", "/b"},       {"-b=/b", NULL},       {"--b", "/b"},
        };

        for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
                struct create_opts o = {0};
                char *argv[4] = {(char *)forms[i][0], (char *)forms[i][1], NULL, NULL};
                int n;

                argv[forms[i][1] ? 2 : 1] = "c1";
                assert_int_equal(parse(&cmd_create, &o, argv, &n), 0);
                assert_string_equal(o.bundle, "/b");
                assert_int_equal(n, 1);
                assert_string_equal(argv[0], "c1");
                assert_null(argv[1]);
        }
}

static void every_create_flag_lands_in_create_opts(void **state)
{
        struct create_opts o = {0};
        char *argv[] = {"--bundle",
                        "/b",
                        "--console-socket",
                        "/s",
                        "--pid-file",
                        "/p",
                        "--pidfd-socket",
                        "/f",
                        "--no-pivot",
                        "--no-new-keyring",
                        "--preserve-fds",
                        "3",
                        "c1",
                        NULL};
        int n;

        assert_int_equal(parse(&cmd_create, &o, argv, &n), 0);
        assert_string_equal(o.bundle, "/b");
        assert_string_equal(o.console_socket, "/s");
        assert_string_equal(o.pid_file, "/p");
        assert_string_equal(o.pidfd_socket, "/f");
        assert_true(o.no_pivot);
        assert_true(o.no_new_keyring);
        assert_int_equal(o.preserve_fds, 3);
        assert_false(o.detach);
        assert_int_equal(n, 1);
}

static void run_adds_detach_keep_and_no_subreaper(void **state)
{
        struct create_opts o = {0};
        char *argv[] = {"-d", "--keep", "--no-subreaper", "-b", "/b", "c1", NULL};
        int n;

        assert_int_equal(parse(&cmd_run, &o, argv, &n), 0);
        assert_true(o.detach);
        assert_true(o.keep);
        assert_string_equal(o.bundle, "/b");
        assert_int_equal(n, 1);

        struct create_opts c = {0};
        char *argv2[] = {"-d", "c1", NULL};
        assert_int_equal(parse(&cmd_create, &c, argv2, &n), -EINVAL);
        assert_string_equal(err, "flag provided but not defined: -d");
}

static void booleans_take_go_values_and_never_the_next_argument(void **state)
{
        struct create_opts o = {0};
        int n;

        char *a1[] = {"--detach=false", "c1", NULL};
        o.detach = true;
        assert_int_equal(parse(&cmd_run, &o, a1, &n), 0);
        assert_false(o.detach);

        char *a2[] = {"-d=True", "--keep=1", "c1", NULL};
        assert_int_equal(parse(&cmd_run, &o, a2, &n), 0);
        assert_true(o.detach);
        assert_true(o.keep);

        char *a3[] = {"-d", "c1", NULL}; /* c1 is the id, not the value of -d */
        assert_int_equal(parse(&cmd_run, &o, a3, &n), 0);
        assert_int_equal(n, 1);
        assert_string_equal(a3[0], "c1");

        char *a4[] = {"--detach=maybe", "c1", NULL};
        assert_int_equal(parse(&cmd_run, &o, a4, &n), -EINVAL);
        assert_string_equal(err, "invalid boolean value \"maybe\" for -detach: parse error");
}

static void a_value_flag_takes_the_next_argument_even_with_a_dash(void **state)
{
        struct create_opts o = {0};
        char *argv[] = {"--pid-file", "-x", "c1", NULL};
        int n;

        assert_int_equal(parse(&cmd_create, &o, argv, &n), 0);
        assert_string_equal(o.pid_file, "-x");
        assert_int_equal(n, 1);
}

static void preserve_fds_is_a_non_negative_decimal(void **state)
{
        struct create_opts o = {0};
        int n;

        char *a1[] = {"--preserve-fds=abc", "c1", NULL};
        assert_int_equal(parse(&cmd_create, &o, a1, &n), -EINVAL);
        assert_string_equal(err, "invalid value \"abc\" for flag -preserve-fds: parse error");

        char *a2[] = {"--preserve-fds", "-1", "c1", NULL};
        assert_int_equal(parse(&cmd_create, &o, a2, &n), -EINVAL);
        assert_string_equal(err, "invalid value \"-1\" for flag -preserve-fds: must not be negative");

        char *a3[] = {"--preserve-fds", "99999999999", "c1", NULL};
        assert_int_equal(parse(&cmd_create, &o, a3, &n), -EINVAL);
        assert_string_equal(err, "invalid value \"99999999999\" for flag -preserve-fds: value out of range");

        char *a4[] = {"--preserve-fds", "", "c1", NULL};
        assert_int_equal(parse(&cmd_create, &o, a4, &n), -EINVAL);

        char *a5[] = {"--preserve-fds", "0", "c1", NULL};
        o.preserve_fds = 7;
        assert_int_equal(parse(&cmd_create, &o, a5, &n), 0);
        assert_int_equal(o.preserve_fds, 0);
}

static void unknown_abbreviated_and_clustered_flags_are_refused(void **state)
{
        struct create_opts o = {0};
        int n;

        char *a1[] = {"--nope", "c1", NULL};
        assert_int_equal(parse(&cmd_create, &o, a1, &n), -EINVAL);
        assert_string_equal(err, "flag provided but not defined: -nope");

        char *a2[] = {"-nope=1", "c1", NULL};
        assert_int_equal(parse(&cmd_create, &o, a2, &n), -EINVAL);
        assert_string_equal(err, "flag provided but not defined: -nope");

        char *a3[] = {"--bund", "/b", "c1", NULL}; /* getopt would take the prefix; Go does not */
        assert_int_equal(parse(&cmd_create, &o, a3, &n), -EINVAL);
        assert_string_equal(err, "flag provided but not defined: -bund");

        char *a4[] = {"-dk", "c1", NULL};
        assert_int_equal(parse(&cmd_run, &o, a4, &n), -EINVAL);
        assert_string_equal(err, "flag provided but not defined: -dk");
}

static void a_missing_value_and_bad_syntax_are_named(void **state)
{
        struct create_opts o = {0};
        int n;

        char *a1[] = {"--bundle", NULL};
        assert_int_equal(parse(&cmd_create, &o, a1, &n), -EINVAL);
        assert_string_equal(err, "flag needs an argument: -bundle");

        char *a2[] = {"-b", NULL};
        assert_int_equal(parse(&cmd_create, &o, a2, &n), -EINVAL);
        assert_string_equal(err, "flag needs an argument: -b");

        char *a3[] = {"---bundle", "/b", NULL};
        assert_int_equal(parse(&cmd_create, &o, a3, &n), -EINVAL);
        assert_string_equal(err, "bad flag syntax: ---bundle");

        char *a4[] = {"-=x", NULL};
        assert_int_equal(parse(&cmd_create, &o, a4, &n), -EINVAL);
        assert_string_equal(err, "bad flag syntax: -=x");
}

static void help_in_every_spelling(void **state)
{
        const char *spellings[] = {"--help", "-help", "-h", "--h"};
        int n;

        for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
                struct create_opts o = {0};
                char *argv[] = {(char *)spellings[i], NULL};
                assert_int_equal(parse(&cmd_create, &o, argv, &n), FLAGS_HELP);
        }
        struct create_opts o = {0};
        char *after[] = {"c1", "--help", NULL};
        assert_int_equal(parse(&cmd_create, &o, after, &n), FLAGS_HELP);
}

static void double_dash_ends_the_flags_and_a_lone_dash_is_an_argument(void **state)
{
        struct create_opts o = {0};
        int n;

        char *a1[] = {"--", "-d", NULL};
        assert_int_equal(parse(&cmd_run, &o, a1, &n), 0);
        assert_false(o.detach);
        assert_int_equal(n, 1);
        assert_string_equal(a1[0], "-d");
        assert_null(a1[1]);

        char *a2[] = {"-", NULL};
        assert_int_equal(parse(&cmd_run, &o, a2, &n), 0);
        assert_int_equal(n, 1);
        assert_string_equal(a2[0], "-");
}

/* runc's commands (urfave/cli) still take their own flags after the arguments: "delete ID -f". */
static void known_flags_after_the_id_count_unknown_ones_are_arguments(void **state)
{
        char force[64] = {0}; /* delete's options struct */
        int n;

        assert_true(cmd_delete.opts_size <= sizeof(force));

        char *a1[] = {"c1", "-f", NULL};
        assert_int_equal(parse(&cmd_delete, force, a1, &n), 0);
        assert_true(flag_bool(&cmd_delete, force, "force"));
        assert_int_equal(n, 1);
        assert_string_equal(a1[0], "c1");
        assert_null(a1[1]);

        char *a2[] = {"c1", "--nope", NULL};
        assert_int_equal(parse(&cmd_delete, force, a2, &n), 0);
        assert_int_equal(n, 2);
        assert_string_equal(a2[0], "c1");
        assert_string_equal(a2[1], "--nope");

        struct create_opts o = {0};
        char *a3[] = {"c1", "--bundle", "/b", "x", NULL};
        assert_int_equal(parse(&cmd_create, &o, a3, &n), 0);
        assert_string_equal(o.bundle, "/b");
        assert_int_equal(n, 2);
        assert_string_equal(a3[0], "c1");
        assert_string_equal(a3[1], "x");
        assert_null(a3[2]);
}

/* exec: everything after the id is the command, flags included. */
static void exec_stops_at_the_id_and_collects_lists(void **state)
{
        struct exec_flags f = {0};
        struct exec_opts *e = &f.o;
        char *argv[] = {"-e", "A=1", "--env=B=2", "--tty", "-u",  "1000:1000",
                        "c1", "ls",  "-la",       "-e",    "C=3", NULL};
        int n;

        assert_int_equal(parse(&cmd_exec, &f, argv, &n), 0);
        assert_int_equal(n, 5);
        assert_string_equal(argv[0], "c1");
        assert_string_equal(argv[1], "ls");
        assert_string_equal(argv[2], "-la");
        assert_string_equal(argv[3], "-e");
        assert_null(argv[5]);
        assert_non_null(e->env);
        assert_string_equal(e->env[0], "A=1");
        assert_string_equal(e->env[1], "B=2");
        assert_null(e->env[2]);
        assert_true(e->tty);
        assert_string_equal(f.user, "1000:1000");
        flags_free(cmd_exec.flags, &f);
        assert_null(e->env);
}

static void later_values_win(void **state)
{
        struct create_opts o = {0};
        char *argv[] = {"-b", "/one", "--bundle", "/two", "c1", NULL};
        int n;

        assert_int_equal(parse(&cmd_create, &o, argv, &n), 0);
        assert_string_equal(o.bundle, "/two");
}

static void go_booleans(void **state)
{
        const char *yes[] = {"1", "t", "T", "TRUE", "true", "True"};
        const char *no[] = {"0", "f", "F", "FALSE", "false", "False"};
        bool b;

        for (size_t i = 0; i < 6; i++) {
                assert_int_equal(flags_parse_bool(yes[i], &b), 0);
                assert_true(b);
                assert_int_equal(flags_parse_bool(no[i], &b), 0);
                assert_false(b);
        }
        assert_int_equal(flags_parse_bool("yes", &b), -EINVAL);
        assert_int_equal(flags_parse_bool("", &b), -EINVAL);
        assert_int_equal(flags_parse_bool("tRUE", &b), -EINVAL);
}

/* --network takes a name only with "=" or before more arguments: the last one is the id. */
static void network_takes_an_optional_name_and_publish_repeats(void **state)
{
        struct {
                char *argv[8];
                const char *network;
                const char *id;
        } cases[] = {
            {{"-d", "--network", "-p", "8080:80", "web", NULL}, "", "web"},
            {{"--network", "web", NULL}, "", "web"},
            {{"--network", "mynet", "web", NULL}, "mynet", "web"},
            {{"--network=mynet", "web", NULL}, "mynet", "web"},
            {{"--network=", "web", NULL}, "", "web"},
            {{"web", "--network", NULL}, "", "web"},
            {{"web", NULL}, NULL, "web"},
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct create_opts o = {0};
                int n = 0;

                assert_int_equal(parse(&cmd_run, &o, cases[i].argv, &n), 0);
                assert_int_equal(n, 1);
                assert_string_equal(cases[i].argv[0], cases[i].id);
                if (cases[i].network)
                        assert_string_equal(o.network, cases[i].network);
                else
                        assert_null(o.network);
                flags_free(cmd_run.flags, &o);
        }
        {
                char *argv[] = {"-p", "80:80", "--publish", "53:53/udp", "--publish=1.2.3.4:8:8", "c", NULL};
                struct create_opts o = {0};
                int n = 0;

                assert_int_equal(parse(&cmd_create, &o, argv, &n), 0);
                assert_string_equal(o.publish[0], "80:80");
                assert_string_equal(o.publish[1], "53:53/udp");
                assert_string_equal(o.publish[2], "1.2.3.4:8:8");
                assert_null(o.publish[3]);
                assert_null(o.network);
                /* Made into typed ports by the CLI; a bad one is named with the flag. */
                {
                        struct error e = ERROR_INIT;

                        assert_int_equal(cli_create_values(&o, &e), 0);
                        assert_int_equal(o.n_ports, 3);
                        assert_int_equal(o.ports[1].host_port, 53);
                        assert_string_equal(o.ports[1].protocol, "udp");
                        assert_string_equal(o.ports[2].host_ip, "1.2.3.4");
                        free(o.ports);
                        o.ports = NULL;
                        o.n_ports = 0;
                        char bad[] = "x3:53/udp", *given = o.publish[1];

                        o.publish[1] = bad;
                        assert_int_equal(cli_create_values(&o, &e), -EINVAL);
                        o.publish[1] = given;
                        assert_string_equal(e.msg,
                                            "--publish: \"x3:53/udp\": host port \"x3\": must be 1 to 65535");
                        free(o.ports);
                }
                flags_free(cmd_create.flags, &o);
        }
}

/* exec's typed values: uid[:gid], groups, capability names in any case; messages name the flag. */
static void exec_values_are_typed(void **state)
{
        char *gids_in[] = {"29", "4294967295", NULL}, *caps_in[] = {"CAP_KILL", "cap_net_raw", NULL};
        struct exec_flags f = {.user = "1000", .additional_gids = gids_in, .caps = caps_in};
        struct error e = ERROR_INIT;
        uint32_t *gids = NULL;

        (void)state;
        assert_int_equal(cli_exec_values(&f, &gids, &e), 0);
        assert_true(f.o.set_user);
        assert_int_equal(f.o.uid, 1000);
        assert_int_equal(f.o.gid, 0);
        assert_int_equal(f.o.n_additional_gids, 2);
        assert_int_equal(f.o.additional_gids[1], 4294967295u);
        assert_int_equal(f.o.add_caps, (1ULL << 5) | (1ULL << 13));
        free(gids);

        struct {
                struct exec_flags f;
                const char *msg;
        } bad[] = {
            {{.user = "1000:x"}, "--user \"1000:x\": expected uid[:gid] as numbers"},
            {{.user = "-1"}, "--user \"-1\": expected uid[:gid] as numbers"},
            {{.additional_gids = (char *[]){"4294967296", NULL}},
             "--additional-gids \"4294967296\": not a gid"},
            {{.caps = (char *[]){"CAP_NOPE", NULL}}, "--cap \"CAP_NOPE\": unknown capability"},
            {{.caps = (char *[]){"KILL", NULL}}, "--cap \"KILL\": unknown capability"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                gids = NULL;
                error_clear(&e);
                assert_int_equal(cli_exec_values(&bad[i].f, &gids, &e), -EINVAL);
                assert_string_equal(e.msg, bad[i].msg);
                free(gids);
        }
}

/* update's typed values: sizes, numbers, the blkio range, the schemata's form. */
static void update_values_are_typed(void **state)
{
        struct update_flags f = {.memory = "512m",
                                 .cpu_quota = "-1",
                                 .cpu_shares = "256",
                                 .blkio_weight = "0",
                                 .l3_cache_schema = "L3:0=f",
                                 .mem_bw_schema = ""};
        struct update_opts o = {0};
        struct error e = ERROR_INIT;

        (void)state;
        assert_int_equal(cli_update_values(&f, &o, &e), 0);
        assert_true(o.memory.set);
        assert_int_equal(o.memory.value, 512 * 1024 * 1024);
        assert_true(o.cpu_quota.set && o.cpu_quota.value == -1);
        assert_true(o.cpu_shares.set && o.cpu_shares.value == 256);
        assert_true(o.blkio_weight.set && o.blkio_weight.value == 0);
        assert_false(o.pids_limit.set);
        assert_int_equal(o.n_schemata, 1);
        assert_string_equal(o.schemata[0].name, "--l3-cache-schema");

        struct {
                struct update_flags f;
                const char *msg;
        } bad[] = {
            {{.memory = "lots"}, "--memory: invalid size \"lots\""},
            {{.memory_swap = "99999999999999999999999"},
             "--memory-swap: size \"99999999999999999999999\" is out of range"},
            {{.cpu_quota = "1.5"}, "--cpu-quota: \"1.5\" is not an integer"},
            {{.cpu_period = "-1"}, "--cpu-period: \"-1\" is not an unsigned integer"},
            {{.blkio_weight = "5"}, "--blkio-weight: 5 is not in [10, 1000]"},
            {{.l3_cache_schema = "L3:0=f\nMB:0=1"}, "--l3-cache-schema: \"L3:0=f\nMB:0=1\" must be one line"},
            {{.mem_bw_schema = "L3:0=f"}, "--mem-bw-schema: \"L3:0=f\" must start with \"MB:\""},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct update_opts b = {0};

                error_clear(&e);
                assert_true(cli_update_values(&bad[i].f, &b, &e) < 0);
                assert_string_equal(e.msg, bad[i].msg);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(every_spelling_names_the_bundle),
            cmocka_unit_test(every_create_flag_lands_in_create_opts),
            cmocka_unit_test(run_adds_detach_keep_and_no_subreaper),
            cmocka_unit_test(booleans_take_go_values_and_never_the_next_argument),
            cmocka_unit_test(a_value_flag_takes_the_next_argument_even_with_a_dash),
            cmocka_unit_test(preserve_fds_is_a_non_negative_decimal),
            cmocka_unit_test(unknown_abbreviated_and_clustered_flags_are_refused),
            cmocka_unit_test(a_missing_value_and_bad_syntax_are_named),
            cmocka_unit_test(help_in_every_spelling),
            cmocka_unit_test(double_dash_ends_the_flags_and_a_lone_dash_is_an_argument),
            cmocka_unit_test(known_flags_after_the_id_count_unknown_ones_are_arguments),
            cmocka_unit_test(exec_stops_at_the_id_and_collects_lists),
            cmocka_unit_test(later_values_win),
            cmocka_unit_test(go_booleans),
            cmocka_unit_test(network_takes_an_optional_name_and_publish_repeats),
            cmocka_unit_test(exec_values_are_typed),
            cmocka_unit_test(update_values_are_typed),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
