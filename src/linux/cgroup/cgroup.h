/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The container's cgroup on a v1, v2 or hybrid host, behind one interface.
 * Writers take directory fds, so unit tests point them at a temporary tree.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/spec.h"
#include "util/error.h"

struct cgroup;

/*
 * Resolves where the container's cgroup lives, as runc interprets cgroupsPath:
 * absolute: under each hierarchy's root; relative: under brownie's own cgroup of
 * each hierarchy (on pure v2 its parent); NULL: a default path named after the
 * container id, relative. With systemd_cgroup the "slice:prefix:name" form is
 * accepted: the cgroup is then the transient unit "<prefix>-<name>.scope" in that slice, at the path
 * systemd gives it, and systemd must answer over D-Bus (checked here). Nothing is created yet.
 */
int cgroup_resolve(const char *cgroups_path, const char *id, bool systemd_cgroup, struct cgroup **out,
                   struct error *err);

/* A hierarchy's name ("memory", "cpu,cpuacct", "name=systemd"; "" for the unified one) and the
 * container's cgroup below its mount, as state.json keeps them. */
struct cgroup_saved_path {
        char *hierarchy;
        char *path;
};

/*
 * Finds a cgroup made before from what was saved, without looking at the caller's own cgroup:
 * each hierarchy at the saved path of its name, else at primary (an older state that kept one
 * path only). The paths are checked as absolute cgroupsPaths are.
 */
int cgroup_resolve_saved(const char *primary, const struct cgroup_saved_path *paths, size_t n,
                         struct cgroup **out, struct error *err);

/* The same where the state lists only the hierarchies a rootless create joined: the others are
 * absent (never made, never looked at). */
int cgroup_resolve_saved_listed(const char *primary, const struct cgroup_saved_path *paths, size_t n,
                                struct cgroup **out, struct error *err);

/* The number of hierarchies, and hierarchy i's name and the cgroup's path in it (for saving). */
int cgroup_hierarchies(const struct cgroup *cg);
void cgroup_hierarchy(const struct cgroup *cg, int i, const char **name, const char **path);

/*
 * Creates the cgroup in every hierarchy (and enables v2 controllers in the parents). Rootless, a
 * hierarchy where the user may not make it or move a process in (EACCES, EPERM, EROFS: nothing
 * delegated to this user) is left out, as runc leaves it, when the config named no cgroupsPath: not
 * joined, and a resource it carries is an error at cgroup_apply. A cgroupsPath the config named must
 * be the user's in every controller's hierarchy (as with runc): else the error names linux.cgroupsPath.
 */
int cgroup_create(struct cgroup *cg, bool rootless, struct error *err);
/* The same, and where the cgroup's directory was already there in some hierarchy, check (made for such
 * a one: frozen, in use) is called once all are made; its error takes back what this call made and is
 * returned. A fresh cgroup is never looked at. */
typedef int (*cgroup_check_fn)(struct cgroup *cg, struct error *err);
int cgroup_create_checked(struct cgroup *cg, bool rootless, cgroup_check_fn check, struct error *err);
/* With --systemd-cgroup nothing is made here: the unit is started by cgroup_enter, with the init in it. */

/* Whether hierarchy i holds the container (it was made there, or found in the state). */
bool cgroup_joined(const struct cgroup *cg, int i);

/* A directory fd of the v2 cgroup for clone3(CLONE_INTO_CGROUP), or -1 when not applicable. */
int cgroup_v2_fd(struct cgroup *cg);

/* Moves pid into the cgroup in every hierarchy. With --systemd-cgroup the first call starts the unit
 * with pid in it and the unit properties of r (NULL: none), waits for systemd's job, then makes the
 * cgroup in the hierarchies systemd leaves alone. */
int cgroup_enter(struct cgroup *cg, pid_t pid, const struct spec_resources *r, struct error *err);

/* The systemd unit that holds the cgroup ("brownie-c1.scope"), NULL without --systemd-cgroup. */
const char *cgroup_unit(const struct cgroup *cg);

/* A cgroup found again from the state is that unit's: update sets its properties, destroy stops it. */
int cgroup_use_unit(struct cgroup *cg, const char *unit, struct error *err);

/* Applies linux.resources: every field is written, or refused with an error naming it. */
int cgroup_apply(struct cgroup *cg, const struct spec_resources *r, struct error *err);

/* Applies new limits to a live container; when a write fails, the values already changed are put back.
 * A systemd unit gets the limits as properties first (SetUnitProperties), then the files are written. */
int cgroup_update(struct cgroup *cg, const struct spec_resources *r, struct error *err);

/* What events --stats reports; fields the host does not have stay 0. */
struct cgroup_blkio_entry {
        uint32_t major, minor;
        char op[16];
        uint64_t value;
};

struct cgroup_hugetlb_stat {
        char size[16];
        uint64_t usage, max, failcnt;
};

struct cgroup_stats {
        uint64_t cpu_total, cpu_user, cpu_kernel; /* nanoseconds */
        uint64_t *cpu_percpu;                     /* nanoseconds, n_percpu entries (malloc'd) */
        size_t n_percpu;
        uint64_t throttle_periods, throttled_periods, throttled_time;
        uint64_t mem_usage, mem_max_usage, mem_limit, mem_failcnt;
        uint64_t swap_usage, swap_limit;
        uint64_t oom_kills;
        uint64_t pids_current, pids_limit;
        bool has_cpu, has_memory, has_pids;
        /* blkio: per device and operation ("Read", "Write", ...), as runc reports them (malloc'd) */
        struct cgroup_blkio_entry *io_bytes, *io_ios;
        size_t n_io_bytes, n_io_ios;
        /* hugetlb: per page size ("2MB"); max (the peak) only where v1 keeps it (malloc'd) */
        struct cgroup_hugetlb_stat *hugetlb;
        size_t n_hugetlb;
};

int cgroup_stats_read(struct cgroup *cg, struct cgroup_stats *st, struct error *err);
void cgroup_stats_free(struct cgroup_stats *st);

/* The pids in the cgroup (malloc'd array). */
int cgroup_pids(struct cgroup *cg, pid_t **pids, size_t *n, struct error *err);

/* Pure v2: SIGKILL to every process of the cgroup and its nested ones at once (cgroup.kill, Linux
 * 5.14+), so that nothing forks out of reach. -ENOTSUP (err untouched) where there is no such file. */
int cgroup_kill(struct cgroup *cg, struct error *err);

/* Freezes (or thaws) every process of the cgroup and waits until the kernel says it is done:
 * v1 freezer.state FROZEN/THAWED, v2 cgroup.freeze and cgroup.events "frozen". */
int cgroup_freeze(struct cgroup *cg, bool frozen, struct error *err);

/* The directory of the cgroup in the hierarchy that freezes it (v1 freezer, else the unified one), as
 * criu's --freeze-cgroup takes it. 0, or -ENOENT when there is none. */
int cgroup_freezer_dir(const struct cgroup *cg, char *buf, size_t size);

/* The v1 hierarchy i of the cgroup as a "cgroup" mount without a cgroup namespace binds it into its tmpfs
 * (linux/mount/mount_cgroup.c): the directory's name there ("cpu,cpuacct") in base and the host directory
 * bound on it (the container's cgroup) in src. 1; 0 for a hierarchy that is not bound so (the unified one,
 * one a rootless container has no cgroup in); -ENOENT past the last. */
int cgroup_v1_bind(const struct cgroup *cg, int i, char *base, size_t bsize, char *src, size_t ssize);

/* True when the cgroup is frozen. */
bool cgroup_is_frozen(struct cgroup *cg);

/* Removes the cgroup (and nested ones) everywhere; waits briefly for it to empty. A systemd unit is
 * stopped first (and reset, so systemd forgets it). */
int cgroup_destroy(struct cgroup *cg, struct error *err);
/* Removes the container's cgroup where it is empty and has no nested ones, one rmdir a hierarchy; true when
 * nothing is left anywhere. What is still populated is left for the caller to kill and cgroup_destroy, as
 * is a container in a systemd unit (false at once: the unit is stopped first). */
bool cgroup_remove_empty(struct cgroup *cg);

/* The primary path, shown to users (e.g. "/brownie-test/1/c1"): the same in every hierarchy
 * unless a relative cgroupsPath was taken below own cgroups that differ (see cgroup_hierarchy). */
const char *cgroup_path(const struct cgroup *cg);

/* The cgroup directories kept open since cgroup_create, handed to a child that must not hold them (they
 * are O_CLOEXEC, but the container's init runs code of ours before its execve) for it to close, at most
 * max into out; the cgroup no longer counts them open. Returns how many. */
#define CGROUP_MAX_FDS 17
size_t cgroup_take_fds(struct cgroup *cg, int *out, size_t max);
/* Closes them (where the cgroup is done with: delete, or a child keeping nothing else). */
void cgroup_close_fds(struct cgroup *cg);

void cgroup_free(struct cgroup *cg);
