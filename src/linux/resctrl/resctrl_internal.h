/* SPDX-License-Identifier: Apache-2.0 */
/* What resctrl.c, resctrl_schema.c and resctrl_stats.c share: names, messages and reads below the root fd. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* "<root>/<name>" (the root itself for the default group "/"), for messages. */
void rdt_group_display(char *buf, size_t size, const char *root, const char *name);

/* s without leading and trailing blanks and newlines (trailing ones are cut in place). */
char *rdt_trim(char *s);

/* The group's directory below the root fd; the error names it. */
int rdt_open_group(int rootfd, const char *root, const char *name, struct error *err);

/* The group's mon_groups directory. */
int rdt_open_mon_groups(int groupfd, const char *disp, struct error *err);

/* A number from a file of the tree, 0 when it is missing or not a number. */
uint64_t rdt_read_u64(int dirfd, const char *path);

/* The group's schemata file, whole (malloc'd). */
int rdt_read_schemata(int groupfd, const char *disp, char **out, struct error *err);

/* "  L3 :0=ff;1=f0" -> "L3" and "0=ff;1=f0"; false without a ':' or a name. */
bool rdt_split_line(const char *line, char *res, size_t res_size, const char **doms);

/* The domains of resource res in a schemata text (malloc'd), or NULL when it has no such line. */
char *rdt_find_resource(const char *schemata, const char *res);
