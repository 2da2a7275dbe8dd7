/* SPDX-License-Identifier: Apache-2.0 */
/* Signal dispositions: which signals this process ignores (what survives an execve besides the mask). */
#pragma once

#include <signal.h>

/* The signals this process ignores (SIG_IGN), from the SigIgn line of /proc/self/status: one read
 * instead of a sigaction call per signal. Returns 0, or -errno when the line cannot be read. */
int sigdisp_ignored(sigset_t *out);
