/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/rootless.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"

bool rootless_in_userns(void)
{
        _cleanup_fclose_ FILE *f = fopen("/proc/self/uid_map", "re");
        unsigned long long inside, outside, count;
        int lines = 0;
        bool identity = false;

        if (!f)
                return false; /* no /proc: nothing tells, take the initial namespace */
        while (fscanf(f, "%llu %llu %llu", &inside, &outside, &count) == 3) {
                lines++;
                identity = inside == 0 && outside == 0 && count == 4294967295ULL;
        }
        return !(lines == 1 && identity);
}

bool rootless_detect(void)
{
        return geteuid() != 0 || rootless_in_userns();
}
