/* SPDX-License-Identifier: Apache-2.0 */
#include "mountinfo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mount_plan.h"

/* Decodes the kernel's \ooo escapes (space, tab, newline, backslash) in place. */
static void unescape(char *s)
{
        char *w = s;

        for (char *r = s; *r;) {
                if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' &&
                    r[3] <= '7') {
                        *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
                        r += 4;
                } else {
                        *w++ = *r++;
                }
        }
        *w = '\0';
}

static char *field(char **p)
{
        char *s = *p, *e;

        while (*s == ' ')
                s++;
        if (!*s)
                return NULL;
        e = strchr(s, ' ');
        if (e) {
                *e = '\0';
                *p = e + 1;
        } else {
                *p = s + strlen(s);
        }
        return s;
}

int plan_mountinfo_parse(char *line, struct mountinfo_entry *e)
{
        char *p = line, *f[6], *dash, *opt_end;

        memset(e, 0, sizeof(*e));
        line[strcspn(line, "\n")] = '\0';
        dash = strstr(line, " - ");
        if (!dash)
                return -EINVAL;
        *dash = '\0';
        for (int i = 0; i < 6; i++) {
                f[i] = field(&p);
                if (!f[i])
                        return -EINVAL;
        }
        e->id = atoi(f[0]);
        e->parent = atoi(f[1]);
        e->root = f[3];
        e->mount_point = f[4];
        e->options = f[5];
        /* Optional fields run up to the separator. */
        while (*p == ' ')
                p++;
        opt_end = p + strlen(p);
        while (opt_end > p && opt_end[-1] == ' ')
                *--opt_end = '\0';
        e->optional = p;
        p = dash + 3;
        e->fstype = field(&p);
        e->source = field(&p);
        e->super_options = field(&p);
        if (!e->fstype || !e->source)
                return -EINVAL;
        if (!e->super_options)
                e->super_options = "";
        unescape((char *)e->root);
        unescape((char *)e->mount_point);
        unescape((char *)e->source);
        return 0;
}

bool plan_no_pivot_hides(const struct mountinfo_entry *e, const char *rootfs)
{
        if (strcmp(e->root, "/") || (strcmp(e->fstype, "proc") && strcmp(e->fstype, "sysfs")))
                return false;
        return !plan_path_under(e->mount_point, rootfs);
}
