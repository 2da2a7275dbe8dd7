/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "util/cleanup.h"

int pty_open(int *slave_fd, char *slave_path, size_t size, struct error *err)
{
        _cleanup_close_ int master = -1;
        int slave, n;

        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (master < 0)
                return error_errno(err, errno, "open \"/dev/ptmx\"");
        if (unlockpt(master) < 0)
                return error_errno(err, errno, "unlockpt");
        if (ioctl(master, TIOCGPTN, &n) < 0)
                return error_errno(err, errno, "TIOCGPTN");
        snprintf(slave_path, size, "/dev/pts/%d", n);
        /* TIOCGPTPEER opens the peer through the master's own devpts: no path lookup to race. */
        slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (slave < 0)
                return error_errno(err, errno, "open the pty peer \"%s\"", slave_path);
        *slave_fd = slave;
        return TAKE_FD(master);
}

int pty_make_controlling(int slave_fd, struct error *err)
{
        if (setsid() < 0)
                return error_errno(err, errno, "setsid");
        if (ioctl(slave_fd, TIOCSCTTY, 0) < 0)
                return error_errno(err, errno, "TIOCSCTTY");
        for (int fd = 0; fd < 3; fd++)
                if (dup2(slave_fd, fd) < 0)
                        return error_errno(err, errno, "dup2 the terminal to fd %d", fd);
        return 0;
}

int pty_output_as_written(int master, struct error *err)
{
        struct termios t;

        if (tcgetattr(master, &t) < 0)
                return error_errno(err, errno, "tcgetattr of the pty");
        t.c_oflag &= ~(tcflag_t)ONLCR;
        if (tcsetattr(master, TCSANOW, &t) < 0)
                return error_errno(err, errno, "clear ONLCR of the pty");
        return 0;
}

int pty_set_size(int fd, uint32_t rows, uint32_t cols, struct error *err)
{
        struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};

        if (ioctl(fd, TIOCSWINSZ, &ws) < 0)
                return error_errno(err, errno, "TIOCSWINSZ %ux%u", rows, cols);
        return 0;
}
