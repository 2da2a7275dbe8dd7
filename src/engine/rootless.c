/* SPDX-License-Identifier: Apache-2.0 */
/* Rootless: --rootless and the state root a user without privileges gets, as runc decides them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "linux/rootless.h"

/* Go's strconv.ParseBool, plus "auto": 1 true, 0 false, -1 auto, -2 neither. */
static int bool_or_auto(const char *s)
{
        static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
        static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};

        if (!strcmp(s, "auto"))
                return -1;
        for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
                if (!strcmp(s, yes[i]))
                        return 1;
                if (!strcmp(s, no[i]))
                        return 0;
        }
        return -2;
}

static bool honor_xdg_runtime_dir(void)
{
        const char *xdg = getenv("XDG_RUNTIME_DIR"), *user;

        if (!xdg || !*xdg)
                return false;
        if (geteuid() != 0)
                return true;
        if (!rootless_in_userns())
                return false;
        user = getenv("USER"); /* root of a user namespace: rootless unless it says it is root */
        return !user || strcmp(user, "root");
}

int engine_globals_resolve(struct global_opts *g, const char *rootless, bool root_given, char *root_buf,
                           size_t size, struct error *err)
{
        int v = bool_or_auto(rootless ? rootless : "auto");

        if (v == -2)
                return error_set(err, EINVAL, "invalid value \"%s\" for --rootless (use true, false or auto)",
                                 rootless);
        g->rootless = v == -1 ? rootless_detect() : v == 1;
        if (!root_given) {
                g->root = BROWNIE_DEFAULT_ROOT;
                if (honor_xdg_runtime_dir()) {
                        int n = snprintf(root_buf, size, "%s/brownie", getenv("XDG_RUNTIME_DIR"));
                        if (n < 0 || (size_t)n >= size)
                                return error_set(err, ENAMETOOLONG, "XDG_RUNTIME_DIR is too long");
                        g->root = root_buf;
                }
        }
        return 0;
}
