/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seccomp listener of runtime.md: when a filter has SCMP_ACT_NOTIFY rules, the process that loaded
 * it sends its notify fd to the runtime (SYNC_SECCOMP), and the runtime sends it on to
 * linux.seccomp.listenerPath with the container process state, a JSON document naming the fds.
 */
#pragma once

#include <sys/types.h>

#include "model/spec.h"
#include "util/error.h"

/*
 * Receives the notify fd that follows a SYNC_SECCOMP message on sync_fd and sends it to the listener.
 * pid is the process that loaded the filter; state_json the container's state (as hooks get it).
 */
int seccomp_listener_forward(const struct spec *s, int sync_fd, pid_t pid, const char *state_json,
                             struct error *err);
