/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON text to a json-c tree, strictly: standard JSON only (no comments, trailing commas or single
 * quotes), one value and nothing after it, an object at the top, and no integer literal outside the
 * 64-bit range (json-c would silently saturate it). Errors carry the line and column of the offending byte:
 * "config.json: line 3, column 7: unexpected character".
 */
#include "json_text.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Line and column (both from 1, columns in bytes) of a byte offset. */
static void line_col(const char *text, size_t off, int *line, int *col)
{
        *line = 1;
        *col = 1;
        for (size_t i = 0; i < off; i++) {
                if (text[i] == '\n') {
                        (*line)++;
                        *col = 1;
                } else {
                        (*col)++;
                }
        }
}

static int error_at(const char *text, size_t off, const char *origin, const char *what, struct error *err)
{
        int line, col;

        line_col(text, off, &line, &col);
        return error_set(err, EINVAL, "%s: line %d, column %d: %s", origin, line, col, what);
}

/* Does the digit string d (len digits, no leading zeros) exceed the decimal limit lim? */
static bool digits_exceed(const char *d, size_t len, const char *lim)
{
        size_t llen = strlen(lim);

        if (len != llen)
                return len > llen;
        return memcmp(d, lim, len) > 0;
}

/*
 * Scans the (already well-formed) text for integer literals: a negative one must fit int64, a positive one
 * uint64. Strings are skipped, escapes included.
 */
static int check_integers(const char *text, size_t len, const char *origin, struct error *err)
{
        bool in_string = false;

        for (size_t i = 0; i < len; i++) {
                char c = text[i];
                size_t start, d, n;
                bool neg;

                if (in_string) {
                        if (c == '\\')
                                i++;
                        else if (c == '"')
                                in_string = false;
                        continue;
                }
                if (c == '"') {
                        in_string = true;
                        continue;
                }
                if (c != '-' && (c < '0' || c > '9'))
                        continue;
                start = i;
                neg = c == '-';
                d = neg ? i + 1 : i;
                for (n = d; n < len && text[n] >= '0' && text[n] <= '9'; n++)
                        ;
                for (i = n; i < len && text[i] && strchr("0123456789.eE+-", text[i]); i++)
                        ;
                /* A fraction or exponent makes it a double, which json-c keeps as it is. */
                if (i == n &&
                    digits_exceed(text + d, n - d, neg ? "9223372036854775808" : "18446744073709551615")) {
                        char what[96];
                        snprintf(what, sizeof(what), "integer %.*s is out of the 64-bit range",
                                 (int)(n - start > 40 ? 40 : n - start), text + start);
                        return error_at(text, start, origin, what, err);
                }
                i--; /* the loop steps past the number */
        }
        return 0;
}

int json_text_parse(const char *text, size_t len, const char *origin, json_object **out, struct error *err)
{
        enum json_tokener_error e;
        json_tokener *tok;
        json_object *o;
        size_t end;

        if (len > INT_MAX)
                return error_set(err, EFBIG, "%s: too large (%zu bytes)", origin, len);
        tok = json_tokener_new();
        if (!tok)
                return error_errno(err, ENOMEM, "%s", origin);
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
        o = json_tokener_parse_ex(tok, text, (int)len);
        e = json_tokener_get_error(tok);
        end = json_tokener_get_parse_end(tok);
        json_tokener_free(tok);
        if (!o && e == json_tokener_continue)
                e = json_tokener_error_parse_eof;
        if (e != json_tokener_success) {
                json_object_put(o);
                return error_at(text, end, origin, json_tokener_error_desc(e), err);
        }
        for (size_t i = end; i < len; i++) {
                if (!strchr(" \t\r\n", text[i]) || !text[i]) {
                        json_object_put(o);
                        return error_at(text, i, origin, "unexpected data after the JSON value", err);
                }
        }
        if (!json_object_is_type(o, json_type_object)) {
                json_object_put(o);
                return error_set(err, EINVAL, "%s: expected a JSON object at the top level", origin);
        }
        if (check_integers(text, end, origin, err) < 0) {
                json_object_put(o);
                return -EINVAL;
        }
        *out = o;
        return 0;
}
