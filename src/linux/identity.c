/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/identity.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/userns.h"
#include "util/cleanup.h"
#include "util/passwd.h"

#define PASSWD_MAX (4u << 20)

/* The container's /etc/passwd (the caller is inside its root), or NULL: not there, not a regular file
 * (a FIFO must not hang the runtime), too large. */
static char *read_passwd(void)
{
        _cleanup_close_ int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        struct stat st;
        char *text;
        size_t got = 0;

        if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > PASSWD_MAX)
                return NULL;
        text = malloc((size_t)st.st_size + 1);
        if (!text)
                return NULL;
        while (got < (size_t)st.st_size) {
                ssize_t n = read(fd, text + got, (size_t)st.st_size - got);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                got += (size_t)n;
        }
        text[got] = '\0';
        return text;
}

char **identity_env(const struct spec_user *u, char *const *env, size_t n)
{
        _cleanup_free_ char *text = NULL;
        char home[PATH_MAX] = "/";
        char **out;

        for (size_t i = 0; i < n; i++)
                if (!strncmp(env[i], "HOME=", 5))
                        return (char **)env;
        text = read_passwd();
        if (text && !passwd_home(text, u->uid, home, sizeof(home)))
                snprintf(home, sizeof(home), "/");
        if (!*home)
                snprintf(home, sizeof(home), "/");
        out = calloc(n + 2, sizeof(*out));
        if (!out || asprintf(&out[n], "HOME=%s", home) < 0) {
                free(out);
                return (char **)env;
        }
        if (n)
                memcpy(out, env, n * sizeof(*out));
        return out;
}

/* The groups once each, in their first order, as runc passes them (dockerd repeats a gid that is both
 * the user's and --group-add's). */
static size_t unique_gids(const uint32_t *in, size_t n, gid_t *out)
{
        size_t k = 0;

        for (size_t i = 0; i < n; i++) {
                size_t j = 0;
                while (j < k && out[j] != in[i])
                        j++;
                if (j == k)
                        out[k++] = in[i];
        }
        return k;
}

/* The supplementary groups, none but the config's. Only where setgroups fails is the user namespace asked
 * whether it denies it: then, without additionalGids, the groups stay as the namespace shows them. */
static int groups_apply(const struct spec_user *u, struct error *err)
{
        _cleanup_free_ gid_t *gids = calloc(u->n_additional_gids + 1, sizeof(*gids));
        size_t n;

        if (!gids)
                return error_errno(err, ENOMEM, "process.user.additionalGids");
        n = unique_gids(u->additional_gids, u->n_additional_gids, gids);
        if (setgroups(n, gids) == 0)
                return 0;
        if (errno != EPERM || userns_setgroups_allowed())
                return error_errno(err, errno, "setgroups (process.user.additionalGids)");
        if (u->n_additional_gids > 0)
                return error_set(err, EPERM,
                                 "process.user.additionalGids: setgroups is denied in this user namespace");
        return 0;
}

int identity_apply(const struct spec_user *u, struct error *err)
{
        /* Caps are cleared only by a change from uid 0 to none: as root there is nothing to keep. */
        bool keep = u->uid != 0;
        int r = groups_apply(u, err);

        if (r < 0)
                return r;
        /* Keep the permitted set across the uid change; the capability sets are applied right after. */
        if (keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
                return error_errno(err, errno, "prctl(PR_SET_KEEPCAPS)");
        if (setresgid(u->gid, u->gid, u->gid) < 0)
                return error_errno(err, errno, "setresgid(%u) (process.user.gid)", u->gid);
        if (setresuid(u->uid, u->uid, u->uid) < 0)
                return error_errno(err, errno, "setresuid(%u) (process.user.uid)", u->uid);
        if (keep && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
                return error_errno(err, errno, "prctl(PR_SET_KEEPCAPS)");
        return 0;
}
