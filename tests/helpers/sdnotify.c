/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sdnotify: both ends of sd_notify for the NOTIFY_SOCKET tests. Linked statically, so that a test
 * can copy it into a busybox rootfs.
 *
 *   sdnotify send MESSAGE               one datagram to $NOTIFY_SOCKET, as a service would send it
 *   sdnotify listen PATH OUTFILE COUNT  binds PATH, appends COUNT datagrams to OUTFILE (one line each,
 *                                       "+fd" noted when one carried a file descriptor, which is closed
 *                                       at once: that answers sd_notify's BARRIER=1)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int send_one(const char *msg)
{
        const char *path = getenv("NOTIFY_SOCKET");
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        int fd;

        if (!path || strlen(path) >= sizeof(addr.sun_path)) {
                fprintf(stderr, "sdnotify: NOTIFY_SOCKET is not set\n");
                return 1;
        }
        strcpy(addr.sun_path, path);
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
                fprintf(stderr, "sdnotify: send to %s: %s\n", path, strerror(errno));
                return 1;
        }
        return 0;
}

static int listen_for(const char *path, const char *outfile, int count)
{
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

        if (fd < 0 || strlen(path) >= sizeof(addr.sun_path))
                return 1;
        strcpy(addr.sun_path, path);
        unlink(path);
        if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
                fprintf(stderr, "sdnotify: bind %s: %s\n", path, strerror(errno));
                return 1;
        }
        for (int i = 0; i < count; i++) {
                char buf[4096], cbuf[CMSG_SPACE(sizeof(int) * 4)];
                struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
                struct msghdr msg = {
                    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
                bool had_fd = false;
                ssize_t n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
                FILE *out;

                if (n < 0)
                        return 1;
                buf[n] = '\0';
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
                        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                                int passed;
                                memcpy(&passed, CMSG_DATA(c), sizeof(int));
                                close(passed);
                                had_fd = true;
                        }
                out = fopen(outfile, "a");
                if (!out)
                        return 1;
                while (n > 0 && buf[n - 1] == '\n')
                        buf[--n] = '\0';
                fprintf(out, "%s%s\n", buf, had_fd ? " +fd" : "");
                fclose(out);
        }
        return 0;
}

int main(int argc, char **argv)
{
        if (argc == 3 && !strcmp(argv[1], "send"))
                return send_one(argv[2]);
        if (argc == 5 && !strcmp(argv[1], "listen"))
                return listen_for(argv[2], argv[3], atoi(argv[4]));
        fprintf(stderr, "usage: sdnotify send MESSAGE | sdnotify listen PATH OUTFILE COUNT\n");
        return 2;
}
