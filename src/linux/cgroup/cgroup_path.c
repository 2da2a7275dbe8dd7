/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where a container's cgroup lives: linux.cgroupsPath as runc interprets it.
 *   "/a/b"               absolute: /a/b below every hierarchy's root
 *   "a/b"                relative: below our own cgroup of each hierarchy (the parent of ours
 *                        on pure v2)
 *   unset                "<id>", relative as above
 *   "slice:prefix:name"  with --systemd-cgroup: the cgroupfs path systemd gives that unit
 *                        (systemd_props.c names it), "system.slice:docker:abc" ->
 *                        "/system.slice/docker-abc.scope"; unset -> "system.slice:brownie:<id>"
 * Nothing here touches the filesystem.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"

#define SLICE_SUFFIX ".slice"

static bool has_suffix(const char *s, const char *suffix)
{
        size_t n = strlen(s), m = strlen(suffix);

        return n >= m && !strcmp(s + n - m, suffix);
}

/* Every component of path (as given, before normalising) must be a name, never "." or "..". */
static int check_components(const char *path, const char *shown, struct error *err)
{
        for (const char *p = path; *p;) {
                size_t len;

                while (*p == '/')
                        p++;
                len = strcspn(p, "/");
                if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
                        return error_set(
                            err, EINVAL,
                            "linux.cgroupsPath \"%s\": a path component may not be \".\" or \"..\"", shown);
                p += len;
        }
        if (strchr(path, '\n'))
                return error_set(err, EINVAL, "linux.cgroupsPath \"%s\": a newline is not allowed", shown);
        return 0;
}

/* systemd nests slices by their dashes: "a-b-c.slice" -> "/a.slice/a-b.slice/a-b-c.slice";
 * "-.slice" is the root (""). */
static int expand_slice(const char *slice, const char *shown, char *out, size_t size, struct error *err)
{
        size_t len = strlen(slice), stem = len - strlen(SLICE_SUFFIX), off = 0;

        out[0] = '\0';
        if (!strcmp(slice, "-" SLICE_SUFFIX))
                return 0;
        if (!has_suffix(slice, SLICE_SUFFIX) || stem == 0 || strchr(slice, '/') || slice[0] == '-' ||
            slice[stem - 1] == '-' || strstr(slice, "--"))
                return error_set(err, EINVAL, "linux.cgroupsPath \"%s\": invalid slice name \"%s\"", shown,
                                 slice);
        for (size_t i = 0; i <= stem; i++) {
                if (i < stem && slice[i] != '-')
                        continue;
                if (off + i + strlen(SLICE_SUFFIX) + 2 > size)
                        return error_set(err, ENAMETOOLONG, "linux.cgroupsPath \"%s\": too long", shown);
                off += snprintf(out + off, size - off, "/%.*s" SLICE_SUFFIX, (int)i, slice);
        }
        return 0;
}

static int systemd_path(const char *cgroups_path, const char *id, char **out, struct error *err)
{
        const char *shown = cgroups_path ? cgroups_path : "";
        char expanded[PATH_MAX_CG];
        struct sd_unit u;
        int r;

        r = sd_unit_parse(cgroups_path, id, &u, err);
        if (r >= 0)
                r = expand_slice(u.slice, shown, expanded, sizeof(expanded), err);
        if (r < 0)
                return r;
        r = asprintf(out, "%s/%s", expanded, u.unit);
        return r < 0 ? error_errno(err, ENOMEM, "cgroup path") : 0;
}

/* No doubled or trailing slashes. */
static void normalise(char *p)
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

int cgroup_path_interpret(const char *cgroups_path, const char *id, bool systemd, const char *own, char **out,
                          struct error *err)
{
        const char *shown = cgroups_path ? cgroups_path : "";
        _cleanup_free_ char *p = NULL;
        int r;

        if (!cgroups_path || !*cgroups_path) {
                if (!id || !*id || strchr(id, '/'))
                        return error_set(err, EINVAL, "cgroup: invalid container id \"%s\"", id ? id : "");
        }
        if (systemd) {
                r = systemd_path(cgroups_path, id, &p, err);
                if (r < 0)
                        return r;
        } else {
                r = check_components(shown, shown, err);
                if (r < 0)
                        return r;
                if (cgroups_path && cgroups_path[0] == '/')
                        r = (p = strdup(cgroups_path)) ? 0 : -1;
                else
                        r = asprintf(&p, "%s/%s", own && strcmp(own, "/") ? own : "",
                                     cgroups_path && *cgroups_path ? cgroups_path : id);
                if (r < 0)
                        return error_errno(err, ENOMEM, "cgroup path");
        }
        r = check_components(p, shown, err);
        if (r < 0)
                return r;
        normalise(p);
        if (!strcmp(p, "/") || !*p)
                return error_set(err, EINVAL,
                                 "linux.cgroupsPath \"%s\": the root cgroup cannot be the container's",
                                 shown);
        if (strlen(p) >= PATH_MAX_CG - 256)
                return error_set(err, ENAMETOOLONG, "linux.cgroupsPath \"%s\": too long", shown);
        *out = TAKE_PTR(p);
        return 0;
}

void cgroup_own_path(const char *proc_self_cgroup, enum cgroup_mode mode, char *out, size_t size)
{
        _cleanup_free_ char *text = proc_self_cgroup ? strdup(proc_self_cgroup) : NULL;
        const char *unified = NULL, *systemd = NULL, *first = NULL;
        char *line, *save = NULL;

        snprintf(out, size, "/");
        if (!text)
                return;
        /* "hierarchy-id:controllers:path" */
        for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

                if (!c2 || c2[1] != '/')
                        continue;
                *c2 = '\0';
                if (!strncmp(line, "0:", 2) && !c1[1])
                        unified = c2 + 1;
                else if (!strcmp(c1 + 1, "name=systemd"))
                        systemd = c2 + 1;
                else if (!first && c1[1])
                        first = c2 + 1;
        }
        if (mode == CGROUP_MODE_V2) {
                if (unified) {
                        const char *slash = strrchr(unified, '/');
                        snprintf(out, size, "%.*s", slash > unified ? (int)(slash - unified) : 1, unified);
                }
                return;
        }
        if (systemd)
                snprintf(out, size, "%s", systemd);
        else if (first)
                snprintf(out, size, "%s", first);
        else if (unified)
                snprintf(out, size, "%s", unified);
}

/* Whether the comma-separated name item is in list. */
static bool listed(const char *list, const char *item, size_t len)
{
        for (const char *p = list; *p;) {
                size_t n = strcspn(p, ",");

                if (n == len && !strncmp(p, item, len))
                        return true;
                p += n + (p[n] == ',');
        }
        return false;
}

/* Every item of a is in b. */
static bool subset(const char *a, const char *b)
{
        for (const char *p = a; *p;) {
                size_t n = strcspn(p, ",");

                if (!listed(b, p, n))
                        return false;
                p += n + (p[n] == ',');
        }
        return true;
}

/* "cpu,cpuacct" and "cpuacct,cpu" name the same hierarchy. */
static bool same_controllers(const char *a, const char *b)
{
        return *a && subset(a, b) && subset(b, a);
}

void cgroup_own_path_of(const char *proc_self_cgroup, enum cgroup_mode mode, const struct cgroup_hierarchy *h,
                        char *out, size_t size)
{
        _cleanup_free_ char *text = proc_self_cgroup ? strdup(proc_self_cgroup) : NULL;
        char *line, *save = NULL;

        /* On pure v2 the unified hierarchy is the primary one: the parent rule applies. */
        for (line = text && mode != CGROUP_MODE_V2 ? strtok_r(text, "\n", &save) : NULL; line;
             line = strtok_r(NULL, "\n", &save)) {
                char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
                bool unified;

                if (!c2 || c2[1] != '/')
                        continue;
                *c2 = '\0';
                unified = !strcmp(line, "0:") && !c1[1];
                if (h->v2 ? unified : c1[1] && same_controllers(c1 + 1, h->name)) {
                        snprintf(out, size, "%s", c2 + 1);
                        return;
                }
        }
        cgroup_own_path(proc_self_cgroup, mode, out, size);
}
