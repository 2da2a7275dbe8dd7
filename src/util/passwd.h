/* SPDX-License-Identifier: Apache-2.0 */
/* Reading /etc/passwd text (pure: the caller reads the file). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The home directory of the first entry with this uid, as runc's user lookup finds it; false when no
 * well-formed entry has it (out untouched). */
bool passwd_home(const char *text, uint32_t uid, char *out, size_t size);
