/* SPDX-License-Identifier: Apache-2.0 */
#include "exec_plan.h"

#include <string.h>

static bool passes(enum spec_seccomp_action a)
{
        return a == SECCOMP_ACTION_ALLOW || a == SECCOMP_ACTION_LOG;
}

static bool names(const struct spec_seccomp_syscall *r, const char *name)
{
        for (size_t i = 0; i < r->n_names; i++)
                if (!strcmp(r->names[i], name))
                        return true;
        return false;
}

bool plan_seccomp_allows(const struct spec_seccomp *sc, const char *name)
{
        bool allowed;

        if (!sc)
                return true;
        allowed = passes(sc->default_action);
        for (size_t i = 0; i < sc->n_syscalls; i++) {
                const struct spec_seccomp_syscall *r = &sc->syscalls[i];

                if (!names(r, name))
                        continue;
                /* A rule that may refuse some calls (another action, or conditions on the arguments
                 * that leave the rest to the default) makes the answer "not always". */
                if (!passes(r->action) || (r->n_args && !passes(sc->default_action)))
                        return false;
                allowed = true;
        }
        return allowed;
}

bool plan_stub_can_exec(const struct spec *s, const struct spec_process *p)
{
        if (!s->linux)
                return false;
        if (p && ((p->apparmor_profile && *p->apparmor_profile) || (p->selinux_label && *p->selinux_label)))
                return false;
        return plan_seccomp_allows(s->linux->seccomp, "execveat") &&
               plan_seccomp_allows(s->linux->seccomp, "execve");
}

bool plan_exec_through_stub(const struct spec *s)
{
        const struct spec_namespace *pid;

        if (!s->linux)
                return false;
        pid = &s->linux->namespaces[NS_PID];
        return pid->present && !pid->path && plan_stub_can_exec(s, s->process);
}
