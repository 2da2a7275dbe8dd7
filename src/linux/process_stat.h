/* SPDX-License-Identifier: Apache-2.0 */
/* What /proc/<pid>/stat tells about a process: its state and start time (to tell a recycled pid apart). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct process_stat {
        char state;          /* 'R', 'S', 'Z', ... */
        uint64_t start_time; /* clock ticks after boot (field 22) */
};

/* Returns 0, -ENOENT when there is no such process, or another -errno. */
int process_stat_read(pid_t pid, struct process_stat *st);

/* True when pid is the process that started at start_time and is not a zombie. */
bool process_alive(pid_t pid, uint64_t start_time);
