/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One line of /proc/self/mountinfo, parsed in place, and the choice --no-pivot
 * makes from them: which host proc and sysfs mounts are hidden before the rootfs
 * is moved onto "/" (a full procfs left reachable would let the container mount
 * a new one).
 */
#pragma once

#include <stdbool.h>

struct mountinfo_entry {
        int id, parent;
        const char *root;        /* the mount's root inside its filesystem */
        const char *mount_point; /* unescaped */
        const char *options;     /* per-mount options ("rw,nosuid") */
        const char *optional;    /* "shared:1 master:2" or "" */
        const char *fstype;
        const char *source;
        const char *super_options;
};

/* Splits line (modified: fields are NUL-terminated and \ooo escapes decoded). Returns 0 or -EINVAL. */
int plan_mountinfo_parse(char *line, struct mountinfo_entry *e);

/* True for a full proc or sysfs mount outside rootfs (an absolute, clean host path). */
bool plan_no_pivot_hides(const struct mountinfo_entry *e, const char *rootfs);
