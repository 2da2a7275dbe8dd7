/* SPDX-License-Identifier: Apache-2.0 */
#include "kernel.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "linux/pidfd_pin.h"
#include "linux/proc_tree.h"
#include "linux/process_stat.h"

/* linux/pidfd_pin's calls, in the syscalls' convention (-1 and errno) the seam keeps. */
static int linux_pidfd_open(pid_t pid)
{
        int r = pidfd_of_child(pid);

        if (r < 0) {
                errno = -r;
                return -1;
        }
        return r;
}

static int linux_pidfd_send_signal(int pidfd, int sig)
{
        int r = pidfd_signal(pidfd, sig);

        if (r < 0) {
                errno = -r;
                return -1;
        }
        return 0;
}

const struct kernel_ops kernel_linux = {
    .pidfd_open = linux_pidfd_open,
    .pidfd_send_signal = linux_pidfd_send_signal,
    .kill = kill,
    .process_alive = process_alive,
    .process_tree = proc_container,
};
