/* SPDX-License-Identifier: Apache-2.0 */
/* The runtime binary sealed before a container can see it (CVE-2019-5736; linux/selfexe.h). */
#include "engine/engine.h"
#include "linux/selfexe.h"

int engine_seal_runtime(char *const argv[], struct error *err)
{
        return selfexe_reexec_sealed(argv, err);
}
