/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A --console-socket receiver for the tests, speaking the protocol containerd's
 * go-runc reads: one connection, one message whose payload is a name and which
 * carries exactly one fd (SCM_RIGHTS), the pty master. It then relays: its
 * stdin to the terminal, the terminal to its stdout, until the terminal hangs
 * up (every slave closed). With -n it only prints the payload name; with -p
 * (for --pidfd-socket) it prints the pid the received pidfd refers to.
 *
 *   recvtty SOCKET_PATH [-n|-p]
 */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int recv_fd(int sock, char *name, size_t size)
{
        char cbuf[CMSG_SPACE(sizeof(int))];
        struct iovec iov = {.iov_base = name, .iov_len = size - 1};
        struct msghdr msg = {
            .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
        struct cmsghdr *c;
        ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
        int fd;

        if (n < 0)
                return -1;
        name[n] = '\0';
        c = CMSG_FIRSTHDR(&msg);
        if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
                return -1;
        memcpy(&fd, CMSG_DATA(c), sizeof(int));
        return fd;
}

static int copy(int from, int to)
{
        char buf[4096];
        ssize_t n = read(from, buf, sizeof(buf));

        if (n <= 0)
                return -1;
        for (ssize_t off = 0; off < n;) {
                ssize_t w = write(to, buf + off, n - off);
                if (w < 0)
                        return -1;
                off += w;
        }
        return 0;
}

int main(int argc, char **argv)
{
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        char name[256];
        int lsock, conn, master;
        bool in_open = true;

        if (argc < 2 || strlen(argv[1]) + 2 >= sizeof(addr.sun_path)) {
                fprintf(stderr, "usage: recvtty SOCKET_PATH [-n|-p]\n");
                return 2;
        }
        /* Bound under a temporary name and renamed once it listens: a client that waits for the path
         * to appear never finds a socket that refuses connections. */
        snprintf(addr.sun_path, sizeof(addr.sun_path), "%s.t", argv[1]);
        lsock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        unlink(addr.sun_path);
        if (lsock < 0 || bind(lsock, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(lsock, 1) < 0 ||
            rename(addr.sun_path, argv[1]) < 0) {
                perror("recvtty: listen");
                return 1;
        }
        conn = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0 || (master = recv_fd(conn, name, sizeof(name))) < 0) {
                perror("recvtty: receive");
                return 1;
        }
        close(conn);
        close(lsock);
        if (argc > 2 && !strcmp(argv[2], "-n")) {
                printf("%s\n", name);
                return 0;
        }
        if (argc > 2 && !strcmp(argv[2], "-p")) {
                char path[64], line[256];
                FILE *f;
                snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", master);
                f = fopen(path, "re");
                while (f && fgets(line, sizeof(line), f))
                        if (!strncmp(line, "Pid:", 4))
                                printf("%d\n", atoi(line + 4));
                return 0;
        }
        for (;;) {
                struct pollfd p[2] = {{.fd = master, .events = POLLIN},
                                      {.fd = in_open ? 0 : -1, .events = POLLIN}};
                if (poll(p, 2, -1) < 0 && errno != EINTR)
                        return 1;
                if (p[0].revents && copy(master, 1) < 0)
                        return 0; /* EIO: the container's side is gone */
                if (p[1].revents && copy(0, master) < 0)
                        in_open = false;
        }
}
