/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "create.h"
#include "lifecycle.h"
#include "util/cleanup.h"
#include "util/log.h"

/* Every signal a user can send is passed on to the container's init, as runc does. */
static void forwarded_signals(sigset_t *set)
{
        sigfillset(set);
        sigdelset(set, SIGCHLD);
        sigdelset(set, SIGKILL);
        sigdelset(set, SIGSTOP);
        sigdelset(set, SIGSEGV);
        sigdelset(set, SIGBUS);
        sigdelset(set, SIGILL);
        sigdelset(set, SIGFPE);
}

static int wait_forwarding(int pidfd, int *status, struct error *err)
{
        _cleanup_close_ int sfd = -1;
        sigset_t set;
        siginfo_t info;

        forwarded_signals(&set);
        sfd = signalfd(-1, &set, SFD_CLOEXEC);
        if (sfd < 0)
                return error_errno(err, errno, "signalfd");
        for (;;) {
                struct pollfd p[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
                if (poll(p, 2, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return error_errno(err, errno, "wait for the container");
                }
                if (p[1].revents & POLLIN) {
                        struct signalfd_siginfo si;
                        if (read(sfd, &si, sizeof(si)) == sizeof(si))
                                syscall(SYS_pidfd_send_signal, pidfd, (int)si.ssi_signo, NULL, 0);
                }
                if (p[0].revents & POLLIN)
                        break;
        }
        memset(&info, 0, sizeof(info));
        if (waitid(P_PIDFD, pidfd, &info, WEXITED) < 0)
                return error_errno(err, errno, "wait for the container");
        *status = info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
        return 0;
}

int engine_run(const struct global_opts *g, const struct create_opts *o, int *status, struct error *err)
{
        struct created cr = {.pidfd = -1};
        sigset_t set, old;
        int r;

        *status = 0;
        /* Blocked from here so none is lost; the init resets its own mask. */
        forwarded_signals(&set);
        sigprocmask(SIG_BLOCK, &set, &old);
        r = create_container(g, o, &cr, err);
        if (r < 0)
                goto out;
        r = container_start(cr.c, cr.spec, err);
        if (r < 0) {
                struct error e = ERROR_INIT;
                container_signal(cr.c, SIGKILL, true, &e);
                container_signal(cr.c, SIGKILL, false, &e);
                container_wait_stopped(cr.c, 10000);
                container_destroy(g, cr.c, &e);
                goto out;
        }
        if (o->detach)
                goto out;
        /* Others may query or signal the container while it runs. */
        flock(cr.c->dirfd, LOCK_UN);
        r = wait_forwarding(cr.pidfd, status, err);
        if (r < 0 || o->keep)
                goto out;
        if (flock(cr.c->dirfd, LOCK_EX) == 0) {
                container_refresh_status(cr.c);
                r = container_destroy(g, cr.c, err);
        }
out:
        sigprocmask(SIG_SETMASK, &old, NULL);
        created_release(&cr);
        return r;
}
