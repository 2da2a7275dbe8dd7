/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checkpoint: the container's processes dumped by criu (its command line, linux/criu_cmd.c), as runc
 * describes the container to it (criu_describe.c). Without --leave-running criu kills the processes
 * once the dump succeeded, and the container is then removed as runc removes it; a failed dump leaves
 * the container running as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "container.h"
#include "criu_describe.h"
#include "criu_stdio.h"
#include "lifecycle.h"
#include "linux/cgroup/cgroup.h"
#include "util/cleanup.h"
#include "util/log.h"

static void dump_args(struct criu_cmd *cmd, const struct checkpoint_opts *o, pid_t pid)
{
        criu_arg(cmd, "--tree");
        criu_arg(cmd, "%d", (int)pid);
        if (o->leave_running || o->pre_dump)
                criu_arg(cmd, "--leave-running");
        if (o->tcp_skip_in_flight)
                criu_arg(cmd, "--skip-in-flight");
        if (o->link_remap)
                criu_arg(cmd, "--link-remap");
        if (o->parent_path && *o->parent_path) {
                criu_arg(cmd, "--prev-images-dir");
                criu_arg(cmd, "%s", o->parent_path);
        }
        if (o->pre_dump || (o->parent_path && *o->parent_path))
                criu_arg(cmd, "--track-mem");
        if (o->status_fd >= 0) {
                criu_arg(cmd, "--status-fd");
                criu_arg(cmd, "%d", o->status_fd);
        }
}

/* --parent-path as runc takes it: relative, naming a directory below the image path (criu reads it there). */
static int parent_path_check(const char *parent, const struct criu_paths *p, struct error *err)
{
        char path[8192];
        struct stat st;

        if (!parent || !*parent)
                return 0;
        if (parent[0] == '/')
                return error_set(err, EINVAL, "--parent-path must be relative (to --image-path): \"%s\"",
                                 parent);
        snprintf(path, sizeof(path), "%s/%s", p->image, parent);
        if (stat(path, &st) < 0)
                return error_errno(err, errno, "invalid --parent-path \"%s\" (\"%s\")", parent, path);
        if (!S_ISDIR(st.st_mode))
                return error_errno(err, ENOTDIR, "invalid --parent-path \"%s\" (\"%s\")", parent, path);
        return 0;
}

/* The whole cgroup frozen at once, as runc has criu do it: processes that fork (a shell loop) are then
 * not seized one by one while new ones appear. */
static void freeze_args(struct criu_cmd *cmd, const struct cgroup *cg)
{
        char dir[4096];

        if (cg && cgroup_freezer_dir(cg, dir, sizeof(dir)) == 0) {
                criu_arg(cmd, "--freeze-cgroup");
                criu_arg(cmd, "%s", dir);
        }
}

/* --page-server ADDRESS:PORT: criu sends the pages there. */
static int page_server_args(struct criu_cmd *cmd, const char *server, struct error *err)
{
        const char *colon = server ? strrchr(server, ':') : NULL;
        char *end;
        long port;

        if (!server || !*server)
                return 0;
        if (!colon || colon == server)
                return error_set(err, EINVAL, "--page-server \"%s\": want ADDRESS:PORT", server);
        port = strtol(colon + 1, &end, 10);
        if (*end || port <= 0 || port > 65535)
                return error_set(err, EINVAL, "--page-server \"%s\": bad port", server);
        criu_arg(cmd, "--page-server");
        criu_arg(cmd, "--address");
        criu_arg(cmd, "%.*s", (int)(colon - server), server);
        criu_arg(cmd, "--port");
        criu_arg(cmd, "%ld", port);
        return 0;
}

int engine_checkpoint(const struct global_opts *g, const struct checkpoint_opts *o, struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        _cleanup_spec_ struct spec *spec = NULL;
        struct criu_stdio stdio;
        struct criu_cmd cmd;
        struct criu_paths p;
        struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;
        int ns_fds[2] = {-1, -1};
        int r;

        r = criu_opts_check(&o->criu, err);
        if (r < 0)
                return r;
        r = container_open(g, o->id, true, &c, err);
        if (r < 0)
                return r;
        /* Paused too, as runc takes it: containerd pauses a task before it checkpoints it (criu dumps a
         * frozen cgroup as it is and leaves it frozen). */
        if (c->status != STATUS_RUNNING && c->status != STATUS_PAUSED)
                return error_set(err, EINVAL, "container is not running");
        r = container_load_spec(c, &spec, err);
        if (r < 0)
                return r;
        /* the options first, as runc checks them before it looks at the container's console */
        r = criu_paths_resolve(&o->criu, CRIU_DUMP_LOG, true, &p, err);
        if (r < 0)
                return r;
        r = parent_path_check(o->parent_path, &p, err);
        if (r < 0)
                return r;
        r = criu_stdio_read(c->pid, &stdio, err);
        if (r < 0)
                return r;
        criu_cmd_init(&cmd, g->criu, o->pre_dump ? "pre-dump" : "dump");
        criu_common_args(&cmd, &o->criu, &p, CRIU_DUMP_LOG);
        /* a --status-fd among criu's stdio keeps them */
        if (o->status_fd < 0 || o->status_fd > 2)
                criu_output(&cmd, p.out);
        dump_args(&cmd, o, c->pid);
        /* the container's cgroup: the one criu freezes, and a v1 "cgroup" mount's binds of it */
        if (c->cgroup_path && container_cgroup(c, &cg, &e) < 0)
                cg = NULL;
        freeze_args(&cmd, cg);
        r = page_server_args(&cmd, o->page_server, err);
        if (r >= 0)
                r = criu_describe(&cmd, spec, cg, c->pid, ns_fds, err);
        /* pre-dump leaves the stdio to the dump that follows it, as runc does */
        if (r >= 0 && !o->pre_dump)
                r = criu_stdio_dump(&cmd, &stdio, o->criu.shell_job,
                                    spec->process && spec->process->terminal && spec_has_ns(spec, NS_MOUNT),
                                    p.image, err);
        if (r >= 0 && o->status_fd >= 0)
                r = criu_keep_fd(&cmd, o->status_fd) < 0 ? error_set(err, E2BIG, "criu: too many fds") : 0;
        if (r >= 0)
                r = criu_run(&cmd, p.log, NULL, NULL, err);
        criu_cmd_free(&cmd);
        criu_ns_fds_close(ns_fds);
        cgroup_free(cg);
        if (r < 0)
                return r;
        if (o->leave_running || o->pre_dump)
                return 0;
        /* criu killed the processes after the dump: the container goes, as runc's checkpoint removes it.
         * A v1 freezer holds even SIGKILL'ed tasks until they are thawed. */
        if (c->status == STATUS_PAUSED && container_set_frozen(c, false, err) < 0) {
                log_warn("checkpoint: %s (the dumped processes may stay frozen until delete)", err->msg);
                error_clear(err);
        }
        container_wait_stopped(c, 5000);
        container_refresh_status(c);
        return container_destroy(g, c, NULL, err);
}
