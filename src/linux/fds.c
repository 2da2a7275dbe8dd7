/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/fds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "util/cleanup.h"

int fds_cloexec_from(int first, struct error *err)
{
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;

        if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
                return 0;
        d = opendir("/proc/self/fd");
        if (!d)
                return error_errno(err, errno, "mark fds close-on-exec: open \"/proc/self/fd\"");
        while ((de = readdir(d))) {
                int fd = atoi(de->d_name);
                if (de->d_name[0] == '.' || fd < first || fd == dirfd(d))
                        continue;
                if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 && errno != EBADF)
                        return error_errno(err, errno, "mark fd %d close-on-exec", fd);
        }
        return 0;
}
