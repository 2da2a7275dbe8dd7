/* SPDX-License-Identifier: Apache-2.0 */
#include "sigdisp.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"

int sigdisp_ignored(sigset_t *out)
{
        _cleanup_close_ int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        char buf[4096], *line, *end;
        ssize_t n;
        uint64_t mask;

        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof(buf) - 1);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        line = strstr(buf, "\nSigIgn:\t");
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
