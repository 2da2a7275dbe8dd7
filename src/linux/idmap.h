/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Idmapped bind mounts (config.md: mount uidMappings/gidMappings, the "idmap" and "ridmap" options).
 * The runtime prepares them on the host, before the container's init exists: it makes a user
 * namespace holding the mappings, clones the source tree and gives the tree that idmapping. The init
 * inherits the detached trees and attaches them where the mounts go (mount_entry.c), so the
 * preparation needs no privilege the container's own user namespace would lack.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "model/spec.h"
#include "util/error.h"

/* True when m asks for an idmapped mount. */
bool idmap_wanted(const struct spec_mount *m);

/*
 * A detached clone of source (recursive for rbind) carrying m's idmapping: m's own mappings, else
 * the container's user namespace's (lx). AT_RECURSIVE with "ridmap". Returns the tree's fd (O_CLOEXEC).
 * Errors name the mount by what ("mounts[2] \"/data\"").
 */
int idmap_tree(const struct spec_mount *m, const char *source, const struct spec_linux *lx, const char *what,
               struct error *err);
