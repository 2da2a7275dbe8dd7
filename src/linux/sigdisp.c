/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/sigdisp.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"

int sigdisp_ignored(sigset_t *out)
{
        char status[4096];
        _cleanup_close_ int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        const char *line;
        char *end;
        uint64_t mask;
        ssize_t n;

        /* One read: procfs makes the file whole on the first read, and SigIgn is well within its first
         * page (where it is not, the caller is told we do not know, and resets every signal). */
        if (fd < 0)
                return -errno;
        n = read(fd, status, sizeof(status) - 1);
        if (n < 0)
                return -errno;
        status[n] = '\0';
        line = strstr(status, "\nSigIgn:\t");
        if (!line)
                return -EINVAL;
        errno = 0;
        mask = strtoull(line + strlen("\nSigIgn:\t"), &end, 16);
        if (errno || *end != '\n')
                return -EINVAL;
        sigemptyset(out);
        for (int s = 1; s <= 64 && s < NSIG; s++)
                if (mask & (UINT64_C(1) << (s - 1)))
                        sigaddset(out, s);
        return 0;
}
