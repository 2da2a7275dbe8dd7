/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/process_attrs.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "model/names.h"
#include "util/fs.h"

int personality_apply(const struct spec_personality *p, struct error *err)
{
        if (personality(p->domain | p->flags) < 0)
                return error_errno(err, errno, "linux.personality: personality(%s)",
                                   personality_domain_name(p->domain));
        return 0;
}

/* The kernel's struct sched_attr (glibc has no wrapper). */
struct kernel_sched_attr {
        uint32_t size;
        uint32_t sched_policy;
        uint64_t sched_flags;
        int32_t sched_nice;
        uint32_t sched_priority;
        uint64_t sched_runtime;
        uint64_t sched_deadline;
        uint64_t sched_period;
};

int scheduler_apply(const struct spec_scheduler *s, struct error *err)
{
        struct kernel_sched_attr a = {
            .size = sizeof(a),
            .sched_policy = (uint32_t)s->policy,
            .sched_flags = s->flags,
            .sched_nice = s->nice,
            .sched_priority = (uint32_t)s->priority,
            .sched_runtime = s->runtime,
            .sched_deadline = s->deadline,
            .sched_period = s->period,
        };

        if (syscall(SYS_sched_setattr, 0, &a, 0) < 0)
                return error_errno(err, errno,
                                   "process.scheduler: sched_setattr(policy %d, priority %d, nice %d)",
                                   s->policy, s->priority, s->nice);
        return 0;
}

int io_priority_apply(const struct spec_io_priority *p, struct error *err)
{
        /* IOPRIO_PRIO_VALUE(class, data) = class << 13 | data; IOPRIO_WHO_PROCESS = 1. */
        if (syscall(SYS_ioprio_set, 1, 0, (p->class << 13) | p->priority) < 0)
                return error_errno(err, errno, "process.ioPriority: ioprio_set(class %d, priority %d)",
                                   p->class, p->priority);
        return 0;
}

int cpu_affinity_apply(const struct spec_cpu_list *cpus, const char *what, struct error *err)
{
        cpu_set_t set;
        bool any = false;

        CPU_ZERO(&set);
        for (int n = 0; cpus && n < SPEC_CPU_LIST_MAX && n < CPU_SETSIZE; n++)
                if (cpus->bits[n / 64] & (1ULL << (n % 64))) {
                        CPU_SET(n, &set);
                        any = true;
                }
        if (!any)
                return 0; /* not given, or an empty list */
        if (sched_setaffinity(0, sizeof(set), &set) < 0)
                return error_errno(err, errno, "%s: sched_setaffinity(\"%s\")", what, cpus->text);
        return 0;
}

int memory_policy_apply(const struct spec_memory_policy *m, struct error *err)
{
        /* The kernel reads maxnode bits of unsigned longs: the model's 64-bit words, in order. */
        unsigned long mask[SPEC_CPU_LIST_MAX / (8 * sizeof(long))] = {0};
        const unsigned long *nodes = NULL;

        if (m->nodes) {
                for (int n = 0; n < SPEC_CPU_LIST_MAX; n++)
                        if (m->nodes->bits[n / 64] & (1ULL << (n % 64)))
                                mask[n / (8 * sizeof(long))] |= 1UL << (n % (8 * sizeof(long)));
                nodes = mask;
        }
        if (syscall(SYS_set_mempolicy, m->mode | m->flags, nodes, nodes ? sizeof(mask) * 8 : 0) < 0)
                return error_errno(err, errno, "linux.memoryPolicy: set_mempolicy(%s)",
                                   mempolicy_mode_name(m->mode));
        return 0;
}

int time_offsets_apply(const struct spec_time_offset *monotonic, const struct spec_time_offset *boottime,
                       struct error *err)
{
        char buf[128];
        int n = 0, r;

        if (monotonic->present)
                n += snprintf(buf + n, sizeof(buf) - n, "monotonic %lld %u\n", (long long)monotonic->secs,
                              monotonic->nanosecs);
        if (boottime->present)
                n += snprintf(buf + n, sizeof(buf) - n, "boottime %lld %u\n", (long long)boottime->secs,
                              boottime->nanosecs);
        if (n == 0)
                return 0;
        r = write_file_at(AT_FDCWD, "/proc/self/timens_offsets", buf, n, err);
        return r < 0 ? error_wrap(err, r, "linux.timeOffsets") : 0;
}
