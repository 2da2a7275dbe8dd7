/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/pidfd_pin.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/process_stat.h"

static int open_pidfd(pid_t pid)
{
        return (int)syscall(SYS_pidfd_open, pid, 0);
}

int pidfd_of_child(pid_t pid)
{
        int fd = open_pidfd(pid);

        return fd < 0 ? -errno : fd;
}

int pidfd_pin(const struct pidfd_pin_calls *k, pid_t pid, uint64_t start_time)
{
        static const struct pidfd_pin_calls kernel = {open_pidfd, process_alive};
        int fd;

        if (!k)
                k = &kernel;
        if (pid <= 0)
                return -ESRCH;
        fd = k->open(pid);
        if (fd < 0)
                return -errno;
        /* The pidfd holds the process: a start time read now cannot be a recycled pid's. */
        if (!k->alive(pid, start_time)) {
                close(fd);
                return -ESRCH;
        }
        return fd;
}

int pidfd_signal(int pidfd, int sig)
{
        return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno : 0;
}

void pidfd_kill_reap(int pidfd)
{
        siginfo_t info;

        if (pidfd < 0)
                return;
        pidfd_signal(pidfd, SIGKILL);
        while (waitid(P_PIDFD, pidfd, &info, WEXITED) < 0 && errno == EINTR)
                ;
}
