/* SPDX-License-Identifier: Apache-2.0 */
#include "hand_out.h"

#include <stdio.h>

#include "util/cleanup.h"
#include "util/fdpass.h"
#include "util/fs.h"

int hand_out(const struct hand_out *to, int *pty_master, int pidfd, pid_t pid, struct error *err)
{
        int r;

        if (to->console_socket && *pty_master >= 0) {
                r = unix_send_fd(to->console_socket, *pty_master, "/dev/ptmx", err);
                if (r < 0)
                        return error_wrap(err, r, "--console-socket \"%s\"", to->console_socket);
                cleanup_closep(pty_master);
        }
        if (to->pidfd_socket) {
                r = unix_send_fd(to->pidfd_socket, pidfd, "pidfd", err);
                if (r < 0)
                        return error_wrap(err, r, "--pidfd-socket \"%s\"", to->pidfd_socket);
        }
        if (to->pid_file) {
                char buf[32];
                int n = snprintf(buf, sizeof(buf), "%d", (int)pid);

                r = write_file_atomic_path(to->pid_file, buf, n, err);
                if (r < 0)
                        return r;
        }
        return 0;
}
