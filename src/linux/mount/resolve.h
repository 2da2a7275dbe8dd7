/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Paths inside a container's rootfs, resolved so that no symlink or ".." in the
 * image can lead out of it: openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)
 * relative to a directory fd of the rootfs, and what is missing created one
 * component at a time below a parent fd resolved that way, never through a host
 * path string (the CVE-2021-30465 class). This file is the only resolver: every
 * path of the spec that names something inside the container goes through it.
 *
 * Errors: the message is the reason alone ("no such file or directory", or
 * "mkdir \"/a\": read-only file system"); callers prefix what they were doing.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

/* Opens path (taken as inside root_fd; "/" is root_fd itself) with flags | O_CLOEXEC. flags may
 * carry O_PATH, O_DIRECTORY, O_NOFOLLOW (the last component is then not followed), ... */
int resolve_in_root(int root_fd, const char *path, int flags, struct error *err);

/* resolve_in_root where no symlink may be on the way: the fd is then at path itself, cleaned. -ELOOP
 * when a component (the last one too, unless O_NOFOLLOW | O_PATH) is a symlink; -ENOENT when one is
 * missing with none before it; else -errno. */
int resolve_in_root_exact(int root_fd, const char *path, int flags);

/* What to make; RESOLVE_CREATE_ABSENT (or'ed in) says the caller has just found path missing, so it is
 * not looked up again. */
enum resolve_create { RESOLVE_CREATE_DIR = 0, RESOLVE_CREATE_FILE = 1, RESOLVE_CREATE_ABSENT = 2 };

/*
 * Opens path inside root_fd (O_PATH), first creating what is missing: parent directories
 * (0755) always, the last component as a directory or an empty file with mode. What exists
 * is used as it is (a symlink is followed, inside the root).
 */
int resolve_create(int root_fd, const char *path, enum resolve_create what, mode_t mode, struct error *err);

/* Opens the directory holding path's last component (O_PATH), creating missing directories when
 * create is set, and stores the last component in name. Fails with EINVAL for "/". */
int resolve_parent(int root_fd, const char *path, bool create, char *name, size_t size, struct error *err);

/* Where fd is, as a clean path inside rootfs (the host path of the root; "/" after pivot_root).
 * Fails with EXDEV when fd is outside it. */
int resolve_container_path(int fd, const char *rootfs, char *out, size_t size, struct error *err);

/* "/proc/self/fd/N": a path that names exactly what fd refers to, for calls that take paths. */
void fd_path(int fd, char *buf, size_t size);
