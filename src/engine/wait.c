/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "lifecycle.h"
#include "linux/pidfd_pin.h"
#include "util/cleanup.h"

/* Every signal a user can send is passed on to the container's init, as runc does. */
void forwarded_signals(sigset_t *set)
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

struct relay {
        int master;    /* the container's pty master, or -1 */
        bool in_open;  /* our stdin still gives data */
        bool out_open; /* the pty still gives data (EIO once every slave is closed) */
        bool raw;
        struct termios saved;
};

static int write_all(int fd, const char *buf, size_t n)
{
        while (n > 0) {
                ssize_t w = write(fd, buf, n);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN) {
                                struct pollfd p = {.fd = fd, .events = POLLOUT};
                                poll(&p, 1, -1);
                                continue;
                        }
                        return -errno;
                }
                buf += w;
                n -= w;
        }
        return 0;
}

static void copy_winsize(int from, int to)
{
        struct winsize ws;

        if (ioctl(from, TIOCGWINSZ, &ws) == 0)
                ioctl(to, TIOCSWINSZ, &ws);
}

void terminal_size_to(int pty_master)
{
        if (pty_master >= 0 && isatty(STDIN_FILENO))
                copy_winsize(STDIN_FILENO, pty_master);
}

bool relay_output_as_written(const char *console_socket)
{
        return !console_socket && !isatty(STDOUT_FILENO);
}

/* Copies what is waiting on from to to; returns false once from is done (EOF, or EIO of a hung-up pty). */
static bool pump(int from, int to)
{
        char buf[8192];
        ssize_t n = read(from, buf, sizeof(buf));

        if (n < 0)
                return errno == EINTR || errno == EAGAIN;
        if (n == 0)
                return false;
        return write_all(to, buf, n) == 0;
}

static void relay_start(struct relay *r)
{
        if (r->master < 0)
                return;
        r->in_open = true;
        r->out_open = true;
        fcntl(r->master, F_SETFL, fcntl(r->master, F_GETFL) | O_NONBLOCK);
        if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &r->saved) == 0) {
                struct termios raw = r->saved;
                cfmakeraw(&raw);
                r->raw = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
                copy_winsize(STDIN_FILENO, r->master);
        }
}

static void relay_end(struct relay *r)
{
        if (r->master < 0)
                return;
        /* What the program wrote before it exited; the master is non-blocking, so this ends. */
        for (int i = 0; r->out_open && i < 1024 && pump(r->master, STDOUT_FILENO); i++) {
                struct pollfd p = {.fd = r->master, .events = POLLIN};
                if (poll(&p, 1, 0) <= 0)
                        break;
        }
        if (r->raw)
                tcsetattr(STDIN_FILENO, TCSANOW, &r->saved);
}

int wait_process(int pidfd, int pty_master, int *status, struct error *err)
{
        struct relay relay = {.master = pty_master}, *rl = &relay;
        _cleanup_close_ int sfd = -1;
        sigset_t set;
        siginfo_t info;

        forwarded_signals(&set);
        sfd = signalfd(-1, &set, SFD_CLOEXEC);
        if (sfd < 0)
                return error_errno(err, errno, "signalfd");
        relay_start(rl);
        for (;;) {
                struct pollfd p[4] = {
                    {.fd = pidfd, .events = POLLIN},
                    {.fd = sfd, .events = POLLIN},
                    {.fd = rl->out_open ? rl->master : -1, .events = POLLIN},
                    {.fd = rl->master >= 0 && rl->in_open ? STDIN_FILENO : -1, .events = POLLIN},
                };
                if (poll(p, 4, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        relay_end(rl);
                        return error_errno(err, errno, "wait for the container");
                }
                if (p[1].revents & POLLIN) {
                        struct signalfd_siginfo si;
                        if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
                                if (si.ssi_signo == SIGWINCH && rl->master >= 0)
                                        copy_winsize(STDIN_FILENO, rl->master);
                                else
                                        pidfd_signal(pidfd, (int)si.ssi_signo);
                        }
                }
                if (p[2].revents & (POLLIN | POLLHUP | POLLERR))
                        rl->out_open = pump(rl->master, STDOUT_FILENO); /* hung up: the exit follows */
                if (p[3].revents & (POLLIN | POLLHUP | POLLERR))
                        rl->in_open = pump(STDIN_FILENO, rl->master);
                if (p[0].revents & POLLIN)
                        break;
        }
        relay_end(rl);
        memset(&info, 0, sizeof(info));
        if (waitid(P_PIDFD, pidfd, &info, WEXITED) < 0)
                return error_errno(err, errno, "wait for the container");
        *status = info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
        return 0;
}
