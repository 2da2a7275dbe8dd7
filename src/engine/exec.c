/* SPDX-License-Identifier: Apache-2.0 */
/*
 * exec: a new process inside a running container. The runtime enters the
 * container's pid namespace around the clone (it only affects children), the
 * child joins every other namespace at once with setns() on a pidfd of the
 * init, and goes through the same process setup as the init. The sync socket
 * is close-on-exec: EOF on it means execve succeeded; an ERROR message carries
 * the reason when it did not.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "hand_out.h"
#include "lifecycle.h"
#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/cgroup_sub.h"
#include "linux/resctrl/resctrl.h"
#include "seccomp_listener.h"
#include "linux/clone.h"
#include "linux/fds.h"
#include "linux/lsm.h"
#include "linux/namespaces.h"
#include "linux/pidfd_pin.h"
#include "linux/terminal.h"
#include "linux/selfexe.h"
#include "linux/undumpable.h"
#include "process.h"
#include "seal.h"
#include "sync.h"
#include "util/cleanup.h"
#include "util/fdpass.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/sanitizer.h"

/* The process to run and what of it this file allocated (the rest belongs to the container's spec). */
struct exec_process {
        struct spec_process p;
        struct spec_process *from_file;
        char **env;
        struct spec_capabilities caps;
};

static void exec_process_free(struct exec_process *x)
{
        spec_process_free(x->from_file);
        free(x->env);
}

/* KEY=VALUE entries of add replace those of base with the same KEY, or are appended. */
static char **merge_env(char **base, size_t n_base, char **add, size_t *n_out)
{
        size_t n_add = 0, n = 0;
        char **out;

        while (add && add[n_add])
                n_add++;
        out = calloc(n_base + n_add + 1, sizeof(*out));
        if (!out)
                return NULL;
        for (size_t i = 0; i < n_base; i++)
                out[n++] = base[i];
        for (size_t i = 0; i < n_add; i++) {
                const char *eq = strchr(add[i], '=');
                size_t klen = eq ? (size_t)(eq - add[i]) : strlen(add[i]);
                size_t j;

                for (j = 0; j < n; j++)
                        if (!strncmp(out[j], add[i], klen) && out[j][klen] == '=')
                                break;
                out[j] = add[i];
                if (j == n)
                        n++;
        }
        *n_out = n;
        return out;
}

static int process_from_flags(const struct spec *s, const struct exec_opts *o, struct exec_process *x,
                              struct error *err)
{
        struct spec_process *p = &x->p;
        size_t n = 0;

        if (!s->process)
                return error_set(err, EINVAL,
                                 "container has no process to take defaults from; use --process");
        *p = *s->process;
        if (!o->args || !o->args[0])
                return error_set(err, EINVAL,
                                 "exec: no command given (args after the container id, or --process)");
        p->args = o->args;
        while (o->args[n])
                n++;
        p->n_args = n;
        p->terminal = o->tty;
        p->console_size = NULL;
        if (o->cwd)
                p->cwd = (char *)o->cwd;
        x->env = merge_env(s->process->env, s->process->n_env, o->env, &p->n_env);
        if (!x->env)
                return error_errno(err, ENOMEM, "exec environment");
        p->env = x->env;
        if (o->set_user) {
                p->user.uid = o->uid;
                p->user.gid = o->gid;
        }
        if (o->n_additional_gids) {
                p->user.additional_gids = (uint32_t *)o->additional_gids;
                p->user.n_additional_gids = o->n_additional_gids;
        }
        if (o->add_caps) {
                x->caps = p->capabilities ? *p->capabilities : (struct spec_capabilities){0};
                x->caps.bounding |= o->add_caps;
                x->caps.effective |= o->add_caps;
                x->caps.permitted |= o->add_caps;
                /* Ambient needs inheritable: only where the config already has inheritable ones (runc). */
                if (x->caps.has_inheritable)
                        x->caps.ambient |= o->add_caps;
                p->capabilities = &x->caps;
        }
        if (o->no_new_privs)
                p->no_new_privileges = true;
        if (o->apparmor)
                p->apparmor_profile = (char *)o->apparmor;
        if (o->process_label)
                p->selinux_label = (char *)o->process_label;
        return 0;
}

static int build_process(const struct spec *s, const struct exec_opts *o, struct exec_process *x,
                         struct error *err)
{
        _cleanup_free_ char *text = NULL;
        const char *base;
        size_t len;
        int r;

        if (!o->process_file)
                return process_from_flags(s, o, x, err);
        /* runc takes the process file whole; the per-field flags do not apply to it. */
        r = read_doc_at(AT_FDCWD, o->process_file, true, &text, &len, err);
        if (r < 0)
                return error_wrap(err, r, "--process");
        base = strrchr(o->process_file, '/');
        r = spec_process_parse(text, len, base ? base + 1 : o->process_file, &x->from_file, err);
        if (r < 0)
                return r;
        x->p = *x->from_file;
        return 0;
}

struct exec_child_args {
        const struct spec *spec;
        const struct spec_process *p;
        int sync_fd;
        int init_pidfd;
        uint64_t ns_flags;
        int preserve_fds;
        bool pty_as_written; /* -t: the pty passes "\n" as written (relay_output_as_written) */
        int stub_fd;         /* the exec stub the program is exec'd through (linux/selfexe.h); -1 */
};

static int exec_child_setup(const struct exec_child_args *a, char *exe, size_t size, char ***env,
                            struct error *err)
{
        struct sync_msg m;
        int r;

        r = sync_expect(a->sync_fd, SYNC_GO, &m, err);
        if (r < 0)
                return r;
        if (a->ns_flags && setns(a->init_pidfd, (int)a->ns_flags) < 0)
                return error_errno(err, errno, "join the container's namespaces");
        close(a->init_pidfd);
        if (a->p->terminal) {
                _cleanup_close_ int master = -1, slave = -1;
                char path[64];

                master = pty_open(&slave, path, sizeof(path), err);
                if (master < 0)
                        return master;
                if (a->pty_as_written && (r = pty_output_as_written(master, err)) < 0)
                        return r;
                if (a->p->console_size) {
                        r = pty_set_size(master, a->p->console_size->height, a->p->console_size->width, err);
                        if (r < 0)
                                return r;
                }
                r = sync_send(a->sync_fd, SYNC_PTY, 0, path);
                if (r < 0)
                        return error_errno(err, r, "sync with the runtime");
                r = fd_send(a->sync_fd, master, path, err);
                if (r < 0)
                        return r;
                r = pty_make_controlling(slave, err);
                if (r < 0)
                        return r;
        }
        r = fds_cloexec_from(3 + a->preserve_fds, err);
        if (r < 0)
                return r;
        r = process_setup(a->spec, a->p, a->sync_fd, NULL, exe, size, env, err);
        if (r < 0)
                return r;
        if (seccomp_late(a->p))
                return load_seccomp(a->spec, a->sync_fd, err);
        return 0;
}

static __attribute__((noreturn)) void exec_child(const struct exec_child_args *a)
{
        struct error err = ERROR_INIT;
        char exe[PATH_MAX];
        char **env = a->p->env;

        reset_signals();
        selfexe_exec_through(a->stub_fd);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (exec_child_setup(a, exe, sizeof(exe), &env, &err) >= 0) {
                prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
                /* the socket's EOF tells the runtime the program runs: at its exec, not the stub's */
                error_errno(&err, -selfexe_execve(exe, a->p->args, env, a->sync_fd), "exec \"%s\"", exe);
        }
        sync_send_error(a->sync_fd, &err);
        _exit(127);
}

/* Every namespace of the container but pid (entered by the runtime around the clone). */
static uint64_t join_flags(const struct spec *s)
{
        uint64_t flags = 0;

        for (int t = 0; t < NS__COUNT; t++)
                if (t != NS_PID && spec_has_ns(s, t))
                        flags |= ns_clone_flag(t);
        return flags;
}

struct exec_run {
        const struct exec_opts *o;
        struct container *c;
        struct spec *spec;
        struct exec_process x;
        int init_pidfd;
        int sock[2];
        struct cgroup *cg;
        int pidfd;
        pid_t pid;
        int pty_master;
        int stub_fd; /* the exec stub's memfd (engine/seal.h), -1: none */
        bool hide;   /* born non-dumpable (linux/undumpable.h): where the runtime may make it so */
};

static int spawn(struct exec_run *e, struct error *err)
{
        _cleanup_close_ int own_pidns = -1;
        _cleanup_close_ int sub_fd = -1, rdt_fd = -1;
        bool join_pid = spec_has_ns(e->spec, NS_PID), in_userns = false;
        int cgfd = -1, r;

        if (e->c->cgroup_path) {
                r = container_cgroup(e->c, &e->cg, err);
                if (r < 0)
                        return r;
                r = cgroup_subs_check(e->cg, &e->o->cgroups, err);
                if (r < 0)
                        return r;
                r = cgroup_sub_v2_open(e->cg, &e->o->cgroups, &sub_fd, err);
                if (r < 0)
                        return r;
                cgfd = sub_fd >= 0 ? sub_fd : cgroup_v2_fd(e->cg);
        } else if (e->o->cgroups.n) {
                return error_set(err, EINVAL, "--cgroup: the container has no cgroup");
        }
        if (e->c->rdt) {
                rdt_fd = resctrl_open(e->c->rdt->root, err);
                if (rdt_fd < 0)
                        return rdt_fd;
        }
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, e->sock) < 0)
                return error_errno(err, errno, "socketpair");
        if (join_pid) {
                own_pidns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
                if (own_pidns < 0)
                        return error_errno(err, errno, "open \"/proc/self/ns/pid\"");
                /* Rootless, a pid namespace is only entered from inside its user namespace (CAP_SYS_ADMIN
                 * in both); the runtime then stays there, and the process does not join it again. */
                if (setns(e->init_pidfd, CLONE_NEWPID) < 0) {
                        if (errno != EPERM || !spec_has_ns(e->spec, NS_USER))
                                return error_errno(err, errno, "join the container's pid namespace");
                        sanitizer_leak_check_now();
                        if (setns(e->init_pidfd, CLONE_NEWUSER | CLONE_NEWPID) < 0)
                                return error_errno(err, errno, "join the container's pid namespace");
                        in_userns = true;
                }
        }
        /* Born non-dumpable, so that the container's processes never reach its fds or memory while it is
         * the runtime's code in their pid namespace (linux/undumpable.h); its execve undoes it. */
        if (e->hide && (r = undumpable_set(true)) < 0)
                return error_errno(err, -r, "prctl(PR_SET_DUMPABLE)");
        e->pid = clone3_fork(0, cgfd, &e->pidfd, err);
        if (e->pid == 0) {
                struct exec_child_args a = {
                    .spec = e->spec,
                    .p = &e->x.p,
                    .sync_fd = e->sock[1],
                    .init_pidfd = e->init_pidfd,
                    .ns_flags = join_flags(e->spec) & ~(in_userns ? (uint64_t)CLONE_NEWUSER : 0),
                    .preserve_fds = e->o->preserve_fds,
                    .pty_as_written = relay_output_as_written(e->o->console_socket),
                    .stub_fd = e->stub_fd,
                };
                close(e->sock[0]);
                close(e->c->dirfd);
                if (e->c->rootfd >= 0) /* no directory of the host's goes into the container's namespaces */
                        close(e->c->rootfd);
                if (rdt_fd >= 0)
                        close(rdt_fd);
                exec_child(&a);
        }
        if (e->hide)
                undumpable_set(false);
        /* Root of a user namespace (rootless Podman) may enter the container's but not go back to the
         * host's: the runtime forks nothing more, so staying is harmless. */
        if (own_pidns >= 0 && !in_userns && setns(own_pidns, CLONE_NEWPID) < 0 && errno != EPERM)
                log_warn("leave the container's pid namespace: %s", errno_text(errno));
        if (e->pid < 0)
                return e->pid;
        cleanup_closep(&e->sock[1]);
        /* The container's resctrl group (and MON group), as the init's, before the process is released. */
        if (rdt_fd >= 0) {
                r = resctrl_enter(rdt_fd, e->c->rdt, e->pid, err);
                if (r < 0)
                        return r;
        }
        /* Into a frozen cgroup only once the program runs: setting up in it would freeze the setup. */
        if (e->cg && cgfd < 0 && e->c->status != STATUS_PAUSED) {
                r = cgroup_enter_sub(e->cg, e->pid, &e->o->cgroups, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int exec_seccomp(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct exec_run *e = ctx;
        _cleanup_free_ char *json = container_hook_state(
            e->c->id, e->c->pid, e->c->bundle, e->spec->annotations, e->spec->n_annotations, STATUS_RUNNING);

        return seccomp_listener_forward(e->spec, sock, e->pid, json, err);
}

static int exec_pty(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct exec_run *e = ctx;
        int r = sync_take_fd(sock, &e->pty_master, err);

        return r < 0 ? error_wrap(err, r, "terminal of the exec'd process") : 0;
}

/* Until EOF (execve done: the socket is close-on-exec) or ERROR; a terminal's master may come first. */
static const struct sync_handler exec_handlers[] = {
    {SYNC_SECCOMP, exec_seccomp, 0},
    {SYNC_PTY, exec_pty, 0},
};
static const struct sync_peer exec_peer = {
    .name = "the exec'd process",
    .eof_error = NULL,
    .handlers = exec_handlers,
    .n_handlers = ARRAY_SIZE(exec_handlers),
};

static int check_status(const struct exec_opts *o, const struct container *c, struct error *err)
{
        if (c->status == STATUS_STOPPED)
                return error_set(err, EINVAL, "cannot exec in a stopped container");
        if (c->status == STATUS_PAUSED && !o->ignore_paused)
                return error_set(err, EINVAL,
                                 "cannot exec in a paused container (use --ignore-paused to override)");
        if (o->tty && !o->detach && o->console_socket)
                return 0;
        if (o->tty && o->detach && !o->console_socket)
                return error_set(
                    err, EINVAL,
                    "cannot allocate a tty if brownie will detach without setting --console-socket");
        if (!o->tty && o->console_socket && !o->process_file)
                return error_set(err, EINVAL,
                                 "cannot use --console-socket if the process has no terminal (use -t)");
        return 0;
}

int engine_exec(const struct global_opts *g, const struct exec_opts *o, int *status, struct error *err)
{
        struct exec_run e = {
            .o = o, .init_pidfd = -1, .sock = {-1, -1}, .pidfd = -1, .pty_master = -1, .stub_fd = -1};
        sigset_t set, old;
        int r;

        *status = 0;
        forwarded_signals(&set);
        sigprocmask(SIG_BLOCK, &set, &old);
        r = container_open(g, o->id, true, &e.c, err);
        if (r < 0)
                goto out;
        r = check_status(o, e.c, err);
        if (r < 0)
                goto out;
        r = container_load_spec(e.c, &e.spec, err);
        if (r < 0)
                goto out;
        r = build_process(e.spec, o, &e.x, err);
        if (r < 0)
                goto out;
        r = lsm_check(&e.x.p, err);
        if (r < 0)
                goto out;
        /* Before anything is made: this may re-execute the runtime. */
        e.hide = undumpable_allowed();
        r = engine_seal_for_exec(e.spec, &e.x.p, e.hide, &e.stub_fd, err);
        if (r < 0)
                goto out;
        e.init_pidfd = container_pin(e.c);
        if (e.init_pidfd < 0) {
                r = error_set(err, ESRCH, "cannot exec in a stopped container");
                goto out;
        }
        r = spawn(&e, err);
        if (r < 0)
                goto out;
        flock(e.c->dirfd, LOCK_UN);
        r = sync_drive(e.sock[0], e.pid, &exec_peer, &e, err);
        if (r >= 0 && e.cg && e.c->status == STATUS_PAUSED)
                r = cgroup_enter_sub(e.cg, e.pid, &o->cgroups, err);
        if (r < 0)
                goto out;
        r = hand_out(&(const struct hand_out){.console_socket = o->console_socket,
                                              .pidfd_socket = o->pidfd_socket,
                                              .pid_file = o->pid_file},
                     &e.pty_master, e.pidfd, e.pid, err);
        if (r < 0 || o->detach)
                goto out;
        r = wait_process(e.pidfd, e.pty_master, status, err);
out:
        if (r < 0)
                pidfd_kill_reap(e.pidfd);
        sigprocmask(SIG_SETMASK, &old, NULL);
        cleanup_closep(&e.sock[0]);
        cleanup_closep(&e.sock[1]);
        cleanup_closep(&e.init_pidfd);
        cleanup_closep(&e.pidfd);
        cleanup_closep(&e.pty_master);
        cleanup_closep(&e.stub_fd);
        cgroup_free(e.cg);
        exec_process_free(&e.x);
        spec_free(e.spec);
        container_free(e.c);
        return r;
}
