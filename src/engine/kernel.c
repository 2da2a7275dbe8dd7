/* SPDX-License-Identifier: Apache-2.0 */
#include "kernel.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/proc_tree.h"
#include "linux/process_stat.h"

static int linux_pidfd_open(pid_t pid)
{
        return (int)syscall(SYS_pidfd_open, pid, 0);
}

static int linux_pidfd_send_signal(int pidfd, int sig)
{
        return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

const struct kernel_ops kernel_linux = {
    .pidfd_open = linux_pidfd_open,
    .pidfd_send_signal = linux_pidfd_send_signal,
    .kill = kill,
    .process_alive = process_alive,
    .process_tree = proc_container,
};
