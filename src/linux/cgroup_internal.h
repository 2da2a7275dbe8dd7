/* SPDX-License-Identifier: Apache-2.0 */
/* What the cgroup files share: the hierarchies a container's cgroup lives in. */
#pragma once

#include <stdbool.h>

#include "cgroup.h"

#define CGROUP_MAX_HIERARCHIES 16
#define PATH_MAX_CG            4096

struct cgroup_hierarchy {
        char name[32];   /* "memory", "cpu", ... "name=systemd"; "" for the unified hierarchy */
        char mount[256]; /* "/sys/fs/cgroup/memory" */
        bool v2;
};

enum cgroup_mode { CGROUP_MODE_V1, CGROUP_MODE_V2, CGROUP_MODE_HYBRID };

/* What a resource file held before an update wrote it, to put it back when the update fails. */
struct cgroup_undo {
        char path[PATH_MAX_CG + 64];
        char value[256];
};

#define CGROUP_MAX_UNDO 64

struct cgroup {
        enum cgroup_mode mode;
        char *path; /* "/brownie-test/1/c1": the same below every hierarchy */
        struct cgroup_hierarchy h[CGROUP_MAX_HIERARCHIES];
        int n;
        int v2_fd;                /* pure v2: the cgroup's directory, once created */
        struct cgroup_undo *undo; /* while an update records (cgroup_update) */
        int n_undo;
};

/* The hierarchy of a v1 controller (or the unified one for "" on v2/hybrid), NULL when not mounted. */
const struct cgroup_hierarchy *cgroup_find(const struct cgroup *cg, const char *controller);

/* Opens <mount><path> as a directory. */
int cgroup_dir_open(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct error *err);

/* Writes value to a file of the cgroup in hierarchy h. */
int cgroup_write(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file,
                 const char *value, struct error *err);

/* Finds the hierarchies mounted under root (normally /sys/fs/cgroup). */
int cgroup_discover(const char *root, struct cgroup *cg, struct error *err);

/* cgroup_resolve with an explicit mount root and own cgroup (for tests on a temporary tree). */
int cgroup_resolve_at(const char *root, const char *cgroups_path, const char *id, bool systemd,
                      const char *own, struct cgroup **out, struct error *err);

static inline void cleanup_cgroupp(struct cgroup **cg)
{
        cgroup_free(*cg);
        *cg = NULL;
}

/* cgroupsPath as runc reads it; own is the caller's cgroup (for relative paths). Returns a malloc'd path. */
int cgroup_path_interpret(const char *cgroups_path, const char *id, bool systemd, const char *own, char **out,
                          struct error *err);
