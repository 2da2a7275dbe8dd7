/* SPDX-License-Identifier: Apache-2.0 */
/* Steps shared by the commands: releasing a created container, destroying a stopped one, signalling. */
#pragma once

#include <signal.h>
#include <stdbool.h>

#include "container.h"
#include "engine.h"
#include "model/spec.h"

/* Releases a created container into its program, then runs poststart hooks (warnings only). init_pidfd:
 * the init's pidfd where the caller holds it (run, from the clone; kept by the caller), else -1: one is
 * opened and checked against the init's start time. */
int container_start(struct container *c, const struct spec *spec, int init_pidfd, int start_sock,
                    struct error *err);

/* Removes a stopped container: leftover processes, cgroup, poststop hooks, state directory. known: its spec
 * where the caller holds it (run), else it is read from the state directory. */
int container_destroy(const struct global_opts *g, struct container *c, const struct spec *known,
                      struct error *err);

/* A pidfd of the init, checked against the state's start time (linux/pidfd_pin.h, through the container's
 * kernel calls): the fd, -ESRCH when that process is gone, or another -errno. */
int container_pin(const struct container *c);

/* Signals the init (container_pin), or every process of its cgroup. */
int container_signal(struct container *c, int sig, bool all, struct error *err);

/* The signals run and exec pass on to the process they wait for. */
void forwarded_signals(sigset_t *set);

/* The window size of our terminal (stdin), when it is one, onto the container's pty master. */
void terminal_size_to(int pty_master);

/* Whether a process's pty is to pass its newlines as written (pty_output_as_written), decided before
 * the process is cloned: when we relay the pty ourselves (no --console-socket) to a stdout that is not a
 * terminal (a file, a pipe), as runc clears ONLCR of a pty it relays; on a terminal "\r\n" stays, so
 * that each line starts at the left of the raw terminal. */
bool relay_output_as_written(const char *console_socket);

/*
 * Waits for a process (pidfd), forwarding every signal we get to it (block
 * forwarded_signals() first) and, with pty_master >= 0, relaying our stdio to
 * the terminal (raw mode, window size). *status: exit code, or 128+signal.
 */
int wait_process(int pidfd, int pty_master, int *status, struct error *err);

/* Waits up to timeout_ms for the init to be gone. */
int container_wait_stopped(struct container *c, int timeout_ms);
