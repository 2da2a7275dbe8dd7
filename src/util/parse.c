/* SPDX-License-Identifier: Apache-2.0 */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int parse_int64(const char *s, int64_t *out)
{
        char *end;
        long long v;

        if (!s || !*s || isspace((unsigned char)*s))
                return -EINVAL;
        errno = 0;
        v = strtoll(s, &end, 10);
        if (*end)
                return -EINVAL;
        if (errno == ERANGE)
                return -ERANGE;
        *out = v;
        return 0;
}

int parse_uint64(const char *s, uint64_t *out)
{
        char *end;
        unsigned long long v;

        if (!s || !*s || !isdigit((unsigned char)*s))
                return -EINVAL;
        errno = 0;
        v = strtoull(s, &end, 10);
        if (*end)
                return -EINVAL;
        if (errno == ERANGE)
                return -ERANGE;
        *out = v;
        return 0;
}

int parse_int(const char *s, int *out)
{
        int64_t v;
        int r = parse_int64(s, &v);

        if (r < 0)
                return r;
        if (v < INT_MIN || v > INT_MAX)
                return -ERANGE;
        *out = (int)v;
        return 0;
}

/*
 * Docker's units.RAMInBytes, which runc's flags use: ^[0-9]+(\.[0-9]+)? ?[kmgtp]?i?b?$ (case-insensitive,
 * binary units); "-1" is unlimited. A value past int64 is -ERANGE (Go's conversion would wrap it).
 */
int parse_size(const char *s, int64_t *out)
{
        static const char units[] = "kmgtp";
        const char *p = s, *u;
        double v, mult = 1;
        char *end;

        if (!s)
                return -EINVAL;
        if (!strcmp(s, "-1")) {
                *out = -1;
                return 0;
        }
        if (!isdigit((unsigned char)*p))
                return -EINVAL;
        while (isdigit((unsigned char)*p))
                p++;
        if (*p == '.') {
                p++;
                if (!isdigit((unsigned char)*p))
                        return -EINVAL;
                while (isdigit((unsigned char)*p))
                        p++;
        }
        v = strtod(s, &end);
        if (end != p)
                return -EINVAL;
        if (*p == ' ')
                p++;
        if (*p && (u = strchr(units, tolower((unsigned char)*p)))) {
                for (const char *k = units; k <= u; k++)
                        mult *= 1024;
                p++;
        }
        if (*p == 'i' || *p == 'I')
                p++;
        if (*p == 'b' || *p == 'B')
                p++;
        if (*p)
                return -EINVAL;
        v *= mult;
        if (!(v < 9223372036854775808.0))
                return -ERANGE;
        *out = (int64_t)v;
        return 0;
}
