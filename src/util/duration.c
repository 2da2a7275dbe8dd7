/* SPDX-License-Identifier: Apache-2.0 */
#include "duration.h"

#include <errno.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

static const struct {
        const char *unit;
        int64_t ns;
} units[] = {
    {"ns", 1},           {"us", 1000},         {"µs", 1000},           {"ms", 1000000},
    {"s", 1000000000LL}, {"m", 60000000000LL}, {"h", 3600000000000LL},
};

int parse_duration(const char *s, int64_t *ns)
{
        double total = 0;
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
                char *end;
                double v = strtod(s, &end);
                size_t best = 0;
                int64_t mult = 0;

                if (end == s || *s == '+' || *s == '-')
                        return -EINVAL;
                s = end;
                /* The longest unit that matches ("ms" before "m"). */
                for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
                        size_t len = strlen(units[i].unit);
                        if (len > best && !strncmp(s, units[i].unit, len)) {
                                best = len;
                                mult = units[i].ns;
                        }
                }
                if (!best)
                        return -EINVAL;
                s += best;
                total += v * (double)mult;
                if (total > 9.2e18)
                        return -ERANGE;
        }
        *ns = (int64_t)(neg ? -total : total);
        return 0;
}
