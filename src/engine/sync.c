/* SPDX-License-Identifier: Apache-2.0 */
#include "sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/fdpass.h"

static const char *const sync_names[] = {
    [SYNC_GO] = "go",
    [SYNC_HOOKS] = "hooks",
    [SYNC_HOOKS_DONE] = "hooks-done",
    [SYNC_READY] = "ready",
    [SYNC_ERROR] = "error",
    [SYNC_USERNS] = "userns",
    [SYNC_USERNS_DONE] = "userns-done",
    [SYNC_PID] = "pid",
    [SYNC_PTY] = "pty",
    [SYNC_SECCOMP] = "seccomp",
    [SYNC_IDMAP] = "idmap",
    [SYNC_IDMAP_DONE] = "idmap-done",
    [SYNC_START] = "start",
};

int sync_send(int fd, enum sync_type type, int32_t value, const char *text)
{
        struct sync_msg m = {.type = type, .value = value};
        size_t len = offsetof(struct sync_msg, text) + 1;

        if (text) {
                size_t tl = strnlen(text, sizeof(m.text) - 1);
                memcpy(m.text, text, tl);
                len += tl;
        }
        while (send(fd, &m, len, MSG_NOSIGNAL) < 0) {
                if (errno != EINTR)
                        return -errno;
        }
        return 0;
}

int sync_recv(int fd, struct sync_msg *m)
{
        ssize_t n;

        do
                n = recv(fd, m, sizeof(*m), 0);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if (n == 0)
                return -EPIPE;
        if ((size_t)n < offsetof(struct sync_msg, text))
                return -EBADMSG;
        if ((size_t)n < sizeof(*m))
                ((char *)m)[n] = '\0';
        m->text[sizeof(m->text) - 1] = '\0';
        return 0;
}

int sync_expect(int fd, enum sync_type type, struct sync_msg *m, struct error *err)
{
        int r = sync_recv(fd, m);

        if (r == -EPIPE)
                return error_set(err, ECHILD, "container init exited before it was ready");
        if (r < 0)
                return error_errno(err, r, "receive from container init");
        if (m->type == SYNC_ERROR)
                return error_set(err, m->value > 0 ? m->value : EIO, "%s", m->text);
        if (m->type != (uint32_t)type)
                return error_set(err, EPROTO, "sync: expected \"%s\", got message %u", sync_names[type],
                                 m->type);
        return 0;
}

void sync_send_error(int fd, const struct error *err)
{
        sync_send(fd, SYNC_ERROR, err->code ? err->code : EIO, err->msg[0] ? err->msg : "unknown error");
}

static const struct sync_handler *handler_of(const struct sync_peer *peer, uint32_t type)
{
        for (size_t i = 0; i < peer->n_handlers; i++)
                if ((uint32_t)peer->handlers[i].type == type)
                        return &peer->handlers[i];
        return NULL;
}

int sync_drive(int sock, int32_t go, const struct sync_peer *peer, void *ctx, struct error *err)
{
        const struct sync_handler *h;
        struct sync_msg m;
        int r;

        r = sync_send(sock, SYNC_GO, go, NULL);
        if (r < 0)
                return error_errno(err, r, "sync with %s", peer->name);
        for (;;) {
                r = sync_recv(sock, &m);
                if (r == -EPIPE)
                        return peer->eof_error ? error_set(err, ECHILD, "%s", peer->eof_error) : 0;
                if (r < 0)
                        return error_errno(err, r, "receive from %s", peer->name);
                if (m.type == SYNC_ERROR)
                        return error_set(err, m.value > 0 ? m.value : EIO, "%s", m.text);
                h = handler_of(peer, m.type);
                if (!h)
                        return error_set(err, EPROTO, "sync: unexpected message %u from %s", m.type,
                                         peer->name);
                r = h->handle(ctx, sock, &m, err);
                if (r < 0)
                        return r;
                if (h->reply) {
                        int s = sync_send(sock, h->reply, 0, NULL);
                        if (s < 0)
                                return error_errno(err, s, "sync with %s", peer->name);
                }
                if (r == SYNC_DONE)
                        return 0;
        }
}

int sync_take_fd(int sock, int *slot, struct error *err)
{
        int fd = fd_recv(sock, NULL, 0, err);

        if (fd < 0)
                return fd;
        if (*slot >= 0)
                close(*slot);
        *slot = fd;
        return 0;
}
