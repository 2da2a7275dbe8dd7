/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/stdio_owner.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

int stdio_owner_set(uid_t uid, const struct stdio_seen *seen, struct error *err)
{
        struct stat null;
        int have_null = -1; /* /dev/null looked at only once an fd is someone else's */

        for (int fd = 0; fd < 3; fd++) {
                struct stat st;
                int e = 0;

                if (seen && seen->valid) {
                        st = seen->st[fd];
                        e = seen->err[fd];
                } else if (fstat(fd, &st) < 0) {
                        e = errno;
                }
                if (e == EBADF)
                        continue;
                if (e)
                        return error_errno(err, e, "fstat of fd %d (stdio)", fd);
                if (st.st_uid == uid)
                        continue;
                if (have_null < 0)
                        have_null = stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode);
                if (have_null && S_ISCHR(st.st_mode) && st.st_rdev == null.st_rdev)
                        continue;
                if (fchown(fd, uid, st.st_gid) < 0 && errno != EINVAL && errno != EPERM && errno != EROFS)
                        return error_errno(err, errno, "fchown fd %d (stdio) to uid %u", fd, (unsigned)uid);
        }
        return 0;
}
