/* SPDX-License-Identifier: Apache-2.0 */
#include "passwd.h"

#include <stdio.h>
#include <string.h>

#include "parse.h"

/* Field i (0-based) of a passwd line, as a pointer into it and a length. */
static bool field(const char *line, size_t len, int i, const char **f, size_t *flen)
{
        const char *p = line, *end = line + len;

        while (i-- > 0) {
                const char *c = memchr(p, ':', (size_t)(end - p));
                if (!c)
                        return false;
                p = c + 1;
        }
        const char *c = memchr(p, ':', (size_t)(end - p));
        *f = p;
        *flen = c ? (size_t)(c - p) : (size_t)(end - p);
        return true;
}

bool passwd_home(const char *text, uint32_t uid, char *out, size_t size)
{
        for (const char *line = text; line && *line;) {
                const char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                const char *f, *home;
                size_t flen, hlen;
                char num[16];
                uint64_t v;

                if (len && line[0] != '#' && field(line, len, 2, &f, &flen) && flen && flen < sizeof(num) &&
                    field(line, len, 5, &home, &hlen)) {
                        memcpy(num, f, flen);
                        num[flen] = '\0';
                        if (parse_uint64(num, &v) == 0 && v == uid && hlen < size) {
                                memcpy(out, home, hlen);
                                out[hlen] = '\0';
                                return true;
                        }
                }
                line = nl ? nl + 1 : NULL;
        }
        return false;
}
