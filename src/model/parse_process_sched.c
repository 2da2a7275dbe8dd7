/* SPDX-License-Identifier: Apache-2.0 */
/* The process's scheduling and placement: scheduler, ioPriority, execCPUAffinity, oomScoreAdj, consoleSize.
 */
#include <sched.h>
#include <stdlib.h>

#include "checks.h"
#include "names.h"
#include "parse.h"
#include "util/cleanup.h"

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

/* What sched_setattr(2) would refuse, named now. */
static int check_scheduler(const struct jctx *j, const char *sp, const struct spec_scheduler *s)
{
        char fp[JPATH_MAX];
        bool realtime = s->policy == SCHED_FIFO || s->policy == SCHED_RR;

        jpath(fp, sizeof(fp), sp, "priority");
        if (realtime && (s->priority < 1 || s->priority > 99))
                return jerr(j, fp, "SCHED_FIFO and SCHED_RR need a priority from 1 to 99, got %d",
                            s->priority);
        if (!realtime && s->priority != 0)
                return jerr(j, fp, "only SCHED_FIFO and SCHED_RR take a priority, got %d", s->priority);
        if (s->policy != SCHED_DEADLINE)
                return 0;
        jpath(fp, sizeof(fp), sp, "deadline");
        if (s->deadline == 0 || s->runtime > s->deadline || (s->period && s->deadline > s->period))
                return jerr(j, fp,
                            "SCHED_DEADLINE needs 0 < runtime <= deadline <= period (period 0: the "
                            "deadline)");
        return 0;
}

static int parse_scheduler(const struct jctx *j, json_object *proc, const char *path, struct spec_process *p)
{
        _cleanup_strv_ char **flags = NULL;
        json_object *o;
        char sp[JPATH_MAX], fp[JPATH_MAX];
        struct spec_scheduler *s;
        size_t nf = 0;
        int64_t v;
        int r = jget_object(j, proc, path, "scheduler", &o);

        if (r <= 0)
                return r;
        jpath(sp, sizeof(sp), path, "scheduler");
        s = p->scheduler = calloc(1, sizeof(*s));
        if (!s)
                return jnomem(j, sp);
        if ((r = jget_name(j, o, sp, "policy", name_sched_policy, "scheduler policy", true, &s->policy)) < 0)
                return r;
        v = 0;
        if ((r = jget_int64(j, o, sp, "nice", -20, 19, &v)) < 0)
                return r;
        s->nice = (int32_t)v;
        v = 0; /* an absent member leaves v alone */
        if ((r = jget_int64(j, o, sp, "priority", INT32_MIN, INT32_MAX, &v)) < 0)
                return r;
        s->priority = (int32_t)v;
        if ((r = jget_uint64(j, o, sp, "runtime", UINT64_MAX, &s->runtime)) < 0 ||
            (r = jget_uint64(j, o, sp, "deadline", UINT64_MAX, &s->deadline)) < 0 ||
            (r = jget_uint64(j, o, sp, "period", UINT64_MAX, &s->period)) < 0 ||
            (r = jget_strv(j, o, sp, "flags", &flags, &nf)) < 0)
                return r;
        jpath(fp, sizeof(fp), sp, "flags");
        if ((r = jcheck_names(j, fp, flags, nf, name_sched_flag, "scheduler flag")) < 0)
                return r;
        for (size_t i = 0; i < nf; i++)
                s->flags |= (uint64_t)name_sched_flag(flags[i]);
        return check_scheduler(j, sp, s);
}

static int parse_io_priority(const struct jctx *j, json_object *proc, const char *path,
                             struct spec_process *p)
{
        json_object *o;
        char ip[JPATH_MAX];
        int64_t prio = 0;
        int r = jget_object(j, proc, path, "ioPriority", &o);

        if (r <= 0)
                return r;
        jpath(ip, sizeof(ip), path, "ioPriority");
        p->io_priority = calloc(1, sizeof(*p->io_priority));
        if (!p->io_priority)
                return jnomem(j, ip);
        if ((r = jget_name(j, o, ip, "class", name_ioprio_class, "ioPriority class", true,
                           &p->io_priority->class)) < 0 ||
            (r = jget_int64(j, o, ip, "priority", 0, 7, &prio)) < 0)
                return r;
        p->io_priority->priority = (int)prio;
        return 0;
}

static int parse_cpu_affinity(const struct jctx *j, json_object *proc, const char *path,
                              struct spec_process *p)
{
        json_object *o;
        char ap[JPATH_MAX];
        struct spec_cpu_affinity *a;
        int r = jget_object(j, proc, path, "execCPUAffinity", &o);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, "execCPUAffinity");
        a = p->exec_cpu_affinity = calloc(1, sizeof(*a));
        if (!a)
                return jnomem(j, ap);
        if ((r = jget_cpu_list(j, o, ap, "initial", &a->initial)) < 0 ||
            (r = jget_cpu_list(j, o, ap, "final", &a->final)) < 0)
                return r;
        return 0;
}

static int parse_console_size(const struct jctx *j, json_object *proc, const char *path,
                              struct spec_process *p)
{
        json_object *o;
        char cp[JPATH_MAX];
        int r = jget_object(j, proc, path, "consoleSize", &o);

        if (r <= 0)
                return r;
        jpath(cp, sizeof(cp), path, "consoleSize");
        p->console_size = calloc(1, sizeof(*p->console_size));
        if (!p->console_size)
                return jnomem(j, cp);
        if ((r = jget_uint32(j, o, cp, "height", &p->console_size->height)) < 0 ||
            (r = jget_uint32(j, o, cp, "width", &p->console_size->width)) < 0)
                return r;
        return 0;
}

int parse_process_sched(const struct jctx *j, json_object *o, const char *path, struct spec_process *p)
{
        int64_t v = 0;
        int r;

        if ((r = parse_scheduler(j, o, path, p)) < 0 || (r = parse_io_priority(j, o, path, p)) < 0 ||
            (r = parse_cpu_affinity(j, o, path, p)) < 0 || (r = parse_console_size(j, o, path, p)) < 0)
                return r;
        r = jget_int64(j, o, path, "oomScoreAdj", -1000, 1000, &v);
        if (r < 0)
                return r;
        p->has_oom_score_adj = r > 0;
        p->oom_score_adj = (int)v;
        return 0;
}
