/* SPDX-License-Identifier: Apache-2.0 */
/* The container's own session keyring (runc's default; --no-new-keyring keeps the caller's). */
#pragma once

#include "util/error.h"

/* Joins a new session keyring named after the container; ENOSYS (no keyctl) is not an error. */
int keyring_join_new(const char *id, struct error *err);
