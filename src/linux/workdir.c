/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/workdir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "linux/mount/resolve.h"
#include "plan/mount_plan.h"
#include "util/cleanup.h"

int workdir_enter(const char *cwd, struct error *err)
{
        _cleanup_close_ int root = -1, fd = -1;
        char here[PATH_MAX];

        /* "/" is the process's root itself: nothing to resolve, nothing that could lead out. */
        if (plan_clean_path(cwd, here, sizeof(here)) && !strcmp(here, "/"))
                return chdir("/") < 0 ? error_set(err, errno, "%s", errno_text(errno)) : 0;
        root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root < 0)
                return error_errno(err, errno, "open \"/\"");
        fd = resolve_in_root(root, cwd, O_PATH | O_DIRECTORY, err);
        if (fd < 0)
                return fd;
        if (fchdir(fd) < 0)
                return error_set(err, errno, "%s", errno_text(errno));
        /* glibc's getcwd fails with ENOENT where the kernel says "(unreachable)": a directory that
         * "/" does not lead to. The resolver cannot land there; this is the second line. */
        if (!getcwd(here, sizeof(here))) {
                if (errno == ERANGE) /* deeper than PATH_MAX: nothing to compare, the resolver decided */
                        return 0;
                return error_set(err, EPERM, "outside the container's root (getcwd: %s)", errno_text(errno));
        }
        if (here[0] != '/')
                return error_set(err, EPERM, "outside the container's root");
        return 0;
}
