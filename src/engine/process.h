/* SPDX-License-Identifier: Apache-2.0 */
/* What every process the runtime starts in a container goes through before execve (init and exec alike). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "linux/fds.h"
#include "model/spec.h"
#include "util/error.h"

/* Records which signals the runtime's caller left ignored; called once, before anything is spawned. */
void note_inherited_signals(void);
/* Default dispositions and an empty mask, so that the caller's do not leak in: only the ignored signals
 * need resetting when note_inherited_signals() ran, every signal otherwise. */
void reset_signals(void);

/*
 * a session of its own, rlimits, the program's path (looked up in its PATH), cwd, the bounding set,
 * uid/gid/groups, umask, capabilities, no_new_privs, and the seccomp filter when
 * it must be loaded while privileged. exe receives the program's path, env the
 * environment to exec with (process.env, with HOME from /etc/passwd when it has none). seen: what stdio is,
 * where the caller has looked already (NULL: looked at here).
 */
int process_setup(const struct spec *s, const struct spec_process *p, int sync_fd,
                  const struct stdio_seen *seen, char *exe, size_t size, char ***env, struct error *err);

/* With no_new_privs the filter is loaded last, right before execve; a filter with SCMP_ACT_NOTIFY
 * rules as soon as the process is set up, while the runtime still listens on sync_fd. */
bool seccomp_late(const struct spec_process *p);
bool seccomp_notifies(const struct spec *s);
/* Loads linux.seccomp; a listener fd it yields goes to the runtime over sync_fd (SYNC_SECCOMP). */
int load_seccomp(const struct spec *s, int sync_fd, struct error *err);
