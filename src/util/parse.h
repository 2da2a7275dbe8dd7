/* SPDX-License-Identifier: Apache-2.0 */
/* Checked number parsing: the whole string must be a number in range. */
#pragma once

#include <stdint.h>

/* Each returns 0, -EINVAL (not a number) or -ERANGE. */
int parse_int64(const char *s, int64_t *out);
int parse_uint64(const char *s, uint64_t *out);
int parse_int(const char *s, int *out);

/* Sizes as runc's flags take them (Docker's units.RAMInBytes): "512m", "1g", "100k", plain bytes; "-1" is
 * unlimited. 0, -EINVAL or -ERANGE. */
int parse_size(const char *s, int64_t *out);
