/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Paths inside a container's rootfs, resolved so that no symlink or ".." in
 * the image can lead out of it: openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)
 * relative to a directory fd of the rootfs, and directories created one
 * component at a time below an fd resolved that way (the CVE-2021-30465 class).
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "util/error.h"

/* Opens path (taken as inside root_fd) with flags (O_PATH, O_DIRECTORY, ...) | O_CLOEXEC. */
int resolve_in_root(int root_fd, const char *path, int flags, struct error *err);

enum resolve_create { RESOLVE_CREATE_DIR, RESOLVE_CREATE_FILE };

/*
 * Opens path inside root_fd (O_PATH), first creating what is missing: parent
 * directories always, the last component as a directory or an empty file.
 */
int resolve_create(int root_fd, const char *path, enum resolve_create what, mode_t mode, struct error *err);

/* Opens the parent directory of path inside root_fd and stores the last component in name. */
int resolve_parent(int root_fd, const char *path, char *name, size_t size, struct error *err);

/* "/proc/self/fd/N": a path that names exactly what fd refers to, for calls that take paths. */
void fd_path(int fd, char *buf, size_t size);
