/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/fds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
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

static int int_cmp(const void *a, const void *b)
{
        int x = *(const int *)a, y = *(const int *)b;

        return (x > y) - (x < y);
}

void fds_close_list(int *fds, size_t n)
{
        if (n == 0)
                return;
        qsort(fds, n, sizeof(*fds), int_cmp);
        for (size_t i = 0; i < n;) {
                size_t j = i;

                if (fds[i] < 0) {
                        i++;
                        continue;
                }
                while (j + 1 < n && fds[j + 1] <= fds[j] + 1)
                        j++;
                if (syscall(SYS_close_range, (unsigned)fds[i], (unsigned)fds[j], 0) < 0)
                        for (size_t k = i; k <= j; k++)
                                close(fds[k]);
                i = j + 1;
        }
}

static bool is_null(const struct stat *st)
{
        return S_ISCHR(st->st_mode) && st->st_rdev == makedev(1, 3);
}

int fds_reopen_dev_null(struct stdio_seen *seen, struct error *err)
{
        _cleanup_close_ int check = -1, null_fd = -1;
        struct stat null_st, opened;
        bool reopen[3] = {false}, any = false;

        seen->valid = false;
        for (int fd = 0; fd < 3; fd++) {
                seen->err[fd] = fstat(fd, &seen->st[fd]) == 0 ? 0 : errno;
                any |= reopen[fd] = !seen->err[fd] && is_null(&seen->st[fd]);
        }
        seen->valid = true;
        if (!any)
                return 0;
        /* Looked at through an O_PATH fd before it is opened for real: opening some other device may do
         * something. */
        check = open("/dev/null", O_PATH | O_CLOEXEC);
        if (check < 0 || fstat(check, &null_st) < 0)
                return error_errno(err, errno, "open the container's \"/dev/null\"");
        if (!is_null(&null_st))
                return error_set(err, EINVAL, "the container's \"/dev/null\" is not the null device");
        any = false;
        for (int fd = 0; fd < 3; fd++) {
                /* already the container's own */
                reopen[fd] &= seen->st[fd].st_dev != null_st.st_dev || seen->st[fd].st_ino != null_st.st_ino;
                any |= reopen[fd];
        }
        if (!any)
                return 0;
        seen->valid = false;
        null_fd = open("/dev/null", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (null_fd < 0)
                return error_errno(err, errno, "open the container's \"/dev/null\"");
        if (fstat(null_fd, &opened) < 0 || opened.st_dev != null_st.st_dev || opened.st_ino != null_st.st_ino)
                return error_set(err, EINVAL, "the container's \"/dev/null\" changed while it was opened");
        for (int fd = 0; fd < 3; fd++) {
                if (!reopen[fd])
                        continue;
                if (dup3(null_fd, fd, 0) < 0)
                        return error_errno(err, errno, "reopen fd %d as \"/dev/null\"", fd);
                seen->st[fd] = opened;
        }
        seen->valid = true;
        return 0;
}
