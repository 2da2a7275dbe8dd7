/* SPDX-License-Identifier: Apache-2.0 */
#include "flags.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
        return -EINVAL;
}

int flags_parse_bool(const char *s, bool *out)
{
        static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
        static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};

        for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
                if (!strcmp(s, yes[i])) {
                        *out = true;
                        return 0;
                }
                if (!strcmp(s, no[i])) {
                        *out = false;
                        return 0;
                }
        }
        return -EINVAL;
}

static const struct flag_def *lookup(const struct flag_def *defs, const char *name, size_t len)
{
        for (const struct flag_def *d = defs; d && d->name; d++) {
                if (strlen(d->name) == len && !strncmp(d->name, name, len))
                        return d;
                if (len == 1 && d->short_name == name[0])
                        return d;
        }
        return NULL;
}

static bool is_help(const char *name, size_t len)
{
        return (len == 4 && !strncmp(name, "help", 4)) || (len == 1 && name[0] == 'h');
}

static void *slot(void *dest, const struct flag_def *d)
{
        return (char *)dest + d->offset;
}

static int list_append(char ***list, char *value)
{
        size_t n = 0;
        char **v;

        while (*list && (*list)[n])
                n++;
        v = realloc(*list, (n + 2) * sizeof(*v));
        if (!v)
                return -ENOMEM;
        v[n] = value;
        v[n + 1] = NULL;
        *list = v;
        return 0;
}

/* Stores one flag's value; name/len is the spelling used, for messages. */
static int store(const struct flag_def *d, const char *name, int len, char *value, void *dest, char *err,
                 size_t errlen)
{
        bool b = true;
        int n, r;

        switch (d->kind) {
        case FLAG_BOOL:
                if (value && flags_parse_bool(value, &b) < 0)
                        return fail(err, errlen, "invalid boolean value \"%s\" for -%.*s: parse error", value,
                                    len, name);
                if (d->offset != FLAG_NO_DEST)
                        *(bool *)slot(dest, d) = b;
                return 0;
        case FLAG_STRING:
        case FLAG_OPT_STRING:
                if (d->offset != FLAG_NO_DEST)
                        *(const char **)slot(dest, d) = value;
                return 0;
        case FLAG_INT:
                r = parse_int(value, &n);
                if (r == -ERANGE)
                        return fail(err, errlen, "invalid value \"%s\" for flag -%.*s: value out of range",
                                    value, len, name);
                if (r < 0)
                        return fail(err, errlen, "invalid value \"%s\" for flag -%.*s: parse error", value,
                                    len, name);
                if (n < 0)
                        return fail(err, errlen, "invalid value \"%s\" for flag -%.*s: must not be negative",
                                    value, len, name);
                if (d->offset != FLAG_NO_DEST)
                        *(int *)slot(dest, d) = n;
                return 0;
        case FLAG_LIST:
                if (d->offset == FLAG_NO_DEST)
                        return 0;
                return list_append((char ***)slot(dest, d), value);
        }
        return -EINVAL;
}

/* Moves argv[from..argc) down to argv[*npos..]. */
static void take_rest(char **argv, int argc, int from, int *npos)
{
        memmove(&argv[*npos], &argv[from], (size_t)(argc - from) * sizeof(*argv));
        *npos += argc - from;
}

int flags_parse(const struct flag_def *defs, enum flag_order order, int argc, char **argv, void *dest,
                int *nargs, char *err, size_t errlen)
{
        int i = 0, npos = 0;

        while (i < argc) {
                char *s = argv[i], *value = NULL;
                const struct flag_def *d;
                const char *name;
                size_t len;

                if (s[0] != '-' || s[1] == '\0') { /* a positional ("-" alone is one too) */
                        argv[npos++] = argv[i++];
                        if (order == FLAGS_STOP_AT_ARG) {
                                take_rest(argv, argc, i, &npos);
                                break;
                        }
                        continue;
                }
                if (!strcmp(s, "--")) {
                        take_rest(argv, argc, i + 1, &npos);
                        break;
                }
                name = s[1] == '-' ? s + 2 : s + 1;
                len = strcspn(name, "=");
                d = len && name[0] != '-' ? lookup(defs, name, len) : NULL;
                if (!d && npos > 0) { /* after a positional, what is no flag of ours is an argument */
                        if (len && is_help(name, len))
                                return FLAGS_HELP;
                        argv[npos++] = argv[i++];
                        continue;
                }
                if (!len || name[0] == '-')
                        return fail(err, errlen, "bad flag syntax: %s", s);
                if (!d) {
                        if (is_help(name, len))
                                return FLAGS_HELP;
                        return fail(err, errlen, "flag provided but not defined: -%.*s", (int)len, name);
                }
                i++;
                if (name[len] == '=')
                        value = (char *)name + len + 1;
                else if (d->kind == FLAG_OPT_STRING) {
                        /* The last argument is the id: "run --network ID" is the default network. */
                        if (i < argc - 1 && argv[i][0] != '-')
                                value = argv[i++];
                        else
                                value = "";
                } else if (d->kind != FLAG_BOOL) {
                        if (i >= argc)
                                return fail(err, errlen, "flag needs an argument: -%.*s", (int)len, name);
                        value = argv[i++];
                }
                int r = store(d, name, (int)len, value, dest, err, errlen);
                if (r < 0)
                        return r;
        }
        argv[npos] = NULL;
        *nargs = npos;
        return 0;
}

void flags_free(const struct flag_def *defs, void *dest)
{
        for (const struct flag_def *d = defs; d && d->name; d++) {
                if (d->kind != FLAG_LIST || d->offset == FLAG_NO_DEST)
                        continue;
                char ***list = (char ***)slot(dest, d);
                free(*list);
                *list = NULL;
        }
}
