/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NOTIFY_SOCKET passthrough, as runc does it. When the runtime runs with NOTIFY_SOCKET (a service
 * manager waiting for sd_notify), create gives the container a socket of its own: the state
 * directory's notify/ is bind-mounted read-only at /run/notify and the process gets
 * NOTIFY_SOCKET=/run/notify/notify.sock. start binds that socket, lets the program run, and waits
 * for its READY=; it then tells the caller's socket READY=1 and MAINPID=<the init's host pid>, and
 * waits for the manager to take it (sd_notify's BARRIER=1 protocol, 30 s at most).
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "model/spec.h"
#include "util/error.h"

/* create: the notify/ directory in the state directory, the mount and the variable added to spec.
 * Nothing when NOTIFY_SOCKET is not set. */
int notify_socket_prepare(struct spec *spec, int state_dirfd, struct error *err);

/* start, before the program is released: the container's socket bound (its fd in *fd; -1 when
 * there is nothing to relay). */
int notify_socket_bind(int state_dirfd, int *fd, struct error *err);

/* start, after the release: waits for READY= on fd (or for the init to end: pidfd, start's pin of
 * the init, pid its pid), then tells the caller. */
int notify_socket_relay(int fd, pid_t pid, int pidfd, struct error *err);
