/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccomp_listener: a listener for linux.seccomp.listenerPath, as runtime.md describes it. Accepts
 * one connection per container process, writes the container process state (the JSON payload) to
 * STATEFILE (appended, one line per connection), and answers every notified system call with
 * -ERRNO (the caller sees that errno) without carrying it out. Ends after COUNT notifications in
 * all, or when every process is gone. With DELAY_MS, each answer waits that long after the
 * notification was received, and every notification received is logged to STATEFILE.received (one
 * line each), so that a test can act while the process waits for its answer.
 *
 *   seccomp_listener SOCKET STATEFILE ERRNO COUNT [DELAY_MS]
 */
#include <errno.h>
#include <poll.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 8

static int receive_state(int conn, const char *statefile)
{
        char buf[65536], cbuf[CMSG_SPACE(sizeof(int))];
        struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
        struct msghdr msg = {
            .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
        struct cmsghdr *c;
        ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
        FILE *out;
        int fd = -1;

        if (n <= 0)
                return -1;
        buf[n] = '\0';
        c = CMSG_FIRSTHDR(&msg);
        if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
                memcpy(&fd, CMSG_DATA(c), sizeof(int));
        out = fopen(statefile, "a");
        if (out) {
                fprintf(out, "%s\n", buf);
                fclose(out);
        }
        return fd;
}

/* Logs a received notification, then waits delay_ms before it is answered. */
static void note_and_wait(const char *path, const struct seccomp_notif *req, int delay_ms)
{
        struct timespec ts = {.tv_sec = delay_ms / 1000, .tv_nsec = (long)(delay_ms % 1000) * 1000000};
        FILE *out = fopen(path, "a");

        if (out) {
                fprintf(out, "pid %u syscall %d\n", req->pid, req->data.nr);
                fclose(out);
        }
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

int main(int argc, char **argv)
{
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        struct pollfd p[MAX_FDS + 1];
        int sock, errnum, count, delay_ms, answered = 0, nfds = 0;
        char received[4096];

        if ((argc != 5 && argc != 6) || strlen(argv[1]) + 2 >= sizeof(addr.sun_path)) {
                fprintf(stderr, "usage: seccomp_listener SOCKET STATEFILE ERRNO COUNT [DELAY_MS]\n");
                return 2;
        }
        errnum = atoi(argv[3]);
        count = atoi(argv[4]);
        delay_ms = argc == 6 ? atoi(argv[5]) : 0;
        snprintf(received, sizeof(received), "%s.received", argv[2]);
        /* Bound under a temporary name and renamed once it listens: a client that waits for the path
         * to appear never finds a socket that refuses connections. */
        snprintf(addr.sun_path, sizeof(addr.sun_path), "%s.t", argv[1]);
        sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        unlink(addr.sun_path);
        if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(sock, 8) < 0 ||
            rename(addr.sun_path, argv[1]) < 0) {
                perror("seccomp_listener: listen");
                return 1;
        }
        p[0] = (struct pollfd){.fd = sock, .events = POLLIN};
        while (answered < count) {
                if (poll(p, (nfds_t)nfds + 1, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return 1;
                }
                if ((p[0].revents & POLLIN) && nfds < MAX_FDS) {
                        int conn = accept4(sock, NULL, NULL, SOCK_CLOEXEC), fd;

                        if (conn >= 0 && (fd = receive_state(conn, argv[2])) >= 0)
                                p[1 + nfds++] = (struct pollfd){.fd = fd, .events = POLLIN};
                        if (conn >= 0)
                                close(conn);
                }
                for (int i = 1; i <= nfds; i++) {
                        struct seccomp_notif *req;
                        struct seccomp_notif_resp *resp;

                        if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP)))
                                continue;
                        if (!(p[i].revents & POLLIN)) { /* every process of that filter is gone */
                                close(p[i].fd);
                                p[i].fd = -1;
                                continue;
                        }
                        if (seccomp_notify_alloc(&req, &resp) < 0)
                                return 1;
                        if (seccomp_notify_receive(p[i].fd, req) == 0) {
                                if (delay_ms > 0)
                                        note_and_wait(received, req, delay_ms);
                                resp->id = req->id;
                                resp->val = 0;
                                resp->error = -errnum;
                                resp->flags = 0;
                                if (seccomp_notify_respond(p[i].fd, resp) == 0)
                                        answered++;
                        }
                        seccomp_notify_free(req, resp);
                }
        }
        return 0;
}
