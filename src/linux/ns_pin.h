/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Keeping a namespace alive by a bind mount of its /proc/<pid>/ns file (as `ip netns add` does), so that
 * what was set up in it can still be torn down after its last process died.
 */
#pragma once

#include <stdbool.h>

#include "util/error.h"

/* Binds ns_file (e.g. "/proc/123/ns/net") onto dirfd/name, a file created for it. */
int ns_pin(const char *ns_file, int dirfd, const char *name, struct error *err);

/* True when dirfd/name is such a pin (an nsfs mount). */
bool ns_pinned(int dirfd, const char *name);

/* Detaches the pin and removes the file; nothing when there is none. */
void ns_unpin(int dirfd, const char *name);
