/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Passing fds over unix sockets (SCM_RIGHTS): the sync socket (a pty master, a seccomp listener, an
 * id-mapped tree), --console-socket, --pidfd-socket, linux.seccomp.listenerPath. Mechanism only: what an
 * fd is and who may have it is the caller's business.
 */
#pragma once

#include <stddef.h>

#include "error.h"

/* Sends fd with SCM_RIGHTS and the payload name over a connected unix socket. */
int fd_send(int sock, int fd, const char *name, struct error *err);

/* Receives one message: up to size bytes of payload into buf (*len: how many, 0 when the peer is gone)
 * and the fd it carries with SCM_RIGHTS into *fd, -1 when it carries none. */
int fd_recv_msg(int sock, void *buf, size_t size, size_t *len, int *fd, struct error *err);

/* Receives one fd sent with fd_send; *name (optional) gets the payload. */
int fd_recv(int sock, char *name, size_t size, struct error *err);

/* Connects to the unix socket at path and sends fd there with fd_send (--console-socket, --pidfd-socket). */
int unix_send_fd(const char *path, int fd, const char *name, struct error *err);

/* Connects to a unix socket path (SOCK_STREAM). */
int unix_connect(const char *path, struct error *err);
