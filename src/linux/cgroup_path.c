/* SPDX-License-Identifier: Apache-2.0 */
/* Where a container's cgroup lives: cgroupsPath as runc interprets it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_internal.h"
#include "util/cleanup.h"

static int check_components(const char *path, struct error *err)
{
        const char *p = path;

        while (*p) {
                size_t len;
                while (*p == '/')
                        p++;
                len = strcspn(p, "/");
                if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
                        return error_set(err, EINVAL,
                                         "linux.cgroupsPath \"%s\": \".\" and \"..\" are not allowed", path);
                p += len;
        }
        return 0;
}

/* "a-b-c.slice" -> "/a.slice/a-b.slice/a-b-c.slice" (systemd's nesting); "-.slice" is the root. */
static int expand_slice(const char *slice, char *out, size_t size, struct error *err)
{
        size_t len = strlen(slice), off = 0;

        out[0] = '\0';
        if (!strcmp(slice, "-.slice"))
                return 0;
        if (len < 7 || strcmp(slice + len - 6, ".slice") || strchr(slice, '/') || slice[0] == '-' ||
            strstr(slice, "--") || slice[len - 7] == '-')
                return error_set(err, EINVAL, "linux.cgroupsPath: invalid slice \"%s\"", slice);
        for (size_t i = 0; i < len - 6; i++) {
                if (slice[i] != '-')
                        continue;
                off += snprintf(out + off, size - off, "/%.*s.slice", (int)i, slice);
        }
        snprintf(out + off, size - off, "/%s", slice);
        return 0;
}

static int systemd_path(const char *cgroups_path, const char *id, char **out, struct error *err)
{
        char slice[256] = "system.slice", prefix[256] = "", name[256] = "", expanded[1024];
        const char *p = cgroups_path;
        int r;

        if (p && *p) {
                const char *c1 = strchr(p, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
                if (!c1 || !c2 || strchr(c2 + 1, ':'))
                        return error_set(
                            err, EINVAL,
                            "linux.cgroupsPath \"%s\": expected \"slice:prefix:name\" with --systemd-cgroup",
                            p);
                if (c1 > p)
                        snprintf(slice, sizeof(slice), "%.*s", (int)(c1 - p), p);
                snprintf(prefix, sizeof(prefix), "%.*s", (int)(c2 - c1 - 1), c1 + 1);
                snprintf(name, sizeof(name), "%s", c2 + 1);
        } else {
                snprintf(name, sizeof(name), "%s", id);
        }
        r = expand_slice(slice, expanded, sizeof(expanded), err);
        if (r < 0)
                return r;
        /* A name that is itself a slice nests there; otherwise it is a scope unit. */
        if (strlen(name) > 6 && !strcmp(name + strlen(name) - 6, ".slice"))
                r = asprintf(out, "%s/%s", expanded, name);
        else if (prefix[0])
                r = asprintf(out, "%s/%s-%s.scope", expanded, prefix, name);
        else
                r = asprintf(out, "%s/%s.scope", expanded, name);
        return r < 0 ? error_errno(err, ENOMEM, "cgroup path") : 0;
}

int cgroup_path_interpret(const char *cgroups_path, const char *id, bool systemd, const char *own, char **out,
                          struct error *err)
{
        _cleanup_free_ char *p = NULL;
        int r;

        if (systemd)
                r = systemd_path(cgroups_path, id, &p, err);
        else if (cgroups_path && cgroups_path[0] == '/')
                r = (p = strdup(cgroups_path)) ? 0 : -ENOMEM;
        else /* relative, or absent (then named after the container): below our own cgroup, as runc */
                r = asprintf(&p, "%s/%s", strcmp(own, "/") ? own : "",
                             cgroups_path && *cgroups_path ? cgroups_path : id) < 0
                        ? -ENOMEM
                        : 0;
        if (r < 0)
                return r == -ENOMEM ? error_errno(err, ENOMEM, "cgroup path") : r;
        r = check_components(p, err);
        if (r < 0)
                return r;
        /* Normalise: no trailing or doubled slashes. */
        {
                char *d = p;
                for (const char *s = p; *s; s++) {
                        if (*s == '/' && d > p && d[-1] == '/')
                                continue;
                        *d++ = *s;
                }
                if (d > p + 1 && d[-1] == '/')
                        d--;
                *d = '\0';
        }
        if (!strcmp(p, "/") || !*p)
                return error_set(err, EINVAL,
                                 "linux.cgroupsPath \"%s\": the root cgroup cannot be the container's",
                                 cgroups_path ? cgroups_path : "");
        *out = TAKE_PTR(p);
        return 0;
}
