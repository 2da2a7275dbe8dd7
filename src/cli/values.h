/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Flags whose values are more than a string: the command line's spelling is parsed here, into the typed
 * values the engine takes, with messages that name the flag. (The flag table binds the strings; the
 * command's run function makes the values before it calls the engine.)
 */
#pragma once

#include <stdint.h>

#include "engine/engine.h"

/* exec: the options, and the flags made into o's uid/gid, additional_gids and add_caps. */
struct exec_flags {
        struct exec_opts o;
        const char *user;       /* -u uid[:gid] */
        char **additional_gids; /* -g, NULL-terminated */
        char **caps;            /* -c, NULL-terminated */
        char **cgroups;         /* --cgroup, NULL-terminated: made into o.cgroups */
};

/* Fills f->o's user, groups (*gids: malloc'd, the caller's to free, also on an error) and capabilities
 * from the flags. 0, or -EINVAL/-ENOMEM with err set ("--user \"x\": expected uid[:gid] as numbers"). */
int cli_exec_values(struct exec_flags *f, uint32_t **gids, struct error *err);

/* create and run: -p/--publish made into o->ports (malloc'd, the caller's to free, also on an error).
 * 0, or -EINVAL/-ENOMEM with err set ("--publish \"80\": expected ..."). */
int cli_create_values(struct create_opts *o, struct error *err);

/* update: the per-field flags as given. */
struct update_flags {
        const char *resources;
        const char *memory, *memory_swap, *memory_reservation, *kernel_memory, *kernel_memory_tcp;
        const char *cpu_shares, *cpu_quota, *cpu_period, *cpu_burst, *cpu_rt_period, *cpu_rt_runtime;
        const char *cpuset_cpus, *cpuset_mems, *cpu_idle;
        const char *pids_limit, *blkio_weight;
        const char *l3_cache_schema, *mem_bw_schema;
};

/* Sizes ("512m"), numbers, the blkio weight's range, the schemata's form, into o (id left alone). 0, or
 * -EINVAL/-ERANGE with err set ("--memory: invalid size \"lots\""). */
int cli_update_values(const struct update_flags *f, struct update_opts *o, struct error *err);
