/* SPDX-License-Identifier: Apache-2.0 */
/* Finding the user program in the container's PATH, and executing it. */
#pragma once

#include <stddef.h>

#include "util/error.h"

/* Resolves file against PATH from envp (runc's default PATH when unset). */
int exec_lookup(const char *file, char *const envp[], char *out, size_t size, struct error *err);
