/* SPDX-License-Identifier: Apache-2.0 */
/* Terminals: a pty from the container's devpts, its size, the controlling terminal (fd passing:
 * util/fdpass.h). */
#pragma once

#include <stdint.h>

#include "util/error.h"

/* Opens a new pty pair from /dev/ptmx (the container's, after pivot). Returns the master; *slave_path set. */
int pty_open(int *slave_fd, char *slave_path, size_t size, struct error *err);

/* Makes fd the process's stdio and controlling terminal (setsid + TIOCSCTTY). */
int pty_make_controlling(int slave_fd, struct error *err);

/* ONLCR off: the program's "\n" reaches the master as written, not as "\r\n". */
int pty_output_as_written(int master, struct error *err);

/* TIOCSWINSZ. */
int pty_set_size(int fd, uint32_t rows, uint32_t cols, struct error *err);
