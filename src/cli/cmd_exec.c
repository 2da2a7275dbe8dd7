/* SPDX-License-Identifier: Apache-2.0 */
#include "cli.h"

static int run_exec(const struct global_opts *g, int argc, char **argv);

const struct command cmd_exec = {
    .name = "exec",
    .summary = "execute new process inside the container",
    .args_usage = "<container-id> <command> [command options]  || -p process.json <container-id>",
    .description = "The exec command runs a new process in a running container: its namespaces, cgroup,\n"
                   "   capabilities, rlimits and seccomp filter. Without --detach it exits with the\n"
                   "   process's status.",
    .run = run_exec,
};

static int run_exec(const struct global_opts *g, int argc, char **argv)
{
        struct exec_opts o = {0};
        struct str_list env = {0}, gids = {0}, caps = {0};
        const struct opt_def opts[] = {
            {"console-socket", 0, OPT_STRING, &o.console_socket,
             "path to an AF_UNIX socket which will receive the master end of the console's pseudoterminal"},
            {"pidfd-socket", 0, OPT_STRING, &o.pidfd_socket,
             "path to an AF_UNIX socket which will receive a pidfd of the new process"},
            {"cwd", 0, OPT_STRING, &o.cwd, "current working directory in the container"},
            {"env", 'e', OPT_LIST, &env, "set environment variables (KEY=VALUE, repeatable)"},
            {"tty", 't', OPT_BOOL, &o.tty, "allocate a pseudo-TTY"},
            {"user", 'u', OPT_STRING, &o.user, "UID (format: <uid>[:<gid>])"},
            {"additional-gids", 'g', OPT_LIST, &gids, "additional gids (repeatable)"},
            {"process", 'p', OPT_STRING, &o.process_file, "path to the process.json"},
            {"detach", 'd', OPT_BOOL, &o.detach, "detach from the container's process"},
            {"pid-file", 0, OPT_STRING, &o.pid_file, "specify the file to write the process id to"},
            {"process-label", 0, OPT_STRING, &o.process_label, "set the asm process label for the process"},
            {"apparmor", 0, OPT_STRING, &o.apparmor, "set the apparmor profile for the process"},
            {"no-new-privs", 0, OPT_BOOL, &o.no_new_privs, "set the no new privileges value for the process"},
            {"cap", 'c', OPT_LIST, &caps,
             "add a capability to the bounding set for the process (repeatable)"},
            {"preserve-fds", 0, OPT_INT, &o.preserve_fds,
             "pass N additional file descriptors to the process (stdio + N in total) (default: 0)"},
            {"cgroup", 0, OPT_STRING, &o.cgroup, "run the process in a sub-cgroup of the container's"},
            {"ignore-paused", 0, OPT_BOOL, &o.ignore_paused, "allow exec in a paused container"},
            {0},
        };
        struct error err = ERROR_INIT;
        int first, r, status = 0, code = EXIT_USAGE;

        r = cli_parse(&cmd_exec, opts, argc, argv, &first);
        if (r != 0) {
                code = r < 0 ? EXIT_USAGE : 0;
                goto out;
        }
        if (cli_nargs(&cmd_exec, opts, argc - first, o.process_file ? 1 : 2, -1) < 0)
                goto out;
        if (!cli_check_id(argv[first]))
                goto out;
        o.id = argv[first];
        o.args = argv + first + 1;
        o.env = env.v;
        o.additional_gids = gids.v;
        o.caps = caps.v;
        if (engine_exec(g, &o, &status, &err) < 0) {
                cli_error("%s", err.msg);
                code = 1;
                goto out;
        }
        code = status;
out:
        str_list_free(&env);
        str_list_free(&gids);
        str_list_free(&caps);
        return code;
}
