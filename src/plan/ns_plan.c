/* SPDX-License-Identifier: Apache-2.0 */
#include "ns_plan.h"

#include <sched.h>
#include <string.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static uint64_t flag_of(enum spec_ns_type t)
{
        static const uint64_t flags[NS__COUNT] = {
            [NS_PID] = CLONE_NEWPID,       [NS_NETWORK] = CLONE_NEWNET, [NS_MOUNT] = CLONE_NEWNS,
            [NS_IPC] = CLONE_NEWIPC,       [NS_UTS] = CLONE_NEWUTS,     [NS_USER] = CLONE_NEWUSER,
            [NS_CGROUP] = CLONE_NEWCGROUP, [NS_TIME] = CLONE_NEWTIME,
        };
        return flags[t];
}

void plan_namespaces(const struct spec *s, bool clone_into_cgroup, struct ns_plan *out)
{
        uint64_t new_flags = 0, deferred = CLONE_NEWTIME;
        bool joins_other = false, user_joined = false, user_new = false;

        memset(out, 0, sizeof(*out));
        if (!s->linux)
                return;
        for (int t = 0; t < NS__COUNT; t++) {
                const struct spec_namespace *ns = &s->linux->namespaces[t];
                if (!ns->present)
                        continue;
                if (!ns->path)
                        new_flags |= flag_of(t);
                else if (t == NS_USER)
                        user_joined = true;
                else if (t != NS_PID) /* a pid namespace is joined by the runtime around the clone */
                        joins_other = true;
        }
        user_new = new_flags & CLONE_NEWUSER;
        if (!clone_into_cgroup)
                deferred |= CLONE_NEWCGROUP;

        if (user_joined || (user_new && joins_other)) {
                out->staged = true;
                out->stage_flags = new_flags & ~(uint64_t)CLONE_NEWTIME;
                out->stage_fork = new_flags & CLONE_NEWPID;
                out->unshare_flags = new_flags & CLONE_NEWTIME;
                return;
        }
        out->clone_flags = new_flags & ~deferred;
        out->unshare_flags = new_flags & deferred;
}
