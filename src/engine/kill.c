/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "lifecycle.h"
#include "linux/cgroup/cgroup.h"
#include "linux/pidfd_pin.h"
#include "util/cleanup.h"
#include "util/log.h"

int container_pin(const struct container *c)
{
        const struct kernel_ops *k = container_kernel(c);
        const struct pidfd_pin_calls calls = {k->pidfd_open, k->process_alive};

        return pidfd_pin(&calls, c->pid, c->start_time);
}

static int signal_init(struct container *c, int sig, struct error *err)
{
        const struct kernel_ops *k = container_kernel(c);
        _cleanup_close_ int pidfd = container_pin(c);

        if (pidfd == -ESRCH)
                return error_set(err, ESRCH, "container \"%s\": no such process", c->id);
        if (pidfd < 0)
                return error_errno(err, -pidfd, "container \"%s\": pidfd_open(%d)", c->id, (int)c->pid);
        if (k->pidfd_send_signal(pidfd, sig) < 0) {
                if (errno == ESRCH)
                        return error_set(err, ESRCH, "container \"%s\": no such process", c->id);
                return error_errno(err, errno, "container \"%s\": signal %d", c->id, sig);
        }
        return 0;
}

/* A container without a cgroup (rootless, none delegated): its init and every descendant. */
static int signal_tree(struct container *c, int sig, struct error *err)
{
        const struct kernel_ops *k = container_kernel(c);
        _cleanup_free_ pid_t *pids = NULL;
        size_t n = 0;
        int r;

        if (!k->process_alive(c->pid, c->start_time))
                return signal_init(c, sig, err);
        r = k->process_tree(c->pid, &pids, &n, err);
        if (r < 0)
                return r;
        for (size_t i = 1; i < n; i++)
                if (k->kill(pids[i], sig) < 0 && errno != ESRCH)
                        log_warn("container \"%s\": signal %d to pid %d: %m", c->id, sig, (int)pids[i]);
        return signal_init(c, sig, err);
}

static int signal_cgroup(struct container *c, int sig, struct error *err)
{
        struct cgroup *cg = NULL;
        _cleanup_free_ pid_t *pids = NULL;
        size_t n = 0;
        int r;

        if (!c->cgroup_path)
                return signal_tree(c, sig, err);
        r = container_cgroup(c, &cg, err);
        if (r < 0)
                return r;
        if (sig == SIGKILL) {
                r = cgroup_kill(cg, err);
                if (r != -ENOTSUP) {
                        cgroup_free(cg);
                        return r;
                }
        }
        r = cgroup_pids(cg, &pids, &n, err);
        cgroup_free(cg);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                if (container_kernel(c)->kill(pids[i], sig) < 0 && errno != ESRCH)
                        log_warn("container \"%s\": signal %d to pid %d: %m", c->id, sig, (int)pids[i]);
        return 0;
}

int container_signal(struct container *c, int sig, bool all, struct error *err)
{
        return all ? signal_cgroup(c, sig, err) : signal_init(c, sig, err);
}

int container_wait_stopped(struct container *c, int timeout_ms)
{
        _cleanup_close_ int pidfd = container_pin(c);

        if (pidfd < 0)
                return 0;
        /* pidfd polls readable once the process has exited (zombie or reaped). */
        struct pollfd p = {.fd = pidfd, .events = POLLIN};
        if (poll(&p, 1, timeout_ms) <= 0)
                return -ETIMEDOUT;
        return 0;
}

int engine_kill(const struct global_opts *g, const char *id, int sig, bool all, struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        int r;

        r = container_open(g, id, true, &c, err);
        if (r < 0)
                return r;
        if (c->status == STATUS_STOPPED) {
                if (all)
                        return container_signal(c, sig, true, err);
                return error_set(err, ESRCH, "container not running");
        }
        return container_signal(c, sig, all, err);
}
