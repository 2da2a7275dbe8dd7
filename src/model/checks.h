/* SPDX-License-Identifier: Apache-2.0 */
/* Checks on single values that several parts of the config share. Each returns 0 or -EINVAL with the error
 * set. */
#pragma once

#include "json_get.h"
#include "spec.h"

/* "\"<value>\" must be an absolute path". */
int check_absolute(const struct jctx *j, const char *path, const char *value);

/* A CPU or NUMA node list as the kernel writes it: "0-3,7,9-11" (empty allowed when allow_empty). */
int check_cpu_list(const struct jctx *j, const char *path, const char *value, bool allow_empty);

/* The one CPU and node list parser: the string member key of obj, checked as above and made a bitmap in
 * *out (malloc'd, the caller's to free, also on an error); *out stays NULL when the member is absent or
 * "". Numbers past SPEC_CPU_LIST_MAX - 1 are refused. */
int jget_cpu_list(const struct jctx *j, json_object *obj, const char *path, const char *key,
                  struct spec_cpu_list **out);

/* A network interface name the kernel accepts: 1 to 15 bytes, no '/', ':' or white space, not "." or "..". */
int check_ifname(const struct jctx *j, const char *path, const char *value);
