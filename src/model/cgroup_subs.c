/* SPDX-License-Identifier: Apache-2.0 */
#include "model/cgroup_subs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Below the container's cgroup only: no "..", and no empty path. */
static int check_path(const char *arg, const char *path, char *out, size_t size, struct error *err)
{
        const char *p = path;

        while (*p == '/')
                p++;
        if (!*p)
                return error_set(err, EINVAL, "invalid --cgroup argument: %s (empty path)", arg);
        if (strlen(p) >= size)
                return error_set(err, ENAMETOOLONG, "invalid --cgroup argument: %s (path too long)", arg);
        for (const char *c = p; *c;) {
                size_t len = strcspn(c, "/");

                if (len == 2 && c[0] == '.' && c[1] == '.')
                        return error_set(
                            err, EINVAL,
                            "invalid --cgroup argument: %s (must stay below the container's cgroup)", arg);
                c += len;
                c += strspn(c, "/");
        }
        snprintf(out, size, "%s", p);
        return 0;
}

static int add(struct cgroup_subs *out, const char *arg, const char *controller, size_t clen,
               const char *path, struct error *err)
{
        struct cgroup_sub *s;

        for (size_t i = 0; i < out->n; i++)
                if (strlen(out->s[i].controller) == clen && !strncmp(out->s[i].controller, controller, clen))
                        return error_set(
                            err, EINVAL,
                            "invalid --cgroup argument(s): controller %.*s specified multiple times",
                            (int)clen, controller);
        if (out->n == CGROUP_SUB_MAX)
                return error_set(err, E2BIG, "invalid --cgroup argument: %s (too many controllers)", arg);
        if (clen >= sizeof(s->controller))
                return error_set(err, EINVAL, "invalid --cgroup argument: %s (controller name too long)",
                                 arg);
        s = &out->s[out->n];
        memcpy(s->controller, controller, clen);
        s->controller[clen] = '\0';
        if (check_path(arg, path, s->path, sizeof(s->path), err) < 0)
                return -EINVAL;
        out->n++;
        return 0;
}

int cgroup_subs_parse(char *const *args, struct cgroup_subs *out, struct error *err)
{
        size_t nargs = 0;

        memset(out, 0, sizeof(*out));
        while (args && args[nargs])
                nargs++;
        for (size_t i = 0; i < nargs; i++) {
                const char *arg = args[i], *colon = strchr(arg, ':');
                int r;

                if (!colon) {
                        if (nargs != 1)
                                return error_set(
                                    err, EINVAL,
                                    "invalid --cgroup argument: %s (missing <controller>: prefix)", arg);
                        r = add(out, arg, "", 0, arg, err);
                        if (r < 0)
                                return r;
                        continue;
                }
                for (const char *c = arg; c < colon;) {
                        size_t len = strcspn(c, ",:");

                        if (len == 0)
                                return error_set(err, EINVAL,
                                                 "invalid --cgroup argument: %s (empty <controller> prefix)",
                                                 arg);
                        r = add(out, arg, c, len, colon + 1, err);
                        if (r < 0)
                                return r;
                        c += len;
                        if (*c == ',')
                                c++;
                }
        }
        return 0;
}
