/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.intelRdt through the resctrl filesystem (Intel RDT, AMD QoS): the CTRL_MON group a container
 * is in (its closID, or one named after the container), the schemata written to it, the container's
 * own MON group, and the counters events reports.
 *
 * Only resctrl_find and resctrl_open look for the mount; every other function works below a
 * directory fd of the resctrl root it is given (root names it in messages), so the unit tests run
 * them on a tree of plain files. Messages name the config field and, when the kernel refused,
 * what it said in info/last_cmd_status.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/spec.h"
#include "util/error.h"

#define RESCTRL_DEFAULT_GROUP "/" /* closID "/": the root, the default group */

/* What create made or joined, kept in the container's state so that delete removes exactly that. */
struct resctrl_group {
        char *root;  /* the resctrl mount point */
        char *name;  /* the CTRL_MON group: closID or the container id; "/" is the default group */
        bool closid; /* name is the config's closID */
        bool made;   /* its directory was made by create */
        char *mon;   /* the container's MON group in <name>/mon_groups (create made it), or NULL */
};

/* A line for a group's schemata and the field it came from ("linux.intelRdt.memBwSchema"). */
struct resctrl_line {
        const char *field;
        const char *text;
};

/* The mount point of the first resctrl filesystem mounted from its root in a mountinfo text:
 * 0, -ENOENT when there is none, -ENOMEM. */
int resctrl_mountinfo_find(const char *mountinfo, char **out);

/* Where resctrl is mounted in the runtime's mount namespace; -ENOENT (err says it) when it is not. */
int resctrl_find(char **root, struct error *err);

/* An fd of the resctrl mount at root, checked to still be one. */
int resctrl_open(const char *root, struct error *err);

/* Whether the host monitors (info/L3_MON): enableMonitoring needs it. */
bool resctrl_can_monitor(int rootfd);

/* The schema lines of rdt in the order they are written: l3CacheSchema, memBwSchema, schemata
 * (empty strings are unset). *lines is one allocation (free() it), NULL when there are none. */
int resctrl_spec_lines(const struct spec_intel_rdt *rdt, struct resctrl_line **lines, size_t *n);

/* A line's resource ("L3", "MB", ...) must be one this host has (info/<resource>). */
int resctrl_check_line(int rootfd, const char *root, const struct resctrl_line *line, struct error *err);

/* Everything create checks before anything is made: the group's name, the resources the schemas
 * name, monitoring, a closID without a schema naming a group that exists, a schema for an existing
 * group matching what the group has, no MON group of this id yet. */
int resctrl_check(int rootfd, const char *root, const struct spec_intel_rdt *rdt, const char *id,
                  struct error *err);

/* Makes the group (or joins the existing one), writes its schemata, makes the MON group. On failure
 * nothing it made is left. */
int resctrl_setup(int rootfd, const char *root, const struct spec_intel_rdt *rdt, const char *id,
                  struct resctrl_group **out, struct error *err);

/* Puts pid into the group's tasks, then into its MON group's. */
int resctrl_enter(int rootfd, const struct resctrl_group *g, pid_t pid, struct error *err);

/* What delete removes (config-linux.md): the group when create made it and it is not a closID's
 * (its MON groups go with it), else the MON group. What is already gone is not an error. */
int resctrl_destroy(int rootfd, const struct resctrl_group *g, struct error *err);

/* What a failed create removes: everything it made, a closID's group too. */
int resctrl_undo(int rootfd, const struct resctrl_group *g, struct error *err);

/* Writes each line to the group's schemata, one write each, in order. The schemata before is kept
 * in *saved (when saved is not NULL) for resctrl_schemata_restore; when a write fails, the lines
 * already written are restored. */
int resctrl_schemata_write(int rootfd, const struct resctrl_group *g, const struct resctrl_line *lines,
                           size_t n, char **saved, struct error *err);

/* Writes back, from saved, the group's lines for the resources that lines name. */
int resctrl_schemata_restore(int rootfd, const struct resctrl_group *g, const char *saved,
                             const struct resctrl_line *lines, size_t n, struct error *err);

/* Whether line ("L3:0=ff;1=f0") agrees with a group's schemata text: each domain it names has that
 * value there (bitmasks compared as numbers, bandwidths as the kernel rounds them up to gran when
 * gran is not 0). When not, why says what differs. */
bool resctrl_schema_matches(const char *schemata, const char *line, uint64_t gran, char *why,
                            size_t why_size);

struct resctrl_mon_stats {
        uint64_t mbm_total_bytes, mbm_local_bytes, llc_occupancy;
};

/* runc's intel_rdt stats: what is not there (no CAT, no MBA, no monitoring) is left out. */
struct resctrl_stats {
        bool cat, mba, mbm, cmt;
        char *l3_cbm_mask;
        uint64_t l3_min_cbm_bits, l3_num_closids;
        uint64_t mb_bandwidth_gran, mb_delay_linear, mb_min_bandwidth, mb_num_closids;
        char *l3_schema_root, *l3_schema, *mb_schema_root, *mb_schema;
        char **schemata; /* the group's lines; NULL-terminated */
        size_t n_schemata;
        struct resctrl_mon_stats *mon; /* one per mon_data/<domain>, by name */
        size_t n_mon;
};

int resctrl_stats_read(int rootfd, const struct resctrl_group *g, struct resctrl_stats *st,
                       struct error *err);
void resctrl_stats_free(struct resctrl_stats *st);

void resctrl_group_free(struct resctrl_group *g);
