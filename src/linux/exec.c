/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/exec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int is_executable(const char *path)
{
        struct stat st;

        if (stat(path, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (access(path, X_OK) < 0)
                return -errno;
        return 0;
}

int exec_lookup(const char *file, char *const envp[], char *out, size_t size, struct error *err)
{
        const char *path = DEFAULT_PATH;
        int r;

        if (!file || !*file)
                return error_set(err, EINVAL, "process.args: empty executable name");
        /* Worded as runc's (Go's exec.LookPath): engines read the reason to pick an exit code. */
        if (strchr(file, '/')) {
                r = is_executable(file);
                if (r == -EACCES || r == -EISDIR)
                        return error_set(err, -r, "exec: \"%s\": %s", file, errno_text(r));
                if (r < 0)
                        return error_errno(err, r, "exec: \"%s\": stat %s", file, file);
                snprintf(out, size, "%s", file);
                return 0;
        }
        for (size_t i = 0; envp && envp[i]; i++)
                if (!strncmp(envp[i], "PATH=", 5))
                        path = envp[i] + 5;
        for (const char *p = path;;) {
                const char *colon = strchr(p, ':');
                size_t len = colon ? (size_t)(colon - p) : strlen(p);

                snprintf(out, size, "%.*s%s%s", (int)len, len ? p : ".", "/", file);
                if (is_executable(out) == 0)
                        return 0;
                if (!colon)
                        break;
                p = colon + 1;
        }
        return error_set(err, ENOENT, "exec: \"%s\": executable file not found in $PATH", file);
}
