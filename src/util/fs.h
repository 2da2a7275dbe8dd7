/* SPDX-License-Identifier: Apache-2.0 */
/* Small file helpers on host paths the runtime owns (never paths inside a rootfs). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Reads a whole file (NUL-terminated). dirfd may be AT_FDCWD. */
int read_file_at(int dirfd, const char *path, char **out, size_t *len, struct error *err);

/* The absolute path the kernel has for fd's file (/proc/self/fd/N), in buf; -errno where it has none
 * that names it (a file deleted, or out of this process's root). */
int fd_real_path(int fd, char *buf, size_t size);

/*
 * Reads a document the runtime is given (config.json, process.json, state.json, update's resources):
 * a regular file of at most DOC_MAX bytes; with stream_ok (a path the user names, "-" for stdin) also
 * a pipe, socket or terminal, read to its end but no further than DOC_MAX. Without it a FIFO or a device
 * is refused at once, without waiting for a writer.
 */
#define DOC_MAX (16 << 20)
int read_doc_at(int dirfd, const char *path, bool stream_ok, char **out, size_t *len, struct error *err);

/* Writes data to an existing file (O_WRONLY|O_TRUNC unless append). */
int write_file_at(int dirfd, const char *path, const char *data, size_t len, struct error *err);

/* Writes a file atomically: a temp file beside it, fsync-free, then rename. */
int write_file_atomic_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode,
                         struct error *err);

/* Writes a file that must not exist yet (O_EXCL), in place: for a directory nobody reads before the writer
 * says so (it is removed again where the write fails). */
int write_file_new_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode,
                      struct error *err);

/* The same for a path (relative to the cwd or absolute), as --pid-file takes it. */
int write_file_atomic_path(const char *path, const char *data, size_t len, struct error *err);

/* mkdir -p on a host path. */
int mkdir_p(const char *path, mode_t mode, struct error *err);

/* Removes a directory tree below dirfd/name without crossing mount points. */
int rm_rf_at(int dirfd, const char *name);
