/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runtime's answer to the init's SYNC_IDMAP: the detached clone of a bind mount's source
 * (linux/mount_idmap.h), made with the runtime's privileges and sent to the init: id-mapped when the
 * mount asks for it, else plain (a source the init may not reach from its user namespace).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/spec.h"
#include "util/error.h"

/* User namespaces made for mounts' own mappings, kept for the mounts that repeat them (as runc). */
struct idmap_userns_cache {
        struct idmap_userns {
                const struct spec_id_mapping *uids, *gids;
                size_t n_uids, n_gids;
                int fd;
        } * ns;
        size_t n;
};

struct idmap_serve_ctx {
        const struct spec *spec;
        const char *bundle;
        pid_t pid; /* the container's init */
        int pidfd;
        struct idmap_userns_cache cache;
};

/* Makes the tree of spec->mounts[index] and sends it on sock (SYNC_IDMAP_DONE, then the fd). */
int idmap_serve(struct idmap_serve_ctx *c, int sock, int32_t index, struct error *err);

/* Closes the cached user namespaces. */
void idmap_serve_release(struct idmap_serve_ctx *c);

/* Runtime-side checks before anything is made: id-mapped mounts need a runtime running as root. */
int idmap_check(const struct spec *s, struct error *err);
