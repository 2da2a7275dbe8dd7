/* SPDX-License-Identifier: Apache-2.0 */
/* Go's time.ParseDuration syntax, as runc's --interval takes it: "5s", "100ms", "1h30m", "1.5s". */
#pragma once

#include <stdint.h>

/* Returns 0 and the duration in nanoseconds, or -EINVAL / -ERANGE. */
int parse_duration(const char *s, int64_t *ns);
