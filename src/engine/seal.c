/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a command that spawns into a container does first: the runtime binary sealed before a container
 * can see it (CVE-2019-5736; linux/selfexe.h), then the signal dispositions it inherited noted, so that
 * every process it starts resets only those (engine/process.h). create and run decide once the config is
 * read: the exec stub where it can carry the container's execs, the sealed re-exec where it cannot.
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

int engine_seal_runtime(char *const argv[], struct error *err)
{
        int r = selfexe_reexec_sealed(argv, err);

        if (r == 0)
                note_inherited_signals();
        return r;
}

void engine_seal_later(char *const argv[])
{
        late_argv = argv;
        sigprocmask(SIG_SETMASK, NULL, &late_mask);
        note_inherited_signals();
}

int engine_seal_for(const struct spec *s, int *stub_fd, struct error *err)
{
        *stub_fd = -1;
        if (!late_argv)
                return 0;
        if (plan_exec_through_stub(s) && !selfexe_is_sealed()) {
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
