/* SPDX-License-Identifier: Apache-2.0 */
#include "jsonstr.h"

#include <stdio.h>

void json_escape(const char *s, char *out, size_t outsz)
{
        size_t o = 0;

        if (outsz == 0)
                return;
        for (; *s && o + 7 < outsz; s++) {
                unsigned char c = (unsigned char)*s;
                switch (c) {
                case '"':
                case '\\':
                        out[o++] = '\\';
                        out[o++] = c;
                        break;
                case '\n':
                        out[o++] = '\\';
                        out[o++] = 'n';
                        break;
                case '\t':
                        out[o++] = '\\';
                        out[o++] = 't';
                        break;
                case '\r':
                        out[o++] = '\\';
                        out[o++] = 'r';
                        break;
                default:
                        if (c < 0x20)
                                o += snprintf(out + o, outsz - o, "\\u%04x", c);
                        else
                                out[o++] = c;
                }
        }
        out[o] = '\0';
}
