/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/sigdisp.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/fs.h"

int sigdisp_ignored(sigset_t *out)
{
        _cleanup_free_ char *status = NULL;
        const char *line;
        char *end;
        uint64_t mask;
        int r;

        r = read_file_at(AT_FDCWD, "/proc/self/status", &status, NULL, NULL);
        if (r < 0)
                return r;
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
