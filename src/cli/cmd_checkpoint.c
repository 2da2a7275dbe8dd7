/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/criu_flags.h"

struct checkpoint_cli {
        struct checkpoint_opts o;
        const char *status_fd;
};

#define CK(field) offsetof(struct checkpoint_cli, o.field)

static const struct flag_def checkpoint_flags[] = {
    CRIU_COMMON_FLAGS(CK(criu)),
    {"parent-path", 0, FLAG_STRING, CK(parent_path), "path for previous criu image files in pre-dump"},
    {"leave-running", 0, FLAG_BOOL, CK(leave_running), "leave the process running after checkpointing"},
    {"tcp-skip-in-flight", 0, FLAG_BOOL, CK(tcp_skip_in_flight), "skip in-flight tcp connections"},
    {"link-remap", 0, FLAG_BOOL, CK(link_remap), "allow one to link unlinked files back when possible"},
    {"status-fd", 0, FLAG_STRING, offsetof(struct checkpoint_cli, status_fd),
     "criu writes \\0 to this FD once lazy-pages is ready"},
    {"page-server", 0, FLAG_STRING, CK(page_server), "ADDRESS:PORT of the page server"},
    {"pre-dump", 0, FLAG_BOOL, CK(pre_dump),
     "dump the container's memory information only, leave the container running after this"},
    {0},
};

static int run_checkpoint(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct checkpoint_cli *c = opts;
        struct error err = ERROR_INIT;
        char *end;

        c->o.id = argv[0];
        c->o.status_fd = -1;
        if (c->status_fd && *c->status_fd) {
                long fd = strtol(c->status_fd, &end, 10);

                if (*end || fd < 0 || fd > 65535) {
                        cli_error("invalid --status-fd value \"%s\"", c->status_fd);
                        return EXIT_FAILURE_CLI;
                }
                c->o.status_fd = (int)fd;
        }
        if (engine_checkpoint(g, &c->o, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_checkpoint = {
    .name = "checkpoint",
    .summary = "checkpoint a running container",
    .args_usage = "<container-id>",
    .description =
        "Dumps the container's processes with criu (the global --criu names the binary, \"criu\" in\n"
        "$PATH by default) into --image-path. Without --leave-running (or --pre-dump) the processes\n"
        "are stopped after a successful dump and the container is removed, as with runc; a failed\n"
        "dump leaves the container running and prints criu's last log line.\n"
        "Described to criu: bind mounts and masked files as external mounts, network and pid\n"
        "namespaces joined by path, the cgroup (--manage-cgroups-mode), and the container's stdio\n"
        "(a terminal is external; each of fds 0-2 is named in descriptors.json beside the images,\n"
        "so restore can hand over a new terminal and the caller's pipes).",
    .flags = checkpoint_flags,
    .opts_size = sizeof(struct checkpoint_cli),
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_checkpoint,
};
