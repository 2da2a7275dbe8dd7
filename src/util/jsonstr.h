/* SPDX-License-Identifier: Apache-2.0 */
/* Escaping a string for a JSON string literal, for the logger (which must not depend on json-c). */
#pragma once

#include <stddef.h>

/* Writes the escaped form of s into out (always NUL-terminated, truncated to fit). */
void json_escape(const char *s, char *out, size_t outsz);
