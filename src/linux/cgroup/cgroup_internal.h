/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the cgroup files share. A container's cgroup has a path below the root of every hierarchy
 * the host has: the v1 controllers' mounts, the unified one, or both on a hybrid host. An absolute
 * cgroupsPath ("/brownie-test/1/c1") is the same path in each; a relative one is below the
 * runtime's own cgroup of each hierarchy, which may differ. Every file access goes through a directory fd
 * opened below the hierarchy's mount (cgroup_fs.c), so unit tests point the code at a temporary tree by
 * handing cgroup_resolve_at() a mountinfo text that names it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/systemd_props.h"

#define CGROUP_MAX_HIERARCHIES 16
#define PATH_MAX_CG            4096

struct cgroup_hierarchy {
        char name[64];   /* "memory", "cpu,cpuacct", "name=systemd"; "" for the unified hierarchy */
        char mount[256]; /* "/sys/fs/cgroup/memory" */
        bool v2;
        char *path;    /* the container's cgroup below mount ("/brownie-test/1/c1"), once resolved */
        int absent;    /* rootless: the errno that kept the cgroup from being made here (not joined); 0 */
        bool dir_open; /* dir_fd is the cgroup's directory, kept from cgroup_create for the writes after it */
        int dir_fd;
};

enum cgroup_mode { CGROUP_MODE_V1, CGROUP_MODE_V2, CGROUP_MODE_HYBRID };

/* --systemd-cgroup: whether the container's unit may exist (what destroy must stop). */
enum cgroup_unit_state {
        CGROUP_UNIT_NONE,        /* no systemd: brownie makes the cgroup itself */
        CGROUP_UNIT_NOT_STARTED, /* create has not asked systemd for it yet */
        CGROUP_UNIT_STARTED,     /* asked for at create, or found in the state */
};

struct systemd_bus;

/* What a resource file held before an update wrote it, to put it back when the update fails. */
struct cgroup_undo {
        int h; /* index into cgroup.h */
        char file[64];
        char value[256];
};

#define CGROUP_MAX_UNDO 64

struct cgroup {
        enum cgroup_mode mode;
        char *path; /* the primary path, for display and state.json (see cgroup_own_path) */
        struct cgroup_hierarchy h[CGROUP_MAX_HIERARCHIES];
        int n;
        int v2_fd;                /* pure v2: the cgroup's directory, once created */
        bool rootless;            /* made rootless: refused device rules are not errors */
        bool given;               /* the config named cgroupsPath (rootless, it must then be the user's) */
        struct cgroup_undo *undo; /* while an update records (cgroup_update) */
        int n_undo;
        enum cgroup_unit_state unit_state;
        struct sd_unit unit;     /* --systemd-cgroup: the container's unit and its slice */
        struct systemd_bus *bus; /* the connection to systemd, once opened */
};

static inline void cleanup_cgroupp(struct cgroup **cg)
{
        cgroup_free(*cg);
        *cg = NULL;
}

/* --- the host's hierarchies (cgroup_mode.c) --- */

/* Finds the hierarchies mounted under root (normally /sys/fs/cgroup) and the host's mode. */
int cgroup_discover(const char *root, struct cgroup *cg, struct error *err);

/* The same from the text of a mountinfo file: the cgroup and cgroup2 mounts at or below root. */
int cgroup_discover_mountinfo(const char *mountinfo, const char *root, struct cgroup *cg, struct error *err);

/* The hierarchy of a v1 controller ("memory", "name=systemd"), or the unified one for "".
 * NULL when not mounted. */
const struct cgroup_hierarchy *cgroup_find(const struct cgroup *cg, const char *controller);

/* The hierarchy that carries controller for resource files: its v1 mount where there is one
 * (v1, hybrid), else the unified hierarchy (pure v2, or hybrid for what only v2 has). *v2 tells
 * which file names apply. NULL when neither exists. */
const struct cgroup_hierarchy *cgroup_controller(const struct cgroup *cg, const char *controller, bool *v2);

/* --- cgroupsPath (cgroup_path.c) --- */

/* cgroupsPath as runc reads it; own is the cgroup relative paths go below (cgroup_own_path).
 * Returns a malloc'd, normalised absolute path. */
int cgroup_path_interpret(const char *cgroups_path, const char *id, bool systemd, const char *own, char **out,
                          struct error *err);

/* From the text of /proc/self/cgroup, the cgroup a relative cgroupsPath is taken below for the
 * primary path: on pure v2 the parent of ours ("0::/a/b" gives "/a": ours has processes, so it
 * cannot delegate controllers); on v1 and hybrid our own of the name=systemd line, else of the
 * first v1 line, else of "0::". */
void cgroup_own_path(const char *proc_self_cgroup, enum cgroup_mode mode, char *out, size_t size);

/* The same for one hierarchy, as runc's v1 driver takes it: for a v1 hierarchy our own of the
 * line whose controllers are its own (as sets: "cpuacct,cpu" is "cpu,cpuacct"); for the unified
 * one of "0::" (its parent on pure v2, as above). Without such a line, cgroup_own_path's. */
void cgroup_own_path_of(const char *proc_self_cgroup, enum cgroup_mode mode, const struct cgroup_hierarchy *h,
                        char *out, size_t size);

/* cgroup_resolve against explicit inputs: the mountinfo text, the cgroup root named in it and
 * the text of /proc/self/cgroup (NULL: "0::/"). For unit tests on a temporary tree. */
int cgroup_resolve_at(const char *mountinfo, const char *root, const char *proc_self_cgroup,
                      const char *cgroups_path, const char *id, bool systemd, struct cgroup **out,
                      struct error *err);

/* cgroup_resolve_saved against an explicit mountinfo text and root, for unit tests (NULL mountinfo:
 * this process's, below root). */
int cgroup_resolve_saved_at(const char *mountinfo, const char *root, const char *primary,
                            const struct cgroup_saved_path *paths, size_t n, struct cgroup **out,
                            struct error *err);

/* --- the systemd unit (cgroup_unit.c) --- */

/* Opens the connection to systemd (once). */
int cgroup_unit_bus(struct cgroup *cg, struct error *err);

/* Starts the container's unit with pid in it and the properties of r (NULL: none), and waits for it. */
int cgroup_unit_start(struct cgroup *cg, pid_t pid, const struct spec_resources *r, struct error *err);

/* Sets the properties of r on the running unit (update). */
int cgroup_unit_set(struct cgroup *cg, const struct spec_resources *r, struct error *err);

/* Stops the unit where it may exist; systemd removes its cgroup. */
int cgroup_unit_stop(struct cgroup *cg, struct error *err);

/* --- file access by directory fd (cgroup_fs.c) --- */

/* Opens a hierarchy's mount point (O_PATH): the root fd the walks below start from. */
int cgroup_mount_open(const struct cgroup_hierarchy *h, struct error *err);

/* Opens rel (no leading slash; "" is dirfd itself) below dirfd with flags | O_CLOEXEC, never
 * through a symlink or out of dirfd. Returns the fd or -1 with errno. */
int cgfs_open_beneath(int dirfd, const char *rel, int flags);

/* Opens the container's directory in hierarchy h (O_RDONLY|O_DIRECTORY|O_CLOEXEC), resolved
 * below the mount with no symlink followed. -ENOENT (err filled) when it does not exist. */
int cgroup_dir_open(const struct cgroup *cg, const struct cgroup_hierarchy *h, struct error *err);

/* The container's directory in hierarchy h for a use and no longer: the fd kept since cgroup_create
 * (borrowed: *owned stays -1), else one opened now into *owned, for the caller to close. */
int cgroup_dir_use(const struct cgroup *cg, const struct cgroup_hierarchy *h, int *owned, struct error *err);

/* Writes value to a file of the cgroup in hierarchy h; the error names the file. */
int cgroup_write(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file,
                 const char *value, struct error *err);

/* Whether the cgroup in hierarchy h has the file (which files a controller shows depends on the kernel). */
bool cgroup_has_file(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file);

/* Reads a file of the cgroup in hierarchy h (malloc'd, NUL-terminated). */
int cgroup_read(const struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file, char **out,
                struct error *err);

/* Writes value to dirfd/file; display names dirfd in the error ("write \"1\" to \"<display>/file\""). */
int cgfs_write(int dirfd, const char *display, const char *file, const char *value, struct error *err);
/* The two halves of cgfs_write, for several values written to one file (one write each). */
int cgfs_open_write(int dirfd, const char *display, const char *file, struct error *err);
int cgfs_write_fd(int fd, const char *display, const char *file, const char *value, struct error *err);

/* Reads dirfd/file whole (malloc'd, NUL-terminated). */
int cgfs_read(int dirfd, const char *display, const char *file, char **out, struct error *err);

/* Called for each level of a path that cgfs_mkdir_walk makes or finds, the parent's fd with the
 * level's. */
typedef int (*cgfs_level_fn)(int parent_fd, int dir_fd, const char *display, bool fresh, void *data,
                             struct error *err);

/* The cgroup of h made (when missing: *made = 1) and opened by its path, its parent being there: the fd of
 * its directory, or -errno (-ENOENT: a parent is missing; the walk makes it). */
int cgfs_mkdir_direct(const struct cgroup_hierarchy *h, int *made);

/* True when making h's cgroup must look at each level on the way (a v1 cpuset gets its parent's values). */
bool cgroup_v1_walks(const struct cgroup_hierarchy *h);

/*
 * mkdir -p of path (absolute, normalised) below root_fd, one component at a time with no symlink
 * followed; level (may be NULL) runs for every level once it exists. *made is the number of
 * trailing components this call created (for cgfs_unmake). Returns the fd of path's directory.
 * Without a level function, a path whose parent exists takes one mkdirat and one open.
 */
int cgfs_mkdir_walk(int root_fd, const char *root_display, const char *path, cgfs_level_fn level, void *data,
                    int *made, struct error *err);

/* Removes the last made components of path below root_fd, deepest first (rollback of a walk). */
void cgfs_unmake(int root_fd, const char *path, int made);

/*
 * Removes dir name below parent_fd and every cgroup nested in it, depth first. A cgroup whose
 * last process is still exiting answers EBUSY: retried until deadline (CLOCK_MONOTONIC).
 * ENOENT is success. The error names the directory that stayed.
 */
int cgfs_remove_tree(int parent_fd, const char *name, const char *display, const struct timespec *deadline,
                     struct error *err);

/* Appends the pids of dirfd's cgroup.procs and of every nested cgroup's to *pids. */
int cgfs_collect_pids(int dirfd, const char *display, pid_t **pids, size_t *n, size_t *cap,
                      struct error *err);

/* --- the backends: making the cgroup in one hierarchy (cgroup_v1.c, cgroup_v2.c) --- */

/* Both return the fd of the cgroup's directory. */
/* v1: mkdir -p; in the cpuset hierarchy, empty cpuset.cpus/mems are copied down from the parent. */
int cgroup_v1_create(const struct cgroup *cg, const struct cgroup_hierarchy *h, int root_fd, int *made,
                     struct error *err);

/* v2: mkdir -p, every ancestor delegating the controllers it has (cgroup.subtree_control). */
int cgroup_v2_create(const struct cgroup *cg, const struct cgroup_hierarchy *h, int root_fd, int *made,
                     struct error *err);

/* v2: the controllers of a directory (cgroup.controllers) delegated to its children. */
int cgroup_v2_delegate(int dirfd, const char *display, struct error *err);
