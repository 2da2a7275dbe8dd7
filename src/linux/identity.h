/* SPDX-License-Identifier: Apache-2.0 */
/* The process's user: supplementary groups, gid, uid (keeping capabilities across the switch). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "model/spec.h"
#include "util/error.h"

/* setgroups (unless the user namespace denies it), setresgid, setresuid; permitted caps survive. */
int identity_apply(const struct spec_user *u, struct error *err);

/* The process's environment with HOME added, as runc adds it when env has none: the home of the user's
 * uid in the container's /etc/passwd (the caller is inside the rootfs), "/" without an entry. Returns env
 * itself when it has HOME (or when memory runs out); the new array lives until execve. */
char **identity_env(const struct spec_user *u, char *const *env, size_t n);
