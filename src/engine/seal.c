/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a command that spawns into a container does: the signal dispositions it inherited noted first, so
 * that every process it starts resets only those (engine/process.h); then, once the config is read, the
 * runtime binary sealed before a container can see it (CVE-2019-5736; linux/selfexe.h): the exec stub
 * where it can carry the container's execs, the sealed re-exec where it cannot.
 */
#include <signal.h>

#include "engine/engine.h"
#include "engine/process.h"
#include "engine/seal.h"
#include "linux/selfexe.h"
#include "plan/exec_plan.h"
#include "util/log.h"

/* Process-wide, written once before anything is spawned: what a late re-exec needs. */
static char *const *late_argv;
static sigset_t late_mask;

void engine_seal_later(char *const argv[])
{
        late_argv = argv;
        sigprocmask(SIG_SETMASK, NULL, &late_mask);
        note_inherited_signals();
}

/* The stub where stub_ok and the binary needs sealing at all; else the sealed re-exec (or nothing). */
static int seal_late(bool stub_ok, int *stub_fd, struct error *err)
{
        *stub_fd = -1;
        if (!late_argv)
                return 0;
        if (stub_ok && !selfexe_is_sealed()) {
                int fd = selfexe_stub_open();
                if (fd >= 0) {
                        *stub_fd = fd;
                        return 0;
                }
                log_debug("exec stub: %s; re-executing the runtime sealed instead", errno_text(-fd));
        }
        /* As the command found it: whatever it blocked meanwhile (run's forwarded signals) is its own. */
        sigprocmask(SIG_SETMASK, &late_mask, NULL);
        return selfexe_reexec_sealed(late_argv, err);
}

int engine_seal_for(const struct spec *s, int *stub_fd, struct error *err)
{
        return seal_late(plan_exec_through_stub(s), stub_fd, err);
}

int engine_seal_for_exec(const struct spec *s, const struct spec_process *p, bool undumpable, int *stub_fd,
                         struct error *err)
{
        return seal_late(undumpable && plan_stub_can_exec(s, p), stub_fd, err);
}
