/* SPDX-License-Identifier: Apache-2.0 */
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/fs.h"

int userns_format_map(const struct spec_id_mapping *m, size_t n, char *buf, size_t size)
{
        size_t off = 0;

        if (size)
                buf[0] = '\0';
        for (size_t i = 0; i < n; i++) {
                int w =
                    snprintf(buf + off, size - off, "%u %u %u\n", m[i].container_id, m[i].host_id, m[i].size);
                if (w < 0 || (size_t)w >= size - off)
                        return -ENOSPC;
                off += w;
        }
        return (int)off;
}

static int write_map(pid_t pid, const char *file, const struct spec_id_mapping *m, size_t n,
                     struct error *err)
{
        char path[64], buf[4096];
        int len, r;

        if (n == 0)
                return 0;
        len = userns_format_map(m, n, buf, sizeof(buf));
        if (len < 0)
                return error_set(err, E2BIG, "%s: too many mappings", file);
        snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
        r = write_file_at(AT_FDCWD, path, buf, len, err);
        if (r < 0)
                return error_wrap(err, r, "write user namespace %s \"%.*s\"", file, len > 0 ? len - 1 : 0,
                                  buf);
        return 0;
}

int userns_write_maps(pid_t pid, const struct spec_linux *l, bool deny_setgroups, struct error *err)
{
        int r;

        if (deny_setgroups) {
                char path[64];
                snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
                r = write_file_at(AT_FDCWD, path, "deny", 4, err);
                if (r < 0 && r != -ENOENT)
                        return r;
        }
        return userns_write_id_maps(pid, l->uid_mappings, l->n_uid_mappings, l->gid_mappings,
                                    l->n_gid_mappings, err);
}

int userns_write_id_maps(pid_t pid, const struct spec_id_mapping *uids, size_t n_uids,
                         const struct spec_id_mapping *gids, size_t n_gids, struct error *err)
{
        int r = write_map(pid, "uid_map", uids, n_uids, err);

        if (r < 0)
                return r;
        return write_map(pid, "gid_map", gids, n_gids, err);
}

bool userns_setgroups_allowed(void)
{
        char buf[16] = "";
        int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);

        if (fd < 0)
                return true;
        if (read(fd, buf, sizeof(buf) - 1) < 0)
                buf[0] = '\0';
        close(fd);
        return strncmp(buf, "deny", 4) != 0;
}
