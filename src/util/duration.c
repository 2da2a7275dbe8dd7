/* SPDX-License-Identifier: Apache-2.0 */
#include "duration.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static const struct {
        const char *unit;
        uint64_t ns;
} units[] = {
    {"ns", 1},           {"us", 1000},         {"\xc2\xb5s", 1000}, /* U+00B5 micro sign */
    {"\xce\xbcs", 1000},                                            /* U+03BC Greek mu */
    {"ms", 1000000},     {"s", 1000000000ULL}, {"m", 60000000000ULL}, {"h", 3600000000000ULL},
};

#define DURATION_MAX (1ULL << 63) /* -DURATION_MAX is the least int64 */

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/*
 * Go's time.ParseDuration: [-+]? then one or more [0-9]*(\.[0-9]*)?UNIT (a number has at least one digit;
 * the unit is everything up to the next digit or dot, and must be one of the table), or "0" alone. Computed
 * in integers as Go does: digits of a fraction past nanoseconds are dropped.
 */
int parse_duration(const char *s, int64_t *ns)
{
        uint64_t total = 0;
        bool neg = false;

        if (!s || !*s)
                return -EINVAL;
        if (*s == '-' || *s == '+')
                neg = *s++ == '-';
        if (!strcmp(s, "0")) {
                *ns = 0;
                return 0;
        }
        if (!*s)
                return -EINVAL;
        while (*s) {
                uint64_t whole = 0, frac = 0, scale = 1, mult = 0, v;
                bool pre = false, post = false;
                const char *unit;
                size_t len;

                if (!is_digit(*s) && *s != '.')
                        return -EINVAL;
                for (; is_digit(*s); s++) {
                        pre = true;
                        if (whole > (DURATION_MAX - 9) / 10)
                                return -ERANGE;
                        whole = whole * 10 + (uint64_t)(*s - '0');
                }
                if (*s == '.') {
                        for (s++; is_digit(*s); s++) {
                                post = true;
                                if (scale < 1000000000000000000ULL) {
                                        frac = frac * 10 + (uint64_t)(*s - '0');
                                        scale *= 10;
                                }
                        }
                }
                if (!pre && !post)
                        return -EINVAL;
                for (unit = s; *s && *s != '.' && !is_digit(*s); s++)
                        ;
                len = (size_t)(s - unit);
                for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
                        if (strlen(units[i].unit) == len && !memcmp(unit, units[i].unit, len))
                                mult = units[i].ns;
                if (!mult)
                        return -EINVAL; /* no unit, or an unknown one */
                if (whole > DURATION_MAX / mult)
                        return -ERANGE;
                v = whole * mult;
                /* frac / scale < 1, so this part is below mult. */
                v += (uint64_t)((double)frac * ((double)mult / (double)scale));
                if (v > DURATION_MAX || total > DURATION_MAX - v)
                        return -ERANGE;
                total += v;
        }
        if (!neg && total > (uint64_t)INT64_MAX)
                return -ERANGE;
        *ns = neg ? (int64_t)(0 - total) : (int64_t)total;
        return 0;
}
