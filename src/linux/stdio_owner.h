/* SPDX-License-Identifier: Apache-2.0 */
/* The owner of the process's stdio, handed to the user it becomes, as runc hands it. */
#pragma once

#include <sys/types.h>

#include "linux/fds.h"
#include "util/error.h"

/*
 * Before the switch to the process's user (we are still root in the container): stdin, stdout and stderr
 * that are not the container's /dev/null and not already the user's become uid's, their group kept. A
 * terminal then belongs to the user who types on it (so a `tty` of mode 0620 is writable by it), and a
 * pipe or file the engine passed can be opened again as /dev/stdout. A descriptor the kernel will not
 * let us change (its owner or group not mapped into the user namespace, a read-only filesystem) is left.
 * seen, where valid, is what the fds are (fds_reopen_dev_null looked); else each is looked at here.
 */
int stdio_owner_set(uid_t uid, const struct stdio_seen *seen, struct error *err);
