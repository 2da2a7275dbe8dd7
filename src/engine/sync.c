/* SPDX-License-Identifier: Apache-2.0 */
#include "sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

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
    [SYNC_IDMAP] = "idmap",
    [SYNC_IDMAP_DONE] = "idmap-done",
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
