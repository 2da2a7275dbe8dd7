/* SPDX-License-Identifier: Apache-2.0 */
/* The user namespace's id maps, written by the parent for the child. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "model/spec.h"
#include "util/error.h"

/* Writes /proc/<pid>/uid_map and gid_map (setgroups "deny" first when deny_setgroups). */
int userns_write_maps(pid_t pid, const struct spec_linux *l, bool deny_setgroups, struct error *err);

/* Writes the given uid and gid maps of pid's user namespace (either may be empty: not written). */
int userns_write_id_maps(pid_t pid, const struct spec_id_mapping *uids, size_t n_uids,
                         const struct spec_id_mapping *gids, size_t n_gids, struct error *err);

/* False when this process's user namespace has setgroups "deny" (then supplementary groups stay). */
bool userns_setgroups_allowed(void);

/* Formats a mapping list as the kernel takes it ("0 100000 65536\n..."). Returns bytes written or -ENOSPC. */
int userns_format_map(const struct spec_id_mapping *m, size_t n, char *buf, size_t size);
