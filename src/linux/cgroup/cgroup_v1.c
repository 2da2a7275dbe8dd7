/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The v1 backend's part in placing a container: its cgroup made in one controller's hierarchy.
 * A new cpuset starts with no cpus and no mems and nothing can join it then: each level gets
 * its parent's values when its own are empty.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"

static bool blank(const char *s)
{
        return s[strspn(s, " \t\n")] == '\0';
}

/* What the walk knows of the level above: its cpuset.cpus and cpuset.mems once read or written there. */
struct cpuset_walk {
        char *known[2];
};

static int cpuset_level(int parent_fd, int dir_fd, const char *display, bool fresh, void *data,
                        struct error *err)
{
        static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};
        struct cpuset_walk *w = data;
        char parent[PATH_MAX_CG + 256];
        char *slash;

        snprintf(parent, sizeof(parent), "%s", display);
        slash = strrchr(parent, '/');
        if (slash)
                *slash = '\0';
        for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
                _cleanup_free_ char *mine = NULL, *theirs = NULL;
                int r;

                /* A level made just now is empty (or holds its parent's values, with clone_children). */
                if (!fresh) {
                        r = cgfs_read(dir_fd, display, files[i], &mine, err);
                        if (r < 0)
                                return r;
                        if (!blank(mine)) {
                                free(w->known[i]);
                                w->known[i] = TAKE_PTR(mine);
                                continue;
                        }
                }
                /* The parent's values, unless the level above was just read or written by this walk. */
                if (w->known[i]) {
                        theirs = TAKE_PTR(w->known[i]);
                } else {
                        r = cgfs_read(parent_fd, parent, files[i], &theirs, err);
                        if (r < 0)
                                return r;
                }
                theirs[strcspn(theirs, "\n")] = '\0';
                r = cgfs_write(dir_fd, display, files[i], theirs, err);
                if (r < 0)
                        return r;
                w->known[i] = TAKE_PTR(theirs);
        }
        return 0;
}

static bool carries(const struct cgroup_hierarchy *h, const char *controller)
{
        size_t want = strlen(controller);

        for (const char *p = h->name; *p;) {
                size_t len = strcspn(p, ",");
                if (len == want && !strncmp(p, controller, len))
                        return true;
                p += len + (p[len] == ',');
        }
        return false;
}

bool cgroup_v1_walks(const struct cgroup_hierarchy *h)
{
        return carries(h, "cpuset");
}

int cgroup_v1_create(const struct cgroup *cg, const struct cgroup_hierarchy *h, int root_fd, int *made,
                     struct error *err)
{
        struct cpuset_walk w = {{NULL, NULL}};
        int r;

        r = cgfs_mkdir_walk(root_fd, h->mount, h->path, carries(h, "cpuset") ? cpuset_level : NULL, &w, made,
                            err);
        free(w.known[0]);
        free(w.known[1]);
        return r;
}
