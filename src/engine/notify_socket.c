/* SPDX-License-Identifier: Apache-2.0 */
#include "notify_socket.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/log.h"

#define NOTIFY_DIR          "notify"
#define NOTIFY_IN_CONTAINER "/run/notify"
#define NOTIFY_SOCKET_NAME  "notify.sock"
#define BARRIER_TIMEOUT_MS  30000

static const char *host_socket(void)
{
        const char *s = getenv("NOTIFY_SOCKET");

        return s && *s ? s : NULL;
}

static int add_env(struct spec_process *p, const char *var, struct error *err)
{
        size_t keylen = strcspn(var, "=") + 1;
        char *copy = strdup(var);
        char **env;

        if (!copy)
                return error_errno(err, ENOMEM, "NOTIFY_SOCKET");
        for (size_t i = 0; i < p->n_env; i++)
                if (!strncmp(p->env[i], var, keylen)) {
                        free(p->env[i]);
                        p->env[i] = copy;
                        return 0;
                }
        env = realloc(p->env, (p->n_env + 2) * sizeof(*env));
        if (!env) {
                free(copy);
                return error_errno(err, ENOMEM, "NOTIFY_SOCKET");
        }
        env[p->n_env++] = copy;
        env[p->n_env] = NULL;
        p->env = env;
        return 0;
}

static int add_mount(struct spec *s, const char *source, struct error *err)
{
        static const char *const opts[] = {"bind", "nosuid", "noexec", "nodev", "ro"};
        struct spec_mount *mounts = realloc(s->mounts, (s->n_mounts + 1) * sizeof(*mounts));
        struct spec_mount *m;

        if (!mounts)
                return error_errno(err, ENOMEM, "NOTIFY_SOCKET");
        s->mounts = mounts;
        m = &mounts[s->n_mounts];
        memset(m, 0, sizeof(*m));
        s->n_mounts++; /* spec_free frees what is there from now on */
        m->destination = strdup(NOTIFY_IN_CONTAINER);
        m->source = strdup(source);
        m->type = strdup("bind");
        m->options = calloc(sizeof(opts) / sizeof(opts[0]) + 1, sizeof(*m->options));
        if (!m->destination || !m->source || !m->type || !m->options)
                return error_errno(err, ENOMEM, "NOTIFY_SOCKET");
        for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
                if (!(m->options[m->n_options++] = strdup(opts[i])))
                        return error_errno(err, ENOMEM, "NOTIFY_SOCKET");
        m->flags = MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY;
        m->bind = true;
        return 0;
}

int notify_socket_prepare(struct spec *spec, int state_dirfd, struct error *err)
{
        char source[PATH_MAX], fdpath[64], state_dir[PATH_MAX];
        ssize_t n;
        int r;

        if (!host_socket() || !spec->process)
                return 0;
        /* The bind source is a path: the state directory's, as the kernel names its fd. */
        snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", state_dirfd);
        n = readlink(fdpath, state_dir, sizeof(state_dir) - 1);
        if (n < 0)
                return error_errno(err, errno, "NOTIFY_SOCKET: the state directory's path");
        state_dir[n] = '\0';
        if (mkdirat(state_dirfd, NOTIFY_DIR, 0755) < 0 && errno != EEXIST)
                return error_errno(err, errno, "NOTIFY_SOCKET: create \"%s/%s\"", state_dir, NOTIFY_DIR);
        if (snprintf(source, sizeof(source), "%s/%s", state_dir, NOTIFY_DIR) >= (int)sizeof(source))
                return error_set(err, ENAMETOOLONG, "NOTIFY_SOCKET: state directory path too long");
        r = add_mount(spec, source, err);
        if (r < 0)
                return r;
        return add_env(spec->process, "NOTIFY_SOCKET=" NOTIFY_IN_CONTAINER "/" NOTIFY_SOCKET_NAME, err);
}

int notify_socket_bind(int state_dirfd, int *fd, struct error *err)
{
        _cleanup_close_ int dir = -1, sock = -1;
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        char name[64];

        *fd = -1;
        if (!host_socket())
                return 0;
        dir = openat(state_dirfd, NOTIFY_DIR, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dir < 0)
                return 0; /* created without NOTIFY_SOCKET: the container has no socket to relay */
        sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (sock < 0)
                return error_errno(err, errno, "NOTIFY_SOCKET: socket");
        /* Through the directory's fd, so that a long --root does not overflow sun_path. */
        snprintf(name, sizeof(name), "/proc/self/fd/%d/%s", dir, NOTIFY_SOCKET_NAME);
        snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", name);
        unlinkat(dir, NOTIFY_SOCKET_NAME, 0);
        if (bind(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0)
                return error_errno(err, errno, "NOTIFY_SOCKET: bind the container's socket");
        if (fchmodat(dir, NOTIFY_SOCKET_NAME, 0777, 0) < 0) /* any user of the container may notify */
                return error_errno(err, errno, "NOTIFY_SOCKET: chmod the container's socket");
        *fd = TAKE_FD(sock);
        return 0;
}

static int connect_host(struct error *err)
{
        const char *path = host_socket();
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        size_t len = strlen(path);
        socklen_t alen;
        int fd;

        if (len >= sizeof(addr.sun_path))
                return error_set(err, ENAMETOOLONG, "NOTIFY_SOCKET \"%s\": path too long", path);
        memcpy(addr.sun_path, path, len);
        if (path[0] == '@')
                addr.sun_path[0] = '\0'; /* abstract */
        alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (path[0] == '@' ? 0 : 1));
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return error_errno(err, errno, "NOTIFY_SOCKET: socket");
        if (connect(fd, (struct sockaddr *)&addr, alen) < 0) {
                int e = errno;
                close(fd);
                return error_errno(err, e, "NOTIFY_SOCKET \"%s\": connect", path);
        }
        return fd;
}

/* sd_notify's barrier: the manager closes the pipe's write end once it has read what came before. */
static void barrier(int host)
{
        _cleanup_close_ int rd = -1, wr = -1;
        int p[2];
        char cbuf[CMSG_SPACE(sizeof(int))] = {0};
        struct iovec iov = {.iov_base = "BARRIER=1", .iov_len = 9};
        struct msghdr msg = {
            .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        struct pollfd pfd;
        char b;

        if (pipe2(p, O_CLOEXEC) < 0)
                return;
        rd = p[0];
        wr = p[1];
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &wr, sizeof(int));
        if (sendmsg(host, &msg, MSG_NOSIGNAL) < 0)
                return;
        cleanup_closep(&wr);
        pfd = (struct pollfd){.fd = rd, .events = POLLIN};
        if (poll(&pfd, 1, BARRIER_TIMEOUT_MS) == 0) {
                log_warn("NOTIFY_SOCKET: no answer to BARRIER=1 within %d s, going on",
                         BARRIER_TIMEOUT_MS / 1000);
                return;
        }
        if (read(rd, &b, 1) > 0)
                log_warn("NOTIFY_SOCKET: unexpected data on the barrier pipe");
}

int notify_socket_relay(int fd, pid_t pid, int pidfd, struct error *err)
{
        _cleanup_close_ int host = -1;
        char buf[4096], line[256];

        for (;;) {
                struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = pidfd, .events = POLLIN}};
                ssize_t n;

                if (poll(p, 2, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return error_errno(err, errno, "NOTIFY_SOCKET: poll");
                }
                if (p[0].revents & POLLIN) {
                        n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
                        if (n < 0)
                                continue;
                        buf[n] = '\0';
                        /* One datagram of newline-separated assignments; only READY= is passed on. */
                        for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l;
                             l = strtok_r(NULL, "\n", &save)) {
                                if (strncmp(l, "READY=", 6) != 0)
                                        continue;
                                host = connect_host(err);
                                if (host < 0)
                                        return host;
                                snprintf(line, sizeof(line), "%s\n", l);
                                if (send(host, line, strlen(line), MSG_NOSIGNAL) < 0)
                                        return error_errno(err, errno, "NOTIFY_SOCKET: send %s", l);
                                snprintf(line, sizeof(line), "MAINPID=%d\n", (int)pid);
                                if (send(host, line, strlen(line), MSG_NOSIGNAL) < 0)
                                        return error_errno(err, errno, "NOTIFY_SOCKET: send MAINPID");
                                barrier(host);
                                return 0;
                        }
                }
                if (p[1].revents & POLLIN)
                        return 0; /* the init ended without being ready: nothing to tell */
        }
}
