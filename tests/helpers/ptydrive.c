/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptydrive: runs a command on a new pseudo-terminal, as a person's terminal emulator would, and
 * resizes that terminal once the command has printed a marker. The kernel then sends SIGWINCH to
 * the terminal's foreground process, which is how a resize reaches `brownie run`.
 *
 *   ptydrive ROWS COLS MARKER NEWROWS NEWCOLS -- COMMAND [ARG...]
 *
 * Everything the command writes is copied to stdout; the exit status is the command's (128+signal
 * when killed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        struct winsize ws = {0}, resized = {0};
        char seen[8192] = {0};
        size_t nseen = 0;
        bool done_resize = false;
        int master, status;
        pid_t pid;

        if (argc < 8 || strcmp(argv[6], "--") != 0) {
                fprintf(stderr, "usage: ptydrive ROWS COLS MARKER NEWROWS NEWCOLS -- COMMAND [ARG...]\n");
                return 2;
        }
        ws.ws_row = (unsigned short)atoi(argv[1]);
        ws.ws_col = (unsigned short)atoi(argv[2]);
        resized.ws_row = (unsigned short)atoi(argv[4]);
        resized.ws_col = (unsigned short)atoi(argv[5]);
        pid = forkpty(&master, NULL, NULL, &ws);
        if (pid < 0) {
                perror("ptydrive: forkpty");
                return 2;
        }
        if (pid == 0) {
                execvp(argv[7], argv + 7);
                perror("ptydrive: exec");
                _exit(127);
        }
        for (;;) {
                char buf[4096];
                ssize_t n = read(master, buf, sizeof(buf));

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) /* EIO once the last holder of the slave is gone */
                        break;
                if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
                        break;
                if (!done_resize) {
                        size_t room = sizeof(seen) - 1 - nseen;
                        size_t take = (size_t)n < room ? (size_t)n : room;

                        memcpy(seen + nseen, buf, take);
                        nseen += take;
                        if (memmem(seen, nseen, argv[3], strlen(argv[3]))) {
                                if (ioctl(master, TIOCSWINSZ, &resized) < 0)
                                        perror("ptydrive: TIOCSWINSZ");
                                done_resize = true;
                        }
                }
        }
        if (waitpid(pid, &status, 0) < 0)
                return 2;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
