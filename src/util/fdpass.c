/* SPDX-License-Identifier: Apache-2.0 */
#include "fdpass.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cleanup.h"

int fd_send(int sock, int fd, const char *name, struct error *err)
{
        char cbuf[CMSG_SPACE(sizeof(int))];
        struct iovec iov = {.iov_base = (void *)name, .iov_len = strlen(name)};
        struct msghdr msg = {
            .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
        struct cmsghdr *c;

        memset(cbuf, 0, sizeof(cbuf));
        c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof(int));
        while (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0) {
                if (errno != EINTR)
                        return error_errno(err, errno, "send fd over socket");
        }
        return 0;
}

int fd_recv_msg(int sock, void *buf, size_t size, size_t *len, int *fd, struct error *err)
{
        char cbuf[CMSG_SPACE(sizeof(int))];
        struct iovec iov = {.iov_base = buf, .iov_len = size};
        struct msghdr msg = {
            .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
        struct cmsghdr *c;
        ssize_t n;

        *fd = -1;
        do
                n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return error_errno(err, errno, "receive fd");
        c = CMSG_FIRSTHDR(&msg);
        if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
            c->cmsg_len == CMSG_LEN(sizeof(int)))
                memcpy(fd, CMSG_DATA(c), sizeof(int));
        *len = (size_t)n;
        return 0;
}

int fd_recv(int sock, char *name, size_t size, struct error *err)
{
        char buf[4096];
        size_t n;
        int fd, r;

        r = fd_recv_msg(sock, buf, sizeof(buf) - 1, &n, &fd, err);
        if (r < 0)
                return r;
        if (fd < 0)
                return error_set(err, EBADMSG, "receive fd: no SCM_RIGHTS fd in the message");
        if (name && size) {
                buf[n] = '\0';
                snprintf(name, size, "%s", buf);
        }
        return fd;
}

int unix_connect(const char *path, struct error *err)
{
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        _cleanup_close_ int fd = -1;

        if (strlen(path) >= sizeof(addr.sun_path))
                return error_set(err, ENAMETOOLONG, "socket path \"%s\" is too long", path);
        strcpy(addr.sun_path, path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return error_errno(err, errno, "socket");
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
                return error_errno(err, errno, "connect to \"%s\"", path);
        return TAKE_FD(fd);
}

int unix_send_fd(const char *path, int fd, const char *name, struct error *err)
{
        _cleanup_close_ int sock = unix_connect(path, err);

        if (sock < 0)
                return sock;
        return fd_send(sock, fd, name, err);
}
