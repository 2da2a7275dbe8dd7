/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The process's working directory, entered so that it cannot be outside the container's root
 * (CVE-2024-21626): the path is resolved inside "/" by the resolver (no magic link, so no
 * /proc/self/fd/N of an fd the runtime or its caller still holds), entered with fchdir, and the
 * result checked with getcwd, which reports a directory the root cannot reach.
 */
#pragma once

#include "util/error.h"

/* Enters cwd (a path inside the process's root). Errors: the reason alone; callers name the field. */
int workdir_enter(const char *cwd, struct error *err);
