/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The container's stdio as criu must know it, as runc describes it (its descriptors.json): a terminal and
 * the caller's pipes are outside the dumped processes. checkpoint names each of the init's fds 0-2 by its
 * criu key and writes them beside the images; restore gives criu an fd of its own for each key (a new pty
 * for the terminal, its own stdio for the pipes).
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "linux/criu_cmd.h"
#include "util/error.h"

#define CRIU_DESCRIPTORS "descriptors.json"
#define CRIU_STDIO_KEY   64

/* The init's fds 0-2 as criu names them: "tty[rdev:dev]" for a pty slave, else the fd's link
 * ("pipe:[ino]", "/dev/null", ...); "" where the fd is closed. */
struct criu_stdio {
        char key[3][CRIU_STDIO_KEY];
};

/* Reads /proc/<pid>/fd/0-2. */
int criu_stdio_read(pid_t pid, struct criu_stdio *s, struct error *err);

/* dump: a terminal is external to criu (--external tty[rdev:dev], once), and so is the container's
 * /dev/console bound from it (console_mount: a terminal in a mount namespace); the keys are written to
 * <image_dir>/descriptors.json. With shell_job criu inherits the terminal itself: no --external. */
int criu_stdio_dump(struct criu_cmd *cmd, const struct criu_stdio *s, bool shell_job, bool console_mount,
                    const char *image_dir, struct error *err);

struct criu_stdio_restore {
        int pty_master; /* a new pty for the terminal: the master, for --console-socket (-1: none) */
        int pty_slave;  /* ... and the slave criu restores the terminal's fds to */
        char pty_path[64];
        int dups[3]; /* our fds 0-2 that criu inherits, at numbers from 3 up (its own stdio go elsewhere) */
};

#define CRIU_STDIO_RESTORE_INIT                                                                              \
        {                                                                                                    \
                .pty_master = -1, .pty_slave = -1, .dups = { -1, -1, -1 }                                    \
        }

/*
 * restore: the keys of <image_dir>/descriptors.json (none when the file is absent: nothing to inherit).
 * A pipe is inherited from our own fd of the same number (--inherit-fd fd[M]:pipe:[ino], M a copy of our
 * fd N from 3 up, so that criu's own stdio can be elsewhere: criu_output), as runc does;
 * the terminal from a new pty's slave when console (--console-socket) is set, else from our own fd of the
 * same number when it is a terminal (with shell_job criu inherits it itself), and /dev/console is bound
 * from that terminal. Each key once.
 */
int criu_stdio_restore(struct criu_cmd *cmd, const char *image_dir, bool console, bool shell_job,
                       struct criu_stdio_restore *rs, struct error *err);
void criu_stdio_restore_close(struct criu_stdio_restore *rs);
