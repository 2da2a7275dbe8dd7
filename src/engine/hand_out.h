/* SPDX-License-Identifier: Apache-2.0 */
/* What create and exec hand to their caller once the process is set up, as runc 1.2 does. */
#pragma once

#include <sys/types.h>

#include "util/error.h"

struct hand_out {
        const char *console_socket; /* --console-socket: gets the pty master */
        const char *pidfd_socket;   /* --pidfd-socket: gets a pidfd of the process */
        const char *pid_file;       /* --pid-file: gets its pid (written atomically) */
};

/* The pty master (when there is one) goes to the console socket and is closed here (*pty_master -1), the
 * pidfd to the pidfd socket, the pid to the pid file: each where the caller named one. */
int hand_out(const struct hand_out *to, int *pty_master, int pidfd, pid_t pid, struct error *err);
