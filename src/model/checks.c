/* SPDX-License-Identifier: Apache-2.0 */
#include "checks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"

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

/* Reads a list at s; with bits, sets each number's bit there (numbers past SPEC_CPU_LIST_MAX - 1 are then
 * -ERANGE, *past set to the first). 0, -EINVAL when it is no list. */
static int scan_cpu_list(const char *s, uint64_t *bits, unsigned long *past)
{
        for (;;) {
                unsigned long lo, hi;

                if (!number(&s, &lo))
                        return -EINVAL;
                hi = lo;
                if (*s == '-') {
                        s++;
                        if (!number(&s, &hi) || hi < lo)
                                return -EINVAL;
                }
                if (bits && hi >= SPEC_CPU_LIST_MAX) {
                        *past = lo >= SPEC_CPU_LIST_MAX ? lo : SPEC_CPU_LIST_MAX;
                        return -ERANGE;
                }
                for (unsigned long n = lo; bits && n <= hi; n++)
                        bits[n / 64] |= 1ULL << (n % 64);
                if (*s == '\0')
                        return 0;
                if (*s != ',')
                        return -EINVAL;
                s++;
        }
}

int check_cpu_list(const struct jctx *j, const char *path, const char *value, bool allow_empty)
{
        if (!*value) {
                if (allow_empty)
                        return 0;
                return jerr(j, path, "empty list (expected e.g. \"0-3,7\")");
        }
        if (scan_cpu_list(value, NULL, NULL) < 0)
                return jerr(j, path, "\"%s\" is not a list like \"0-3,7\"", value);
        return 0;
}

int jget_cpu_list(const struct jctx *j, json_object *obj, const char *path, const char *key,
                  struct spec_cpu_list **out)
{
        _cleanup_free_ char *value = NULL;
        char p[JPATH_MAX];
        struct spec_cpu_list *l;
        unsigned long past = 0;
        int r = jget_string(j, obj, path, key, &value);

        if (r < 0 || !value || !*value)
                return r < 0 ? r : 0;
        jpath(p, sizeof(p), path, key);
        if ((r = check_cpu_list(j, p, value, false)) < 0)
                return r;
        l = *out = calloc(1, sizeof(*l));
        if (!l)
                return jnomem(j, p);
        l->text = TAKE_PTR(value);
        if (scan_cpu_list(l->text, l->bits, &past) < 0)
                return jerr(j, p, "\"%s\" names %lu, past the highest this runtime takes (%d)", l->text, past,
                            SPEC_CPU_LIST_MAX - 1);
        return 0;
}

int check_ifname(const struct jctx *j, const char *path, const char *value)
{
        size_t n = strlen(value);

        if (n == 0 || n > 15 || !strcmp(value, ".") || !strcmp(value, "..") ||
            strpbrk(value, "/: \t\n\r\f\v"))
                return jerr(j, path, "\"%s\" is not a valid network interface name", value);
        return 0;
}
