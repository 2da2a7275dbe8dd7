/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/clone.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#include "linux/pidfd_pin.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

pid_t clone3_fork(uint64_t flags, int cgroup_fd, int *pidfd, struct error *err)
{
        struct clone_args args;
        int fd = -1;
        long r;

        memset(&args, 0, sizeof(args));
        args.flags = flags | CLONE_PIDFD;
        args.pidfd = (uint64_t)(uintptr_t)&fd;
        args.exit_signal = SIGCHLD;
        if (cgroup_fd >= 0) {
                args.flags |= CLONE_INTO_CGROUP;
                args.cgroup = (uint64_t)cgroup_fd;
        }
        r = syscall(SYS_clone3, &args, sizeof(args));
        if (r < 0 && errno == ENOSYS && flags == 0 && cgroup_fd < 0) {
                /* A seccomp profile may answer clone3 with ENOSYS (Docker's does): a plain fork will do. */
                r = fork();
                if (r > 0) {
                        fd = pidfd_of_child((pid_t)r);
                        if (fd < 0) {
                                kill((pid_t)r, SIGKILL);
                                waitpid((pid_t)r, NULL, 0);
                                return error_errno(err, -fd, "pidfd_open");
                        }
                }
        }
        if (r < 0 && cgroup_fd >= 0) /* EACCES: the cgroup (or the way to it from ours) is not ours */
                return error_errno(err, errno, "clone3 into the container's cgroup");
        if (r < 0)
                return error_errno(err, errno, "clone3");
        if (r == 0)
                return 0;
        /* The kernel sets close-on-exec on the pidfd that CLONE_PIDFD returns. */
        *pidfd = fd;
        return (pid_t)r;
}
