/* SPDX-License-Identifier: Apache-2.0 */
/* The process's user: supplementary groups, gid, uid (keeping capabilities across the switch). */
#pragma once

#include <stdbool.h>

#include "model/spec.h"
#include "util/error.h"

/* setgroups (unless the user namespace denies it), setresgid, setresuid; permitted caps survive. */
int identity_apply(const struct spec_user *u, bool setgroups_allowed, struct error *err);
