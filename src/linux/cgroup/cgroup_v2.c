/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The v2 backend's part in placing a container: its cgroup made in the unified hierarchy, each
 * ancestor delegating the controllers it has to its children (cgroup.subtree_control), so the
 * container's cgroup carries their interface files. The leaf delegates nothing: a cgroup with
 * controllers enabled for its children may hold no process.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"
#include "util/log.h"

int cgroup_v2_delegate(int dirfd, const char *display, struct error *err)
{
        _cleanup_free_ char *have = NULL;
        char all[512], *tok, *save = NULL;
        size_t off = 0;
        int r;

        r = cgfs_read(dirfd, display, "cgroup.controllers", &have, err);
        if (r < 0)
                return r;
        for (tok = strtok_r(have, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
                if (off + strlen(tok) + 3 < sizeof(all))
                        off += (size_t)snprintf(all + off, sizeof(all) - off, "%s+%s", off ? " " : "", tok);
        if (!off || cgfs_write(dirfd, display, "cgroup.subtree_control", all, NULL) == 0)
                return 0;
        /* One refused (cpu with a real-time task, say): take the others one by one. Missing ones show
         * later as a resource file that does not exist, named in that error. */
        for (tok = strtok_r(all, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
                struct error e = ERROR_INIT;
                if (cgfs_write(dirfd, display, "cgroup.subtree_control", tok, &e) < 0)
                        log_debug("cgroup: %s", e.msg);
        }
        return 0;
}

static int v2_level(int parent_fd, int dir_fd, const char *display, bool fresh, void *data, struct error *err)
{
        char parent[PATH_MAX_CG + 256];
        char *slash;

        snprintf(parent, sizeof(parent), "%s", display);
        slash = strrchr(parent, '/');
        if (slash)
                *slash = '\0';
        return cgroup_v2_delegate(parent_fd, parent, err);
}

int cgroup_v2_create(const struct cgroup *cg, const struct cgroup_hierarchy *h, int root_fd, int *made,
                     struct error *err)
{
        return cgfs_mkdir_walk(root_fd, h->mount, h->path, v2_level, NULL, made, err);
}
