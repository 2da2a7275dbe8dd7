/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/rootless.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"

bool rootless_in_userns(void)
{
        /* The initial namespace's map is one line, "0 0 4294967295" padded: anything longer is not it. */
        char buf[128];
        unsigned long long inside, outside, count;
        int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC), end = 0;
        ssize_t n;

        if (fd < 0)
                return false; /* no /proc: nothing tells, take the initial namespace */
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0 || n == (ssize_t)sizeof(buf) - 1)
                return true;
        buf[n] = '\0';
        if (sscanf(buf, "%llu %llu %llu%n", &inside, &outside, &count, &end) != 3)
                return true;
        return !(inside == 0 && outside == 0 && count == 4294967295ULL &&
                 !buf[end + strspn(buf + end, " \n")]);
}

bool rootless_detect(void)
{
        return geteuid() != 0 || rootless_in_userns();
}
