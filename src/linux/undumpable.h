/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runtime's code inside a container out of the container's reach: a container's init waiting for
 * start, and an exec'd process until its execve, run the runtime's code with the runtime's fds (the
 * state directory, sockets, pidfds) and memory. Made non-dumpable, their /proc entries (fd, mem,
 * environ, exe, the namespaces) open only to a caller with CAP_SYS_PTRACE over the runtime's user
 * namespace, which a container's processes do not have (CVE-2016-9962). execve makes the user's program
 * dumpable again.
 *
 * Only a runtime that holds CAP_SYS_PTRACE itself does it: a rootless runtime could not reach its own
 * waiting init after that (exec before start), and a container of an unprivileged user has no more than
 * its user anyway.
 */
#pragma once

#include <stdbool.h>

/* Whether this process may hide the runtime's processes and still reach them (CAP_SYS_PTRACE effective). */
bool undumpable_allowed(void);

/* PR_SET_DUMPABLE 0 (or 1 with on); 0 or -errno. */
int undumpable_set(bool on);
