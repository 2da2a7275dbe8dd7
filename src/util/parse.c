/* SPDX-License-Identifier: Apache-2.0 */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

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
