/* SPDX-License-Identifier: Apache-2.0 */
#include "checks.h"

#include <string.h>

int check_absolute(const struct jctx *j, const char *path, const char *value)
{
        if (!value || value[0] != '/')
                return jerr(j, path, "\"%s\" must be an absolute path", value ? value : "");
        return 0;
}

/* Reads a decimal number at *s; false when there is none. */
static bool number(const char **s, unsigned long *out)
{
        unsigned long v = 0;
        const char *p = *s;

        if (*p < '0' || *p > '9')
                return false;
        for (; *p >= '0' && *p <= '9'; p++) {
                if (v > 1000000)
                        return false; /* no machine has that many CPUs or nodes */
                v = v * 10 + (unsigned long)(*p - '0');
        }
        *s = p;
        *out = v;
        return true;
}

int check_cpu_list(const struct jctx *j, const char *path, const char *value, bool allow_empty)
{
        const char *s = value;

        if (!*s) {
                if (allow_empty)
                        return 0;
                return jerr(j, path, "empty list (expected e.g. \"0-3,7\")");
        }
        for (;;) {
                unsigned long lo, hi;

                if (!number(&s, &lo))
                        break;
                hi = lo;
                if (*s == '-') {
                        s++;
                        if (!number(&s, &hi) || hi < lo)
                                break;
                }
                if (*s == '\0')
                        return 0;
                if (*s != ',')
                        break;
                s++;
        }
        return jerr(j, path, "\"%s\" is not a list like \"0-3,7\"", value);
}

int check_ifname(const struct jctx *j, const char *path, const char *value)
{
        size_t n = strlen(value);

        if (n == 0 || n > 15 || !strcmp(value, ".") || !strcmp(value, "..") ||
            strpbrk(value, "/: \t\n\r\f\v"))
                return jerr(j, path, "\"%s\" is not a valid network interface name", value);
        return 0;
}
