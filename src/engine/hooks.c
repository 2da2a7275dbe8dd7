/* SPDX-License-Identifier: Apache-2.0 */
#include "hooks.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "linux/clone.h"
#include "linux/fds.h"
#include "linux/pidfd_pin.h"
#include "linux/selfexe.h"
#include "util/cleanup.h"
#include "util/log.h"
#include "util/signals.h"

static long long now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static __attribute__((noreturn)) void hook_child(const struct spec_hook *h, int in_fd, int out_fd)
{
        static char *const empty_env[] = {NULL};
        char *argv_default[] = {h->path, NULL};

        sigset_t none;

        if (dup2(in_fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
            dup2(out_fd, STDERR_FILENO) < 0)
                _exit(126);
        /* A hook gets its stdio and nothing else: no fd of the runtime's, none its caller left open. */
        if (fds_cloexec_from(3, NULL) < 0)
                _exit(126);

        /* `run` blocks the signals it forwards; a hook must not inherit that. */
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        /* In the container (createContainer, startContainer) through the exec stub, where the init has one.
         */
        selfexe_execve(h->path, h->n_args ? h->args : argv_default, h->env ? h->env : empty_env, -1);
        _exit(127);
}

/* Reads the hook's output (bounded) until it closes, the deadline passes, or it exits. */
static int wait_hook(int pidfd, int out_fd, long long deadline, char *out, size_t size)
{
        size_t used = 0;
        bool out_open = true;

        for (;;) {
                struct pollfd p[2] = {{.fd = pidfd, .events = POLLIN},
                                      {.fd = out_open ? out_fd : -1, .events = POLLIN}};
                long long left = deadline < 0 ? -1 : deadline - now_ms();
                int r;

                if (deadline >= 0 && left <= 0)
                        return -ETIMEDOUT;
                r = poll(p, 2, deadline < 0 ? -1 : (int)left);
                if (r < 0 && errno != EINTR)
                        return -errno;
                if (r <= 0)
                        continue;
                if (p[1].revents) {
                        char tmp[1024];
                        ssize_t n = read(out_fd, tmp, sizeof(tmp));
                        if (n <= 0) {
                                out_open = false;
                        } else if (used + 1 < size) {
                                size_t k = (size_t)n < size - used - 1 ? (size_t)n : size - used - 1;
                                memcpy(out + used, tmp, k);
                                used += k;
                        }
                        out[used] = '\0';
                }
                if (p[0].revents & POLLIN)
                        return 0;
        }
}

/*
 * A hook that exits without reading its stdin must not take the runtime down with SIGPIPE: the signal is
 * blocked for the write and, when the write hit a closed pipe, the pending one is taken off again.
 */
static void write_state(int fd, const char *hook, const char *json)
{
        struct timespec now = {0, 0};
        sigset_t pipe_set, old;

        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        sigprocmask(SIG_BLOCK, &pipe_set, &old);
        if (write(fd, json, strlen(json)) < 0) {
                if (errno == EPIPE)
                        sigtimedwait(&pipe_set, NULL, &now);
                else if (errno != EAGAIN)
                        log_debug("hook \"%s\": write state: %s", hook, errno_text(errno));
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
}

int hook_run(const struct spec_hook *h, const char *state_json, struct error *err)
{
        _cleanup_close_ int in_r = -1, in_w = -1, out_r = -1, out_w = -1, pidfd = -1;
        int fds[2], r;
        char output[2048] = "", why[64];
        const char *sig;
        long long deadline = h->has_timeout ? now_ms() + h->timeout * 1000LL : -1;
        siginfo_t info;
        pid_t pid;

        if (pipe2(fds, O_CLOEXEC) < 0)
                return error_errno(err, errno, "hook \"%s\": pipe", h->path);
        in_r = fds[0];
        in_w = fds[1];
        if (pipe2(fds, O_CLOEXEC) < 0)
                return error_errno(err, errno, "hook \"%s\": pipe", h->path);
        out_r = fds[0];
        out_w = fds[1];

        pid = clone3_fork(0, -1, &pidfd, err);
        if (pid < 0)
                return error_wrap(err, pid, "hook \"%s\"", h->path);
        if (pid == 0)
                hook_child(h, in_r, out_w);
        cleanup_closep(&in_r);
        cleanup_closep(&out_w);

        /* The state is small (well under a pipe buffer); a hook that never reads it must not block us. */
        fcntl(in_w, F_SETFL, O_NONBLOCK);
        write_state(in_w, h->path, state_json);
        cleanup_closep(&in_w);

        r = wait_hook(pidfd, out_r, deadline, output, sizeof(output));
        if (r == -ETIMEDOUT) {
                pidfd_kill_reap(pidfd);
                return error_set(err, ETIMEDOUT, "hook \"%s\" timed out after %d s", h->path, h->timeout);
        }
        memset(&info, 0, sizeof(info));
        if (waitid(P_PIDFD, pidfd, &info, WEXITED) < 0)
                return error_errno(err, errno, "hook \"%s\": wait", h->path);
        if (info.si_code == CLD_EXITED && info.si_status == 0)
                return 0;
        /* Drop a trailing newline so the message stays on one line. */
        for (size_t n = strlen(output); n > 0 && output[n - 1] == '\n'; n--)
                output[n - 1] = '\0';
        if (info.si_code == CLD_EXITED && info.si_status == 127 && !output[0])
                return error_set(err, ENOEXEC, "hook \"%s\": cannot execute", h->path);
        if (info.si_code == CLD_EXITED)
                return error_set(err, ECANCELED, "hook \"%s\" exited with status %d%s%s", h->path,
                                 info.si_status, output[0] ? ": " : "", output);
        /* The signal as Go names it in runc's message ("signal: bad system call"): strsignal's words,
         * lower case. */
        snprintf(why, sizeof(why), "%s", strsignal(info.si_status));
        why[0] = (char)tolower((unsigned char)why[0]);
        sig = signal_name(info.si_status);
        return error_set(err, ECANCELED, "hook \"%s\" killed by %s (signal: %s)%s%s", h->path,
                         sig ? sig : "a signal", why, output[0] ? ": " : "", output);
}

int hooks_run(const struct spec *s, enum spec_hook_kind kind, const char *state_json, bool keep_going,
              struct error *err)
{
        int first = 0;

        for (size_t i = 0; i < s->hooks.n[kind]; i++) {
                struct error e = ERROR_INIT;
                int r = hook_run(&s->hooks.list[kind][i], state_json, &e);

                if (r >= 0)
                        continue;
                /* "error running hook #N" as runc words it, then which hook */
                if (!keep_going) {
                        *err = e;
                        return error_wrap(err, r, "error running hook #%zu (%s hook)", i,
                                          spec_hook_name(kind));
                }
                log_warn("error running hook #%zu (%s hook): %s", i, spec_hook_name(kind), e.msg);
                if (!first) {
                        first = r;
                        *err = e;
                }
        }
        return first;
}
