/* SPDX-License-Identifier: Apache-2.0 */
/*
 * exec --cgroup's values: existing sub-cgroups of the container's for the new process, as runc takes
 * them. Each argument is "[<controller>[,<controller>...]:]<path>"; a path without controllers applies
 * to every hierarchy and must then be the only argument (the cgroup v2 form). Pure: parsed by the CLI.
 */
#pragma once

#include <stddef.h>

#include "util/error.h"

#define CGROUP_SUB_MAX 32

struct cgroup_sub {
        char controller[64]; /* "" for every hierarchy */
        char path[256];      /* relative to the container's cgroup, cleaned ("": the cgroup itself) */
};

struct cgroup_subs {
        struct cgroup_sub s[CGROUP_SUB_MAX];
        size_t n;
};

/* Parses the --cgroup arguments (NULL-terminated); errors name the argument. */
int cgroup_subs_parse(char *const *args, struct cgroup_subs *out, struct error *err);
