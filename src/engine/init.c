/* SPDX-License-Identifier: Apache-2.0 */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container.h"
#include "hooks.h"
#include "process.h"
#include "linux/mem_trim.h"
#include "linux/fds.h"
#include "linux/keyring.h"
#include "linux/namespaces.h"
#include "linux/oom_score.h"
#include "linux/undumpable.h"
#include "linux/process_attrs.h"
#include "linux/selfexe.h"
#include "linux/mount/rootfs.h"
#include "linux/sysctl_write.h"
#include "linux/terminal.h"
#include "linux/uts.h"
#include "sync.h"
#include "util/cleanup.h"
#include "util/fdpass.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct init_state {
        const struct init_args *a;
        pid_t host_pid;
        char exe[PATH_MAX];
        char **env;      /* process.env, with HOME added when it has none */
        int proc_fd_dir; /* /proc/<pid>/fd of the host's procfs, to reopen the fifo after pivot */
        int started_fd;  /* the fifo's write end, or run's socket: its close tells that the program runs */
        struct stdio_seen stdio; /* fds 0-2 as the reopen of /dev/null left them (not valid once a pty is) */
};

static int run_container_hooks(struct init_state *st, enum spec_hook_kind kind, enum container_status status,
                               struct error *err)
{
        const struct spec *s = st->a->spec;
        _cleanup_free_ char *json = NULL;

        if (s->hooks.n[kind] == 0)
                return 0;
        json = container_hook_state(st->a->id, st->host_pid, st->a->bundle, s->annotations, s->n_annotations,
                                    status);
        return hooks_run(s, kind, json, false, err);
}

static int become_ns_root(struct error *err)
{
        /* In a new user namespace we start as the overflow id until we take the mapped root. */
        if (setresgid(0, 0, 0) < 0)
                return error_errno(err, errno, "setresgid(0) in the user namespace (is gid 0 mapped?)");
        if (setresuid(0, 0, 0) < 0)
                return error_errno(err, errno, "setresuid(0) in the user namespace (is uid 0 mapped?)");
        return 0;
}

static int mount_console(const char *slave_path, struct error *err)
{
        int fd = open("/dev/console", O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

        if (fd < 0 && errno != ENXIO && errno != EACCES)
                return error_errno(err, errno, "create \"/dev/console\"");
        if (fd >= 0)
                close(fd);
        if (mount(slave_path, "/dev/console", NULL, MS_BIND, NULL) < 0)
                return error_errno(err, errno, "bind \"%s\" on \"/dev/console\"", slave_path);
        return 0;
}

/* process.terminal: a pty of the container's devpts; the master goes to the runtime, the slave is our stdio.
 */
static int setup_terminal(struct init_state *st, struct error *err)
{
        const struct spec_process *p = st->a->spec->process;
        _cleanup_close_ int master = -1, slave = -1;
        char path[64];
        int r;

        master = pty_open(&slave, path, sizeof(path), err);
        if (master < 0)
                return master;
        if (st->a->pty_as_written && (r = pty_output_as_written(master, err)) < 0)
                return r;
        if (p->console_size) {
                r = pty_set_size(master, p->console_size->height, p->console_size->width, err);
                if (r < 0)
                        return r;
        }
        if (spec_has_ns(st->a->spec, NS_MOUNT)) {
                r = mount_console(path, err);
                if (r < 0)
                        return r;
        }
        r = sync_send(st->a->sync_fd, SYNC_PTY, 0, path);
        if (r < 0)
                return error_errno(err, r, "sync with the runtime");
        r = fd_send(st->a->sync_fd, master, path, err);
        if (r < 0)
                return r;
        return pty_make_controlling(slave, err);
}

/* An id-mapped mount's tree, made by the runtime (linux/mount_idmap.h): asked for by the mount's index. */
static int request_idmap_tree(void *ctx, size_t index, struct error *err)
{
        const struct init_args *a = ctx;
        struct sync_msg m;
        int r;

        r = sync_send(a->sync_fd, SYNC_IDMAP, (int32_t)index, NULL);
        if (r < 0)
                return error_errno(err, r, "sync with the runtime");
        r = sync_expect(a->sync_fd, SYNC_IDMAP_DONE, &m, err);
        if (r < 0)
                return r;
        if (m.value != (int32_t)index)
                return error_set(err, EPROTO, "sync: the runtime answered for mounts[%d], not [%zu]", m.value,
                                 index);
        return fd_recv(a->sync_fd, NULL, 0, err);
}

static int init_setup(struct init_state *st, struct error *err)
{
        const struct init_args *a = st->a;
        const struct spec *s = a->spec;
        struct rootfs_config rc = {.spec = s,
                                   .rootfs = a->rootfs,
                                   .no_pivot = a->no_pivot,
                                   .in_userns = spec_has_ns(s, NS_USER),
                                   .cgroup = a->cgroup,
                                   .bundle = a->bundle,
                                   .idmap_tree = request_idmap_tree,
                                   .idmap_ctx = (void *)a};
        bool has_mntns = spec_has_ns(s, NS_MOUNT);
        struct sync_msg m;
        int r;

        r = sync_expect(a->sync_fd, SYNC_GO, &m, err);
        if (r < 0)
                return r;
        st->host_pid = m.value;

        if (!a->ns_ready) {
                if (a->clone_flags & CLONE_NEWUSER) {
                        r = become_ns_root(err);
                        if (r < 0)
                                return r;
                }
                r = ns_join_all(s, CLONE_NEWPID, err);
                if (r < 0)
                        return r;
        }
        if (a->unshare_flags && unshare((int)a->unshare_flags) < 0)
                return error_errno(err, errno, "create namespaces (unshare %#llx)",
                                   (unsigned long long)a->unshare_flags);
        if ((a->unshare_flags & CLONE_NEWTIME) && s->linux) {
                r = time_offsets_apply(&s->linux->time_monotonic, &s->linux->time_boottime, err);
                if (r < 0)
                        return r;
        }

        /* Kept open across pivot_root: the fifo is reopened through it once setup is done. */
        if (a->fifo_fd >= 0) {
                st->proc_fd_dir = open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC);
                if (st->proc_fd_dir < 0)
                        return error_errno(err, errno, "open \"/proc/self/fd\"");
        }

        if (!a->no_new_keyring) {
                r = keyring_join_new(a->id, err);
                if (r < 0)
                        return r;
        }
        if (s->process && s->process->has_oom_score_adj) {
                r = oom_score_adj_set(s->process->oom_score_adj, err);
                if (r < 0)
                        return r;
        }
        if (spec_has_ns(s, NS_UTS)) {
                r = uts_apply(s, err);
                if (r < 0)
                        return r;
        }
        if (has_mntns) {
                r = rootfs_prepare(&rc, err);
                if (r < 0)
                        return r;
        }
        if (s->hooks.n[HOOK_PRESTART] || s->hooks.n[HOOK_CREATE_RUNTIME]) {
                r = sync_send(a->sync_fd, SYNC_HOOKS, 0, NULL);
                if (r < 0)
                        return error_errno(err, r, "sync with the runtime");
                r = sync_expect(a->sync_fd, SYNC_HOOKS_DONE, &m, err);
                if (r < 0)
                        return r;
        }
        /* createContainer hooks run in the rootfs, as runc runs them: "./lib" in a hook is the image's. */
        if (s->hooks.n[HOOK_CREATE_CONTAINER] && chdir(a->rootfs) < 0)
                return error_errno(err, errno, "chdir to rootfs \"%s\" for the createContainer hooks",
                                   a->rootfs);
        r = run_container_hooks(st, HOOK_CREATE_CONTAINER, STATUS_CREATED, err);
        if (r < 0)
                return r;
        if (has_mntns) {
                r = rootfs_pivot(&rc, err);
                if (r < 0)
                        return r;
                r = fds_reopen_dev_null(&st->stdio, err);
                if (r < 0)
                        return r;
        } else {
                /* In the runtime's mount namespace nothing is mounted (it would be the host's): the
                 * process is only confined to its rootfs. */
                if (chroot(a->rootfs) < 0 || chdir("/") < 0)
                        return error_errno(err, errno, "chroot to rootfs \"%s\"", a->rootfs);
        }
        if (s->linux) {
                r = sysctl_apply(s->linux->sysctl, s->linux->n_sysctl, err);
                if (r < 0)
                        return r;
        }
        if (s->process && s->process->terminal) {
                st->stdio.valid = false; /* the pty's slave becomes stdio */
                r = setup_terminal(st, err);
                if (r < 0)
                        return r;
        }
        if (has_mntns) {
                r = rootfs_finalize(&rc, err);
                if (r < 0)
                        return r;
        }
        /* Nothing of the runtime's may reach the user program: only stdio and the preserved fds stay.
         * Done before the seccomp filter may be loaded, so no profile can get in the way. */
        r = fds_cloexec_from(3 + a->preserve_fds, err);
        if (r < 0)
                return r;
        if (s->process) {
                r = process_setup(s, s->process, a->sync_fd, &st->stdio, st->exe, sizeof(st->exe), &st->env,
                                  err);
                if (r < 0)
                        return r;
                /* A listener must reach the runtime while it still listens: not after start. */
                if (seccomp_late(s->process) && seccomp_notifies(s)) {
                        r = load_seccomp(s, a->sync_fd, err);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* Blocks until `start` opens the fifo, and tells it so with a byte. The fd stays open, close-on-exec:
 * `start` returns once it closes, when the user's program has been exec'd (or the init died), so a
 * signal sent after start meets the program and not the runtime's code. `run` (no fifo): the same with
 * SYNC_START on the socket, which stays open, close-on-exec, as the fifo does. */
static int wait_for_start(struct init_state *st, struct error *err)
{
        struct sync_msg m;
        char name[16];
        int fd;

        if (st->a->fifo_fd < 0) {
                int r = sync_recv(st->a->sync_fd, &m);
                if (r < 0 || m.type != SYNC_START)
                        return error_set(err, r < 0 ? -r : EPROTO, "the runtime went before it started us");
                st->started_fd = st->a->sync_fd;
                return 0;
        }
        snprintf(name, sizeof(name), "%d", st->a->fifo_fd);
        /* Just before the wait, so that the waiting maps only the little it takes to wait. */
        if (st->a->lean_wait)
                mem_drop_clean_pages();
        fd = openat(st->proc_fd_dir, name, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return error_errno(err, errno, "open exec fifo");
        if (write(fd, "0", 1) != 1) {
                close(fd);
                return error_errno(err, errno, "write exec fifo");
        }
        st->started_fd = fd;
        return 0;
}

/* The program's environment, with LISTEN_FDS and LISTEN_PID (its own pid) when fds are passed on. */
static char **with_listen_env(const struct init_args *a, char **env)
{
        size_t n = 0, k = 0;
        char **out;

        while (env && env[n])
                n++;
        if (a->listen_fds <= 0 || !(out = calloc(n + 3, sizeof(*out))))
                return (char **)env;
        for (size_t i = 0; i < n; i++)
                if (strncmp(env[i], "LISTEN_FDS=", 11) && strncmp(env[i], "LISTEN_PID=", 11))
                        out[k++] = env[i];
        if (asprintf(&out[k], "LISTEN_FDS=%d", a->listen_fds) < 0 ||
            asprintf(&out[k + 1], "LISTEN_PID=%d", getpid()) < 0)
                return (char **)env;
        return out;
}

void container_init(const struct init_args *a)
{
        struct init_state st = {.a = a, .proc_fd_dir = -1, .started_fd = -1};
        struct error err = ERROR_INIT;
        int r;

        reset_signals();
        selfexe_exec_through(a->stub_fd);
        if (a->spec->process && a->spec->process->exec_cpu_affinity &&
            cpu_affinity_apply(a->spec->process->exec_cpu_affinity->initial,
                               "process.execCPUAffinity.initial", &err) < 0) {
                sync_send_error(a->sync_fd, &err);
                _exit(1);
        }
        /* Dies with the runtime during setup (a forked init's parent is the staging child, which exits). */
        if (!a->ns_ready)
                prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        r = init_setup(&st, &err);
        if (r < 0) {
                sync_send_error(a->sync_fd, &err);
                _exit(1);
        }
        /* The runtime exits once we are ready (create returns): we must not die with it. */
        prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
        /* Every write to our own /proc entries is done: from here on, while we wait for start, a process
         * exec'd into the container must not reach our fds or memory. The program's execve undoes it. */
        if (a->undumpable && undumpable_set(true) < 0)
                _exit(1);
        if (sync_send(a->sync_fd, SYNC_READY, 0, NULL) < 0)
                _exit(1);
        if (a->fifo_fd >= 0)
                close(a->sync_fd);

        r = wait_for_start(&st, &err);
        /* The filter before the startContainer hooks, as runc loads it: they run under it, as the
         * program will. */
        if (r >= 0 && seccomp_late(a->spec->process) && !seccomp_notifies(a->spec))
                r = load_seccomp(a->spec, -1, &err);
        if (r >= 0)
                r = run_container_hooks(&st, HOOK_START_CONTAINER, STATUS_CREATED, &err);
        if (r >= 0 && !a->spec->process)
                _exit(0); /* nothing to run: start reported the error; the container simply ends */
        if (r >= 0 && a->spec->process && a->spec->process->exec_cpu_affinity)
                r = cpu_affinity_apply(a->spec->process->exec_cpu_affinity->final,
                                       "process.execCPUAffinity.final", &err);
        if (r >= 0) {
                if (st.proc_fd_dir >= 0)
                        close(st.proc_fd_dir);
                r = selfexe_execve(st.exe, a->spec->process->args, with_listen_env(a, st.env), st.started_fd);
                r = error_errno(&err, -r, "exec \"%s\"", st.exe);
        }
        dprintf(STDERR_FILENO, "brownie: container %s: %s\n", a->id, err.msg);
        _exit(r == -ENOENT ? 127 : r == -EACCES ? 126 : 1);
}

static int stage(const struct init_args *a, uint64_t stage_flags, struct error *err)
{
        struct sync_msg m;
        int r;

        r = sync_expect(a->sync_fd, SYNC_GO, &m, err);
        if (r < 0)
                return r;
        /* Joined namespaces first, the user namespace before the others, with the runtime's privileges. */
        r = ns_join_all(a->spec, CLONE_NEWPID, err);
        if (r < 0)
                return r;
        if (stage_flags & CLONE_NEWUSER) {
                if (unshare(CLONE_NEWUSER) < 0)
                        return error_errno(err, errno, "create user namespace");
                r = sync_send(a->sync_fd, SYNC_USERNS, 0, NULL);
                if (r < 0)
                        return error_errno(err, r, "sync with the runtime");
                r = sync_expect(a->sync_fd, SYNC_USERNS_DONE, &m, err);
                if (r < 0)
                        return r;
        }
        /* Staging happens only with a user namespace, new or joined: take its root. */
        r = become_ns_root(err);
        if (r < 0)
                return r;
        stage_flags &= ~(uint64_t)CLONE_NEWUSER;
        if (stage_flags && unshare((int)stage_flags) < 0)
                return error_errno(err, errno, "create namespaces (unshare %#llx)",
                                   (unsigned long long)stage_flags);
        return 0;
}

void container_stage(const struct init_args *a, uint64_t stage_flags, bool fork_init)
{
        struct init_args init = *a;
        struct error err = ERROR_INIT;
        pid_t pid = 0;

        reset_signals();
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (stage(a, stage_flags, &err) < 0) {
                sync_send_error(a->sync_fd, &err);
                _exit(1);
        }
        init.ns_ready = true;
        if (fork_init) {
                pid = fork();
                if (pid < 0) {
                        error_errno(&err, errno, "fork the container init");
                        sync_send_error(a->sync_fd, &err);
                        _exit(1);
                }
                if (pid == 0)
                        container_init(&init);
        }
        /* The runtime learns the init's pid (0: this process is the init) and, when forked, reaps us. */
        if (sync_send(a->sync_fd, SYNC_PID, pid, NULL) < 0)
                _exit(1);
        if (pid > 0)
                _exit(0);
        container_init(&init);
}
