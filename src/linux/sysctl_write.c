/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/sysctl_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/fs.h"

int sysctl_apply(const struct kv *kv, size_t n, struct error *err)
{
        _cleanup_close_ int dirfd = -1;

        if (n == 0)
                return 0;
        dirfd = open("/proc/sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0)
                return error_errno(err, errno, "open \"/proc/sys\"");
        for (size_t i = 0; i < n; i++) {
                char rel[512];
                int r;

                /* "net.ipv4.ip_forward" -> "net/ipv4/ip_forward"; no way out of /proc/sys. */
                snprintf(rel, sizeof(rel), "%s", kv[i].key);
                for (char *p = rel; *p; p++)
                        if (*p == '.')
                                *p = '/';
                if (strstr(rel, "..") || rel[0] == '/')
                        return error_set(err, EINVAL, "linux.sysctl: invalid key \"%s\"", kv[i].key);
                r = write_file_at(dirfd, rel, kv[i].value, strlen(kv[i].value), err);
                if (r < 0)
                        return error_wrap(err, r, "linux.sysctl \"%s\"", kv[i].key);
        }
        return 0;
}
