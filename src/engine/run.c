/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "create.h"
#include "lifecycle.h"

int engine_run(const struct global_opts *g, const struct create_opts *o, int *status, struct error *err)
{
        struct created cr = CREATED_INIT;
        sigset_t set, old;
        int r;

        *status = 0;
        /* Blocked from here so none is lost; the init resets its own mask. */
        forwarded_signals(&set);
        sigprocmask(SIG_BLOCK, &set, &old);
        r = create_container(g, o, !o->detach, true, &cr, err);
        if (r < 0)
                goto out;
        /* The person's window size before the program runs: its first look at the terminal must be right. */
        if (!o->detach)
                terminal_size_to(cr.pty_master);
        /* the init's pidfd from its clone, and the socket it waits on (no exec fifo) */
        r = container_start(cr.c, cr.spec, cr.pidfd, cr.sync_fd, err);
        if (r < 0) {
                struct error e = ERROR_INIT;
                container_signal(cr.c, SIGKILL, true, &e);
                container_signal(cr.c, SIGKILL, false, &e);
                container_wait_stopped(cr.c, 10000);
                container_destroy(g, cr.c, cr.spec, &e);
                goto out;
        }
        if (o->detach)
                goto out;
        /* Others may query or signal the container while it runs. */
        flock(cr.c->dirfd, LOCK_UN);
        r = wait_process(cr.pidfd, cr.pty_master, status, err);
        if (r < 0 || o->keep)
                goto out;
        if (flock(cr.c->dirfd, LOCK_EX) == 0) {
                struct stat st;
                /* Someone may have deleted it meanwhile. */
                if (fstat(cr.c->dirfd, &st) == 0 && st.st_nlink > 0)
                        r = container_destroy(g, cr.c, cr.spec, err);
        }
out:
        sigprocmask(SIG_SETMASK, &old, NULL);
        created_release(&cr);
        return r;
}
