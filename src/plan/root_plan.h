/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Propagation of the container's root (linux.rootfsPropagation), as runc applies
 * it: to "/" before anything is mounted (so that host mounts neither leak in nor
 * out), to the mount holding the rootfs (pivot_root refuses a shared parent), and
 * once more to the new "/" after pivot_root, where the container sees it.
 */
#pragma once

#include <stdbool.h>

#include "model/spec.h"

/* MS_* for "/" before the rootfs is bound: rslave unless shared, slave or private is asked.
 * Unbindable waits for the new root: an unbindable "/" would refuse the rootfs and bind sources. */
unsigned long plan_root_prepare_flags(enum spec_propagation p, bool recursive);

/* MS_* for the mount holding the rootfs: a slave when a slave root is asked, else private. */
unsigned long plan_root_parent_flags(enum spec_propagation p);

/* MS_* for the container's "/" after pivot_root; 0 when the earlier steps already gave it
 * (private, slave, none). */
unsigned long plan_root_final_flags(enum spec_propagation p, bool recursive);

/* False when the propagation is unsafe without pivot_root, as runc refuses it: with a private
 * "/" the host's mounts stay pinned below the moved root, never seeing the host unmount them. */
bool plan_root_no_pivot_allowed(enum spec_propagation p);
