/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/fds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
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

int fds_reopen_dev_null(struct error *err)
{
        struct stat null_st, st;
        int null_fd = -1;

        for (int fd = 0; fd < 3; fd++) {
                if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
                        continue;
                if (null_fd < 0) {
                        null_fd = open("/dev/null", O_RDWR | O_NOCTTY | O_CLOEXEC);
                        if (null_fd < 0)
                                return error_errno(err, errno, "open the container's \"/dev/null\"");
                        if (fstat(null_fd, &null_st) < 0 || !S_ISCHR(null_st.st_mode) ||
                            null_st.st_rdev != st.st_rdev) {
                                close(null_fd);
                                return error_set(err, EINVAL,
                                                 "the container's \"/dev/null\" is not the null device");
                        }
                }
                /* already the container's own */
                if (st.st_dev == null_st.st_dev && st.st_ino == null_st.st_ino)
                        continue;
                if (dup3(null_fd, fd, 0) < 0) {
                        int e = errno;

                        close(null_fd);
                        return error_errno(err, e, "reopen fd %d as \"/dev/null\"", fd);
                }
        }
        if (null_fd >= 0)
                close(null_fd);
        return 0;
}
