/* SPDX-License-Identifier: Apache-2.0 */
/*
 * restore: a container made again from a checkpoint's images. What create makes before its clone (the
 * state directory, the first state, the cgroup: create_ctx.h) is made the same way; then criu restores
 * the processes detached, from inside the container's cgroup, below a bind of the rootfs, with the
 * container described as checkpoint described it (criu_describe.c). The restored init's pid and start
 * time go into state.json, so the container is "running" for every other command.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "create_ctx.h"
#include "criu_describe.h"
#include "criu_stdio.h"
#include "hand_out.h"
#include "lifecycle.h"
#include "linux/pidfd_pin.h"
#include "linux/process_stat.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/parse.h"

#define CRIU_ROOT_DIR "criu-root"
#define CRIU_PIDFILE  "restore.pid"

struct restore_paths {
        char dir[PATH_MAX];  /* <root>/<id> */
        char root[PATH_MAX]; /* <root>/<id>/criu-root: the rootfs bound for criu */
        char pidfile[PATH_MAX];
};

static int enter_cgroup(void *ctx, pid_t pid, struct error *err)
{
        return cgroup_enter(ctx, pid, NULL, err);
}

static int restore_args(struct criu_cmd *cmd, const struct restore_opts *o, const struct restore_paths *rp,
                        const struct cgroup *cg)
{
        criu_arg(cmd, "--root");
        criu_arg(cmd, "%s", rp->root);
        criu_arg(cmd, "--restore-detached");
        criu_arg(cmd, "--restore-sibling");
        criu_arg(cmd, "--pidfile");
        criu_arg(cmd, "%s", rp->pidfile);
        /* The processes go where this container's cgroup is, not where the checkpointed one's was. */
        for (int i = 0; cg && i < cgroup_hierarchies(cg); i++) {
                const char *name, *path;

                cgroup_hierarchy(cg, i, &name, &path);
                if (!path || !cgroup_joined(cg, i))
                        continue;
                criu_arg(cmd, "--cgroup-root");
                if (!name || !*name)
                        criu_arg(cmd, "%s", path);
                else
                        criu_arg(cmd, "%s:%s", strncmp(name, "name=", 5) ? name : name, path);
        }
        if (o->lsm_profile && *o->lsm_profile) {
                criu_arg(cmd, "--lsm-profile");
                criu_arg(cmd, "%s", o->lsm_profile);
        }
        if (o->lsm_mount_context && *o->lsm_mount_context) {
                criu_arg(cmd, "--lsm-mount-context");
                criu_arg(cmd, "%s", o->lsm_mount_context);
        }
        return 0;
}

static int read_pidfile(const char *path, pid_t *pid, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        size_t len;
        long v;
        char *end;
        int r = read_file_at(AT_FDCWD, path, &text, &len, err);

        if (r < 0)
                return error_wrap(err, r, "criu's pid file");
        v = strtol(text, &end, 10);
        if (end == text || v <= 0 || v > INT32_MAX)
                return error_set(err, EINVAL, "criu's pid file \"%s\": no pid in it", path);
        *pid = (pid_t)v;
        return 0;
}

static int restore_paths(const struct global_opts *g, const char *id, struct restore_paths *rp,
                         struct error *err)
{
        const char *root = g->root ? g->root : BROWNIE_DEFAULT_ROOT;

        if ((size_t)snprintf(rp->dir, sizeof(rp->dir), "%s/%s", root, id) >= sizeof(rp->dir) ||
            (size_t)snprintf(rp->root, sizeof(rp->root), "%s/%s", rp->dir, CRIU_ROOT_DIR) >=
                sizeof(rp->root) ||
            (size_t)snprintf(rp->pidfile, sizeof(rp->pidfile), "%s/%s", rp->dir, CRIU_PIDFILE) >=
                sizeof(rp->pidfile))
                return error_set(err, ENAMETOOLONG, "state directory of \"%s\": path too long", id);
        return 0;
}

/* criu, run with the state directory and cgroup made; the restored init recorded. */
static int run_criu(struct create_ctx *x, const struct restore_opts *o, const struct criu_paths *p,
                    const struct restore_paths *rp, struct error *err)
{
        struct criu_stdio_restore rs = CRIU_STDIO_RESTORE_INIT;
        struct criu_cmd cmd;
        int ns_fds[2] = {-1, -1};
        struct process_stat st;
        bool bound = false;
        int r;

        if (mkdirat(x->c->dirfd, CRIU_ROOT_DIR, 0700) < 0)
                return error_errno(err, errno, "make \"%s\"", rp->root);
        r = criu_root_bind(x->rootfs, rp->root, err);
        if (r < 0)
                goto out_dir;
        bound = true;
        criu_cmd_init(&cmd, x->g->criu, "restore");
        criu_common_args(&cmd, &o->criu, p, CRIU_RESTORE_LOG);
        criu_output(&cmd, p->out);
        restore_args(&cmd, o, rp, x->cg);
        r = criu_describe(&cmd, x->spec, x->cg, 0, ns_fds, err);
        if (r >= 0)
                r = criu_stdio_restore(&cmd, p->image, o->console_socket != NULL, o->criu.shell_job, &rs,
                                       err);
        if (r >= 0 && o->console_socket && rs.pty_master < 0)
                r = error_set(err, EINVAL, "--console-socket: the checkpoint in \"%s\" has no terminal",
                              p->image);
        if (r >= 0)
                r = criu_run(&cmd, p->log, enter_cgroup, x->cg, err);
        /* the new terminal's master goes to --console-socket once the container is recorded */
        if (r >= 0)
                x->pty_master = TAKE_FD(rs.pty_master);
        criu_stdio_restore_close(&rs);
        criu_cmd_free(&cmd);
        criu_ns_fds_close(ns_fds);
        if (bound)
                criu_root_unbind(rp->root);
out_dir:
        unlinkat(x->c->dirfd, CRIU_ROOT_DIR, AT_REMOVEDIR);
        if (r < 0)
                return r;
        r = read_pidfile(rp->pidfile, &x->pid, err);
        unlinkat(x->c->dirfd, CRIU_PIDFILE, 0);
        if (r < 0)
                return r;
        if (process_stat_read(x->pid, &st) == 0)
                x->pidfd = pidfd_pin(NULL, x->pid, st.start_time);
        if (x->pidfd < 0)
                return error_set(err, ESRCH, "the restored process %d is gone (log: %s)", (int)x->pid,
                                 p->log);
        x->c->pid = x->pid;
        x->c->start_time = st.start_time;
        return 0;
}

int engine_restore(const struct global_opts *g, const struct restore_opts *o, int *status, struct error *err)
{
        const struct create_opts co = {.id = o->id, .bundle = o->bundle};
        struct create_ctx x = CREATE_CTX_INIT(g, &co);
        const struct hand_out to = {.console_socket = o->console_socket, .pid_file = o->pid_file};
        struct restore_paths rp;
        struct criu_paths p;
        int r;

        *status = 0;
        if (!container_id_valid(o->id))
                return error_set(err, EINVAL, "invalid container id format: %s", o->id ? o->id : "");
        r = criu_opts_check(&o->criu, err);
        if (r < 0)
                return r;
        r = restore_paths(g, o->id, &rp, err);
        if (r < 0)
                return r;
        r = create_load_bundle(&x, err);
        if (r < 0)
                goto out;
        r = criu_paths_resolve(&o->criu, CRIU_RESTORE_LOG, false, &p, err);
        if (r < 0)
                goto out;
        /* No exec fifo: the container is running once restored. */
        x.start_follows = true;
        r = create_make_state_dir(&x, err);
        if (r < 0)
                goto out;
        r = create_setup_cgroup(&x, err);
        if (r < 0)
                goto out;
        if (!o->no_subreaper && !o->detach)
                prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        r = run_criu(&x, o, &p, &rp, err);
        if (r < 0)
                goto out;
        r = create_record(&x, &to, err);
        if (r < 0)
                goto out;
        x.c->status = STATUS_RUNNING;
        if (!o->detach) {
                sigset_t fwd;

                forwarded_signals(&fwd);
                sigprocmask(SIG_BLOCK, &fwd, NULL);
                r = wait_process(x.pidfd, -1, status, err);
                if (r >= 0) {
                        container_refresh_status(x.c);
                        r = container_destroy(g, x.c, NULL, err);
                }
                goto done;
        }
out:
        if (r < 0)
                create_undo(&x);
done:
        cleanup_closep(&x.fifo_fd);
        cleanup_closep(&x.pidfd);
        cleanup_closep(&x.pty_master);
        cleanup_closep(&x.rootfd);
        container_free(x.c);
        cgroup_free(x.cg);
        spec_free(x.spec);
        free(x.config_text);
        return r;
}
