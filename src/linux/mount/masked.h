/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.maskedPaths and linux.readonlyPaths, after pivot_root (root_fd is "/").
 * A masked directory gets an empty read-only tmpfs, a masked file the container's
 * /dev/null (checked to be the null device); a read-only path is bound onto itself
 * read-only. Missing paths are skipped; paths below /proc are refused unless the
 * container's /proc is a procfs (CVE-2019-19921). Everything is done by fd.
 */
#pragma once

#include <stddef.h>

#include "util/error.h"

/* The masked paths, then the read-only ones. */
int rootfs_protect_paths(int root_fd, char **masked, size_t n_masked, char **readonly, size_t n_readonly,
                         struct error *err);
