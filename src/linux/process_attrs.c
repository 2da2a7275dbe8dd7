/* SPDX-License-Identifier: Apache-2.0 */
#include "process_attrs.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/fs.h"

int personality_apply(const struct spec_personality *p, struct error *err)
{
        unsigned long domain = strcmp(p->domain, "LINUX32") ? PER_LINUX : PER_LINUX32;

        if (personality(domain) < 0)
                return error_errno(err, errno, "linux.personality: personality(%s)", p->domain);
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

static int parse_cpu_list(const char *list, cpu_set_t *set)
{
        const char *p = list;

        CPU_ZERO(set);
        while (*p) {
                char *end;
                long a = strtol(p, &end, 10), b;
                if (end == p || a < 0 || a >= CPU_SETSIZE)
                        return -EINVAL;
                b = a;
                p = end;
                if (*p == '-') {
                        b = strtol(p + 1, &end, 10);
                        if (end == p + 1 || b < a || b >= CPU_SETSIZE)
                                return -EINVAL;
                        p = end;
                }
                for (long c = a; c <= b; c++)
                        CPU_SET(c, set);
                if (*p == ',')
                        p++;
                else if (*p)
                        return -EINVAL;
        }
        return 0;
}

int cpu_affinity_apply(const char *cpus, const char *what, struct error *err)
{
        cpu_set_t set;

        if (!cpus || !*cpus)
                return 0;
        if (parse_cpu_list(cpus, &set) < 0)
                return error_set(err, EINVAL, "%s: \"%s\" is not a CPU list", what, cpus);
        if (sched_setaffinity(0, sizeof(set), &set) < 0)
                return error_errno(err, errno, "%s: sched_setaffinity(\"%s\")", what, cpus);
        return 0;
}

static int mode_of(const char *m)
{
        static const char *const modes[] = {
            "MPOL_DEFAULT",        "MPOL_PREFERRED",          "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_LOCAL",
            "MPOL_PREFERRED_MANY", "MPOL_WEIGHTED_INTERLEAVE"};
        for (int i = 0; i < (int)(sizeof(modes) / sizeof(modes[0])); i++)
                if (!strcmp(m, modes[i]))
                        return i;
        return -1;
}

int memory_policy_apply(const struct spec_memory_policy *m, struct error *err)
{
        unsigned long mask[16] = {0};
        cpu_set_t nodes; /* the same list syntax, reused as a bitmap of node numbers */
        int mode = mode_of(m->mode);

        if (m->nodes && *m->nodes) {
                if (parse_cpu_list(m->nodes, &nodes) < 0)
                        return error_set(err, EINVAL, "linux.memoryPolicy.nodes: \"%s\" is not a node list",
                                         m->nodes);
                for (int n = 0; n < (int)(sizeof(mask) * 8) && n < CPU_SETSIZE; n++)
                        if (CPU_ISSET(n, &nodes))
                                mask[n / (8 * sizeof(long))] |= 1UL << (n % (8 * sizeof(long)));
        }
        for (size_t i = 0; i < m->n_flags; i++) {
                if (!strcmp(m->flags[i], "MPOL_F_STATIC_NODES"))
                        mode |= 1 << 15;
                else if (!strcmp(m->flags[i], "MPOL_F_RELATIVE_NODES"))
                        mode |= 1 << 14;
                else if (!strcmp(m->flags[i], "MPOL_F_NUMA_BALANCING"))
                        mode |= 1 << 13;
        }
        if (syscall(SYS_set_mempolicy, mode, m->nodes && *m->nodes ? mask : NULL,
                    m->nodes && *m->nodes ? sizeof(mask) * 8 : 0) < 0)
                return error_errno(err, errno, "linux.memoryPolicy: set_mempolicy(%s)", m->mode);
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
