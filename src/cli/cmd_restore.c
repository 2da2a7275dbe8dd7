/* SPDX-License-Identifier: Apache-2.0 */
#include "cli/cli.h"
#include "cli/criu_flags.h"

#define RS(field) offsetof(struct restore_opts, field)

static const struct flag_def restore_flags[] = {
    CRIU_COMMON_FLAGS(RS(criu)),
    {"bundle", 'b', FLAG_STRING, RS(bundle), "path to the root of the bundle directory"},
    {"console-socket", 0, FLAG_STRING, RS(console_socket),
     "AF_UNIX socket that receives the master of the restored container's new terminal"},
    {"detach", 'd', FLAG_BOOL, RS(detach), "detach from the container's process"},
    {"pid-file", 0, FLAG_STRING, RS(pid_file), "file to write the process id to"},
    {"no-subreaper", 0, FLAG_BOOL, RS(no_subreaper),
     "disable the use of the subreaper used to reap reparented processes"},
    {"no-pivot", 0, FLAG_BOOL, RS(no_pivot), "accepted for compatibility (criu enters the root itself)"},
    {"lsm-profile", 0, FLAG_STRING, RS(lsm_profile),
     "the LSM profile to restore with, TYPE:NAME (apparmor or selinux)"},
    {"lsm-mount-context", 0, FLAG_STRING, RS(lsm_mount_context),
     "the SELinux mount context to restore mounts with"},
    {0},
};

static int run_restore(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct restore_opts *o = opts;
        struct error err = ERROR_INIT;
        int status = 0;

        o->id = argv[0];
        if (engine_restore(g, o, &status, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return status;
}

const struct command cmd_restore = {
    .name = "restore",
    .summary = "restore a container from a previous checkpoint",
    .args_usage = "<container-id>",
    .description =
        "Makes the container <container-id> from the bundle (its state directory, cgroup) and has\n"
        "criu restore the processes of --image-path into it; the container is then running. Unless\n"
        "--detach it waits for the restored process, exits with its status and deletes the\n"
        "container. A failed restore leaves nothing and prints criu's last log line. The\n"
        "checkpointed stdio (descriptors.json): a terminal is restored onto a new pty whose master\n"
        "goes to --console-socket (without one, onto this command's own terminal), and the caller's\n"
        "pipes onto this command's stdio of the same number.",
    .flags = restore_flags,
    .opts_size = sizeof(struct restore_opts),
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_restore,
};
