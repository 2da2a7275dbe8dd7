/* SPDX-License-Identifier: Apache-2.0 */
/* Timestamps in UTC, RFC 3339, without glibc's time-zone machinery (gmtime_r and strftime read
 * /etc/localtime on their first use, a few syscalls on every start of the runtime). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct utc_time {
        int64_t year;
        int month, day, hour, minute, second; /* month 1-12, day 1-31 */
};

/* The proleptic Gregorian calendar date and time of t seconds after 1970-01-01T00:00:00Z. */
void utc_civil(int64_t t, struct utc_time *out);

/* "2006-01-02T15:04:05Z"; with nanos, as Go's RFC3339Nano: "2006-01-02T15:04:05.999999999Z" with the
 * fraction's trailing zeros trimmed, and its dot with them. */
void utc_format(const struct timespec *ts, bool nanos, char *buf, size_t size);
