/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Id-mapped mounts, the runtime's half. MOUNT_ATTR_IDMAP needs privileges over the source's
 * superblock (for a host filesystem: the initial user namespace), which the container's init has
 * not once it is in its own user namespace. So, as runc does, the runtime makes the detached,
 * id-mapped clone of the source, in the container's mount namespace (the clone keeps the flags that
 * namespace locked, and sees the sources as the init does), and hands it to the init, which sets the
 * mount's options on it and attaches it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "model/spec.h"
#include "util/error.h"

/*
 * A new user namespace holding these maps; returns an fd of it. A child is cloned into a new user
 * namespace and waits while its maps are written and the namespace is opened; then it is killed and
 * reaped (nothing outlives the call but the fd).
 */
int idmap_userns_new(const struct spec_id_mapping *uids, size_t n_uids, const struct spec_id_mapping *gids,
                     size_t n_gids, struct error *err);

/*
 * A detached clone of the tree at source (only its top mount unless recursive), made in the mount
 * namespace of the process behind pidfd by a short-lived helper that joins it, with MOUNT_ATTR_IDMAP
 * of the user namespace userns_fd on the top mount (every mount of the clone when idmap_recursive);
 * with userns_fd -1 a plain clone, the source reached with the runtime's credentials (a bind source the
 * init may not reach from its user namespace). Returns the tree's fd. Errors name the source.
 */
int idmap_tree_open(int pidfd, const char *source, bool recursive, bool idmap_recursive, int userns_fd,
                    struct error *err);
