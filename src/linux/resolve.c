/* SPDX-License-Identifier: Apache-2.0 */
#include "resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "util/cleanup.h"

void fd_path(int fd, char *buf, size_t size)
{
        snprintf(buf, size, "/proc/self/fd/%d", fd);
}

int resolve_in_root(int root_fd, const char *path, int flags, struct error *err)
{
        struct open_how how = {
            .flags = (uint64_t)(flags | O_CLOEXEC),
            .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
        };
        const char *rel = path;
        int fd;

        while (*rel == '/')
                rel++;
        if (!*rel)
                rel = ".";
        do
                fd = (int)syscall(SYS_openat2, root_fd, rel, &how, sizeof(how));
        while (fd < 0 && errno == EAGAIN);
        if (fd < 0)
                return error_errno(err, errno, "resolve \"%s\" in the container's root", path);
        return fd;
}

int resolve_parent(int root_fd, const char *path, char *name, size_t size, struct error *err)
{
        char parent[PATH_MAX];
        const char *slash;
        size_t len = strlen(path);

        while (len > 1 && path[len - 1] == '/')
                len--;
        snprintf(parent, sizeof(parent), "%.*s", (int)len, path);
        slash = strrchr(parent, '/');
        if (!slash || !slash[1] || !strcmp(slash + 1, ".") || !strcmp(slash + 1, ".."))
                return error_set(err, EINVAL, "\"%s\" has no last component", path);
        snprintf(name, size, "%s", slash + 1);
        parent[slash - parent] = '\0';
        return resolve_in_root(root_fd, parent[0] ? parent : "/", O_PATH | O_DIRECTORY, err);
}

int resolve_create(int root_fd, const char *path, enum resolve_create what, mode_t mode, struct error *err)
{
        char prefix[PATH_MAX] = "";
        const char *p = path;
        size_t plen = 0;
        int fd;

        fd = resolve_in_root(root_fd, path, O_PATH, NULL);
        if (fd >= 0)
                return fd;
        /* Walk down: each missing component is made below its (already safely resolved) parent. */
        while (*p) {
                _cleanup_close_ int parent = -1;
                size_t len;
                bool last;

                while (*p == '/')
                        p++;
                if (!*p)
                        break;
                len = strcspn(p, "/");
                last = p[len] == '\0' || p[len + strspn(p + len, "/")] == '\0';
                if (plen + len + 2 > sizeof(prefix))
                        return error_set(err, ENAMETOOLONG, "\"%s\"", path);
                parent = resolve_in_root(root_fd, plen ? prefix : "/", O_PATH | O_DIRECTORY, err);
                if (parent < 0)
                        return parent;
                prefix[plen++] = '/';
                memcpy(prefix + plen, p, len);
                plen += len;
                prefix[plen] = '\0';
                if (!strncmp(p, "..", len) && len == 2)
                        return error_set(err, EINVAL, "\"%s\": \"..\" is not allowed here", path);
                {
                        char comp[NAME_MAX + 1];
                        snprintf(comp, sizeof(comp), "%.*s", (int)len, p);
                        if (last && what == RESOLVE_CREATE_FILE) {
                                int f = openat(parent, comp,
                                               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
                                if (f >= 0)
                                        close(f);
                                else if (errno != EEXIST)
                                        return error_errno(err, errno,
                                                           "create \"%s\" in the container's root", prefix);
                        } else if (mkdirat(parent, comp, last ? mode : 0755) < 0 && errno != EEXIST) {
                                return error_errno(err, errno, "mkdir \"%s\" in the container's root",
                                                   prefix);
                        }
                }
                p += len;
        }
        return resolve_in_root(root_fd, path, O_PATH, err);
}
