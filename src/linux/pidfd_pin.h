/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Processes held by a pidfd: opened once, then signalled and waited on through the fd, never by pid, so a
 * pid the kernel has given to another process in between is never hit. (Named pidfd_pin, not pidfd: no
 * file here may share a name with a kernel uapi header, and <linux/pidfd.h> is one.)
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* The two calls a pin makes: open as pidfd_open(2) (-1 and errno), alive as process_alive. A caller may
 * route them elsewhere (the engine's kernel seam, whose unit tests fake them). */
struct pidfd_pin_calls {
        int (*open)(pid_t pid);
        bool (*alive)(pid_t pid, uint64_t start_time);
};

/*
 * A process that is not our child (a container's init, found again by later commands): a pidfd of pid,
 * checked to be the process that started at start_time (/proc/PID/stat, field 22) and not a zombie. The
 * pidfd pins the process, so the check made after the open cannot be fooled by a pid reused before it.
 * k: the calls to make, NULL for the kernel's. The fd (close-on-exec), -ESRCH when that process is gone,
 * or another -errno of pidfd_open.
 */
int pidfd_pin(const struct pidfd_pin_calls *k, pid_t pid, uint64_t start_time);

/* A child of ours, or a descendant a subreaper has not reaped yet: its pid cannot be reused before it is
 * reaped, so no start time is needed. The fd or -errno. */
int pidfd_of_child(pid_t pid);

/* Sends sig through the pidfd: 0 or -errno (-ESRCH: the process has exited). */
int pidfd_signal(int pidfd, int sig);

/* SIGKILL to a child of ours through its pidfd, then reaps it. Nothing when pidfd < 0. */
void pidfd_kill_reap(int pidfd);
