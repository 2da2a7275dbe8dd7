/* SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>

#include "cli/cli.h"

#define EXEC_OPT(field) offsetof(struct exec_opts, field)

static const struct flag_def exec_flags[] = {
    {"console-socket", 0, FLAG_STRING, EXEC_OPT(console_socket),
     "AF_UNIX socket to send the master end of the process's terminal to"},
    {"pidfd-socket", 0, FLAG_STRING, EXEC_OPT(pidfd_socket),
     "AF_UNIX socket to send a pidfd of the process to"},
    {"cwd", 0, FLAG_STRING, EXEC_OPT(cwd), "working directory of the process, inside the container"},
    {"env", 'e', FLAG_LIST, EXEC_OPT(env), "set an environment variable, KEY=VALUE (repeatable)"},
    {"tty", 't', FLAG_BOOL, EXEC_OPT(tty), "give the process a pseudo-terminal"},
    {"user", 'u', FLAG_STRING, EXEC_OPT(user), "run as <uid>[:<gid>]"},
    {"additional-gids", 'g', FLAG_LIST, EXEC_OPT(additional_gids),
     "add a supplementary group id (repeatable)"},
    {"process", 'p', FLAG_STRING, EXEC_OPT(process_file),
     "take the process from this process.json; the flags then change it"},
    {"detach", 'd', FLAG_BOOL, EXEC_OPT(detach), "return once the process started; do not wait for it"},
    {"pid-file", 0, FLAG_STRING, EXEC_OPT(pid_file), "write the process's pid to this file"},
    {"process-label", 0, FLAG_STRING, EXEC_OPT(process_label), "SELinux label of the process"},
    {"apparmor", 0, FLAG_STRING, EXEC_OPT(apparmor), "AppArmor profile of the process"},
    {"no-new-privs", 0, FLAG_BOOL, EXEC_OPT(no_new_privs), "set no_new_privs for the process"},
    {"cap", 'c', FLAG_LIST, EXEC_OPT(caps), "add a capability to the process's sets (repeatable)"},
    {"preserve-fds", 0, FLAG_INT, EXEC_OPT(preserve_fds),
     "hand N more file descriptors to the process: stdio, $LISTEN_FDS and N (default: 0)"},
    {"cgroup", 0, FLAG_LIST, EXEC_OPT(cgroups),
     "run the process in an existing sub-cgroup of the container's, [<controller>[,...]:]<path> "
     "(repeatable)"},
    {"ignore-paused", 0, FLAG_BOOL, EXEC_OPT(ignore_paused), "exec even when the container is paused"},
    {0},
};

static int run_exec(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct exec_opts *o = opts;
        struct error err = ERROR_INIT;
        int status = 0;

        o->id = argv[0];
        o->args = argv + 1; /* NULL-terminated by the flag parser */
        if (!o->process_file && argc < 2) {
                cli_error("exec failed: process args cannot be empty");
                return EXIT_EXEC_FAILED;
        }
        if (engine_exec(g, o, &status, &err) < 0) {
                cli_error("exec failed: %s", err.msg);
                return EXIT_EXEC_FAILED;
        }
        return status;
}

const struct command cmd_exec = {
    .name = "exec",
    .summary = "run a new process inside a running container",
    .args_usage = "<container-id> <command> [args...]  |  -p process.json <container-id>",
    .description = "Starts a process in the container's namespaces and cgroup, with its capabilities,\n"
                   "rlimits and seccomp filter. Everything after <container-id> is the command, never\n"
                   "flags. Without --detach it waits and exits with the process's status; if the\n"
                   "process cannot be started the exit status is 255.",
    .flags = exec_flags,
    .opts_size = sizeof(struct exec_opts),
    .min_args = 1,
    .max_args = -1,
    .takes_id = true,
    .spawns = true,
    .order = FLAGS_STOP_AT_ARG,
    .run = run_exec,
};
