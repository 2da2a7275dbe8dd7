/* SPDX-License-Identifier: Apache-2.0 */
#include "model/cgroup_subs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The path cleaned as runc joins it to the container's cgroup ("a/../b" is "b", "/" and "a/.." the
 * container's cgroup itself: ""); one that rises above it is refused in runc's words. */
static int check_path(const char *arg, const char *path, char *out, size_t size, struct error *err)
{
        size_t n = 0;

        if (strlen(path) >= size)
                return error_set(err, ENAMETOOLONG, "invalid --cgroup argument: %s (path too long)", arg);
        out[0] = '\0';
        for (const char *c = path + strspn(path, "/"); *c; c += strspn(c, "/")) {
                size_t len = strcspn(c, "/");

                if (len == 2 && c[0] == '.' && c[1] == '.') {
                        if (n == 0)
                                return error_set(err, EINVAL,
                                                 "invalid --cgroup argument %s: %s is not a sub cgroup path",
                                                 arg, path);
                        while (n > 0 && out[n - 1] != '/')
                                n--;
                        n -= n > 0; /* the '/' before the component dropped */
                } else if (!(len == 1 && c[0] == '.')) {
                        if (n > 0)
                                out[n++] = '/';
                        memcpy(out + n, c, len);
                        n += len;
                }
                out[n] = '\0';
                c += len;
        }
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
