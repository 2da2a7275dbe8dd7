/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Schema lines of linux.intelRdt as text, with no access to the resctrl tree: the lines a config asks
 * for, in the order they are written, and an existing group's schemata compared with them the way the
 * kernel stores them (bitmasks as numbers, bandwidths rounded up to the host's granularity). resctrl.c
 * checks each against the resources the host has; it depends on this file, never the other way.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux/resctrl/resctrl.h"
#include "linux/resctrl/resctrl_internal.h"
#include "util/cleanup.h"
#include "util/parse.h"

#define FIELD_MAX 48

char *rdt_trim(char *s)
{
        char *e;

        while (*s == ' ' || *s == '\t' || *s == '\n')
                s++;
        e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
                *--e = '\0';
        return s;
}

int resctrl_spec_lines(const struct spec_intel_rdt *rdt, struct resctrl_line **lines, size_t *n)
{
        size_t max = 2 + rdt->n_schemata, count = 0;
        struct resctrl_line *v;
        char *fields;

        *lines = NULL;
        *n = 0;
        /* The lines, then the names of the schemata[i] fields they point to. */
        v = calloc(1, max * sizeof(*v) + rdt->n_schemata * FIELD_MAX);
        if (!v)
                return -ENOMEM;
        fields = (char *)(v + max);
        if (rdt->l3_cache_schema && *rdt->l3_cache_schema)
                v[count++] = (struct resctrl_line){"linux.intelRdt.l3CacheSchema", rdt->l3_cache_schema};
        if (rdt->mem_bw_schema && *rdt->mem_bw_schema)
                v[count++] = (struct resctrl_line){"linux.intelRdt.memBwSchema", rdt->mem_bw_schema};
        for (size_t i = 0; i < rdt->n_schemata; i++) {
                char *f = fields + i * FIELD_MAX;

                if (!*rdt->schemata[i])
                        continue;
                snprintf(f, FIELD_MAX, "linux.intelRdt.schemata[%zu]", i);
                v[count++] = (struct resctrl_line){f, rdt->schemata[i]};
        }
        if (!count) {
                free(v);
                return 0;
        }
        *lines = v;
        *n = count;
        return 0;
}

/* "  L3 :0=ff;1=f0" -> "L3" and "0=ff;1=f0"; false without a ':' or a name. */
bool rdt_split_line(const char *line, char *res, size_t res_size, const char **doms)
{
        const char *colon = strchr(line, ':'), *s = line, *e;

        if (!colon)
                return false;
        while (s < colon && (*s == ' ' || *s == '\t'))
                s++;
        e = colon;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
        if (e == s || (size_t)(e - s) >= res_size)
                return false;
        memcpy(res, s, (size_t)(e - s));
        res[e - s] = '\0';
        *doms = colon + 1;
        return true;
}

/* The domains of resource res in a schemata text (malloc'd), or NULL when it has no such line. */
char *rdt_find_resource(const char *schemata, const char *res)
{
        _cleanup_free_ char *text = strdup(schemata);
        char *save = NULL, name[64];
        const char *doms;

        if (!text)
                return NULL;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
                if (rdt_split_line(line, name, sizeof(name), &doms) && !strcmp(name, res))
                        return strdup(doms);
        return NULL;
}

/* The value of domain id in "0=ff;1=f0" (trimmed, in val); false when it is not there. */
static bool domain_value(const char *doms, uint64_t id, char *val, size_t val_size)
{
        _cleanup_free_ char *text = strdup(doms);
        char *save = NULL;

        if (!text)
                return false;
        for (char *tok = strtok_r(text, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
                char *eq = strchr(tok, '=');
                uint64_t v;

                if (!eq)
                        continue;
                *eq = '\0';
                if (parse_uint64(rdt_trim(tok), &v) < 0 || v != id)
                        continue;
                snprintf(val, val_size, "%s", rdt_trim(eq + 1));
                return true;
        }
        return false;
}

static bool parse_base(const char *s, int base, uint64_t *out)
{
        char *end;

        if (!*s || *s == '-' || *s == '+')
                return false;
        errno = 0;
        *out = strtoull(s, &end, base);
        return !errno && !*end;
}

/* Bitmasks (L2, L3 and their CDP halves) are hex, bandwidths (MB, SMBA) decimal, and the kernel
 * rounds a bandwidth percentage up to its granularity. */
static bool value_eq(const char *res, const char *want, const char *have, uint64_t gran)
{
        bool bw = !strcmp(res, "MB") || !strcmp(res, "SMBA");
        bool mask = !strncmp(res, "L2", 2) || !strncmp(res, "L3", 2);
        uint64_t w, h;

        if (!bw && !mask)
                return !strcmp(want, have);
        if (!parse_base(want, bw ? 10 : 16, &w) || !parse_base(have, bw ? 10 : 16, &h))
                return !strcmp(want, have);
        if (w == h)
                return true;
        return bw && gran && w % gran && h == (w / gran + 1) * gran;
}

bool resctrl_schema_matches(const char *schemata, const char *line, uint64_t gran, char *why, size_t why_size)
{
        _cleanup_free_ char *have = NULL, *want = NULL;
        char res[64], val[128];
        const char *doms;
        char *save = NULL;

        if (!rdt_split_line(line, res, sizeof(res), &doms)) {
                snprintf(why, why_size, "not a schema line");
                return false;
        }
        have = rdt_find_resource(schemata, res);
        if (!have) {
                snprintf(why, why_size, "the group has no %s line", res);
                return false;
        }
        want = strdup(doms);
        if (!want) {
                snprintf(why, why_size, "out of memory");
                return false;
        }
        for (char *tok = strtok_r(want, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
                char *eq = strchr(tok, '='), *v;
                uint64_t id;

                if (!*rdt_trim(tok))
                        continue;
                if (!eq) {
                        snprintf(why, why_size, "\"%s\" is not <id>=<value>", rdt_trim(tok));
                        return false;
                }
                *eq = '\0';
                v = rdt_trim(eq + 1);
                if (parse_uint64(rdt_trim(tok), &id) < 0) {
                        snprintf(why, why_size, "\"%s\" is not a domain id", rdt_trim(tok));
                        return false;
                }
                if (!domain_value(have, id, val, sizeof(val))) {
                        snprintf(why, why_size, "the group's %s line has no domain %" PRIu64, res, id);
                        return false;
                }
                if (!value_eq(res, v, val, gran)) {
                        snprintf(why, why_size, "the group has %s domain %" PRIu64 " = %s, not %s", res, id,
                                 val, v);
                        return false;
                }
        }
        return true;
}
