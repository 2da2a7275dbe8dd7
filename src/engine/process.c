/* SPDX-License-Identifier: Apache-2.0 */
#include "process.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/caps.h"
#include "linux/exec.h"
#include "linux/identity.h"
#include "linux/process_attrs.h"
#include "linux/rlimits.h"
#include "linux/lsm.h"
#include "linux/seccomp_filter.h"
#include "linux/sigdisp.h"
#include "linux/stdio_owner.h"
#include "linux/workdir.h"
#include "sync.h"
#include "util/cleanup.h"
#include "util/fdpass.h"
#include "util/log.h"

/*
 * The signals the runtime's caller left ignored, read once before anything is spawned (the runtime
 * installs no handler of its own, so an ignored signal is the only disposition that would survive
 * into the container's execve). Process-wide and written once, before any fork: docs/ARCHITECTURE.md.
 */
static sigset_t inherited_ignored;
static bool inherited_known;

void note_inherited_signals(void)
{
        inherited_known = sigdisp_ignored(&inherited_ignored) == 0;
}

void reset_signals(void)
{
        sigset_t none;
        struct sigaction dfl = {.sa_handler = SIG_DFL};

        for (int s = 1; s < NSIG; s++)
                if (!inherited_known || sigismember(&inherited_ignored, s) == 1)
                        sigaction(s, &dfl, NULL); /* SIGKILL/SIGSTOP and the libc-internal ones fail: fine */
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * Loads linux.seccomp. Without no_new_privs loading needs CAP_SYS_ADMIN, so it
 * happens before the capabilities are dropped; with it, as late as possible,
 * right before execve, so that the runtime's own steps are never filtered.
 */
int load_seccomp(const struct spec *s, int sync_fd, struct error *err)
{
        _cleanup_close_ int fd = -1;
        int r;

        if (!s->linux || !s->linux->seccomp)
                return 0;
        r = seccomp_apply(s->linux->seccomp, err);
        if (r < 0)
                return error_wrap(err, r, "linux.seccomp");
        if (r == 0) /* no listener (0 is not an fd of ours here: it is the process's stdin) */
                return 0;
        fd = r;
        /* The listener: to the runtime, which hands it to linux.seccomp.listenerPath (runtime.md). */
        if (sync_fd < 0)
                return error_set(err, EINVAL, "linux.seccomp: the listener fd has no runtime to go to");
        r = sync_send(sync_fd, SYNC_SECCOMP, 0, NULL);
        if (r < 0)
                return error_errno(err, r, "linux.seccomp: sync with the runtime");
        r = fd_send(sync_fd, fd, "seccompFd", err);
        if (r < 0)
                return error_wrap(err, r, "linux.seccomp: send the listener fd");
        return 0;
}

bool seccomp_notifies(const struct spec *s)
{
        const struct spec_seccomp *sc = s->linux ? s->linux->seccomp : NULL;

        for (size_t i = 0; sc && i < sc->n_syscalls; i++)
                if (sc->syscalls[i].action == SECCOMP_ACTION_NOTIFY)
                        return true;
        return false;
}

bool seccomp_late(const struct spec_process *p)
{
        return p && p->no_new_privileges;
}

/* Scheduler, I/O priority, personality, memory policy: while the process still has the capabilities
 * a real-time policy or a higher I/O class needs. */
static int process_attrs(const struct spec *s, const struct spec_process *p, struct error *err)
{
        int r;

        if (p->scheduler && (r = scheduler_apply(p->scheduler, err)) < 0)
                return r;
        if (p->io_priority && (r = io_priority_apply(p->io_priority, err)) < 0)
                return r;
        if (s->linux && s->linux->personality && (r = personality_apply(s->linux->personality, err)) < 0)
                return r;
        if (s->linux && s->linux->memory_policy &&
            (r = memory_policy_apply(s->linux->memory_policy, err)) < 0)
                return r;
        return 0;
}

int process_setup(const struct spec *s, const struct spec_process *p, int sync_fd,
                  const struct stdio_seen *seen, char *exe, size_t size, char ***env, struct error *err)
{
        bool cwd_done;
        int r;

        /* Its own session and process group, as runc gives every process it starts: engines signal the
         * group (conmon's --timeout kills -pgid), and the caller's must not be it. A terminal made one. */
        if (setsid() < 0 && (errno != EPERM || getsid(0) != getpid())) /* EPERM: a leader already */
                return error_errno(err, errno, "setsid");
        r = rlimits_apply(p->rlimits, p->n_rlimits, err);
        if (r < 0)
                return r;
        r = exec_lookup(p->args[0], p->env, exe, size, err);
        if (r < 0)
                return r;
        *env = identity_env(&p->user, p->env, p->n_env);
        /* As root first; a cwd only the container user may enter is retried after the switch. Never a
         * plain chdir: the path must not lead through an fd still open here (CVE-2024-21626). */
        r = workdir_enter(p->cwd, err);
        cwd_done = r >= 0;
        if (r == -EACCES)
                error_clear(err);
        if (!cwd_done && r != -EACCES)
                return error_wrap(err, r, "process.cwd \"%s\"", p->cwd);
        r = process_attrs(s, p, err);
        if (r < 0)
                return r;
        r = lsm_apply(p, err);
        if (r < 0)
                return r;
        if (!seccomp_late(p)) {
                r = load_seccomp(s, sync_fd, err);
                if (r < 0)
                        return r;
        }
        if (p->capabilities) {
                r = caps_drop_bounding(p->capabilities->bounding, err);
                if (r < 0)
                        return r;
        }
        r = stdio_owner_set(p->user.uid, seen, err);
        if (r < 0)
                return r;
        r = identity_apply(&p->user, err);
        if (r < 0)
                return r;
        umask(p->user.has_umask ? p->user.umask : 022);
        if (!cwd_done && (r = workdir_enter(p->cwd, err)) < 0)
                return error_wrap(err, r, "process.cwd \"%s\"", p->cwd);
        if (p->capabilities) {
                const struct spec_capabilities *c = p->capabilities;
                r = caps_set(c->effective, c->permitted, c->inheritable, err);
                if (r < 0)
                        return r;
                /* The kernel raises an ambient capability only when it is permitted and inheritable;
                 * runc leaves the others out silently, and so do we (runc's default spec relies on it). */
                uint64_t ambient = c->ambient & c->permitted & c->inheritable;
                if (ambient != c->ambient)
                        log_debug(
                            "process.capabilities.ambient: %#llx not raised (not inheritable and permitted)",
                            (unsigned long long)(c->ambient & ~ambient));
                r = caps_set_ambient(ambient, err);
                if (r < 0)
                        return r;
        }
        if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return error_errno(err, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
        return 0;
}

/* Bind-mounts the pty over /dev/console, as runc does, so the container's console is its terminal. */
