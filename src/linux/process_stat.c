/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/process_stat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"

int process_stat_read(pid_t pid, struct process_stat *st)
{
        char path[64], buf[1024], *p;
        _cleanup_close_ int fd = -1;
        ssize_t n;
        int field;

        snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof(buf) - 1);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        /* comm may contain spaces and parentheses: the fields start after the last ')'. */
        p = strrchr(buf, ')');
        if (!p || p[1] != ' ')
                return -EINVAL;
        p += 2;
        st->state = *p;
        /* p points at field 3 (state); start time is field 22. */
        for (field = 3; field < 22 && *p; p++)
                if (*p == ' ')
                        field++;
        if (field != 22)
                return -EINVAL;
        st->start_time = strtoull(p, NULL, 10);
        return 0;
}

bool process_alive(pid_t pid, uint64_t start_time)
{
        struct process_stat st;

        if (pid <= 0 || process_stat_read(pid, &st) < 0)
                return false;
        if (st.start_time != start_time)
                return false;
        return st.state != 'Z' && st.state != 'X' && st.state != 'x';
}
