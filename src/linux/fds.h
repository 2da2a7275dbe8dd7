/* SPDX-License-Identifier: Apache-2.0 */
/* The fds a container's program inherits: stdio and the ones it is given, nothing of the runtime's. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "util/error.h"

/* fds 0-2 as fds_reopen_dev_null left them, so that stdio_owner_set need not look at them again. */
struct stdio_seen {
        bool valid;
        int err[3]; /* 0, or fstat's errno (EBADF: not open) */
        struct stat st[3];
};

/* Marks every fd from first up close-on-exec: close_range(), or a walk of /proc/self/fd where it is missing.
 */
int fds_cloexec_from(int first, struct error *err);

/* Closes the fds of a list (negative entries skipped; the list is sorted in place): one close_range() for
 * each run of consecutive numbers. */
void fds_close_list(int *fds, size_t n);

/*
 * Each of fds 0-2 that is the null device (the host's /dev/null, as an engine gives it for stdin) is
 * reopened as the container's /dev/null, in the mount namespace it now lives in, as runc does: an fd of
 * a mount outside the container is one criu cannot dump. Others are left alone.
 */
int fds_reopen_dev_null(struct stdio_seen *seen, struct error *err);
