/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a command that spawns into a container does first: the runtime binary sealed before a container
 * can see it (CVE-2019-5736; linux/selfexe.h), then the signal dispositions it inherited noted, so that
 * every process it starts resets only those (engine/process.h).
 */
#include "engine/engine.h"
#include "engine/process.h"
#include "linux/selfexe.h"

int engine_seal_runtime(char *const argv[], struct error *err)
{
        int r = selfexe_reexec_sealed(argv, err);

        if (r == 0)
                note_inherited_signals();
        return r;
}
