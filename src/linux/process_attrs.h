/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Process attributes of the spec applied right before execve: personality,
 * scheduler (sched_setattr), I/O priority, CPU affinity, memory policy; and the
 * time namespace's offsets, written while the namespace is still empty.
 */
#pragma once

#include "model/spec.h"
#include "util/error.h"

int personality_apply(const struct spec_personality *p, struct error *err);
int scheduler_apply(const struct spec_scheduler *s, struct error *err);
int io_priority_apply(const struct spec_io_priority *p, struct error *err);

/* The CPUs of the list (what names it in messages); nothing when cpus is NULL or empty. */
int cpu_affinity_apply(const struct spec_cpu_list *cpus, const char *what, struct error *err);

int memory_policy_apply(const struct spec_memory_policy *m, struct error *err);

/* After unshare(CLONE_NEWTIME), before any process is in it: /proc/self/timens_offsets. */
int time_offsets_apply(const struct spec_time_offset *monotonic, const struct spec_time_offset *boottime,
                       struct error *err);
