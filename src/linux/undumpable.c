/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/undumpable.h"

#include <errno.h>
#include <sys/prctl.h>
#include <sys/capability.h>

bool undumpable_allowed(void)
{
        cap_t caps = cap_get_proc();
        cap_flag_value_t v = CAP_CLEAR;

        if (!caps)
                return false;
        if (cap_get_flag(caps, CAP_SYS_PTRACE, CAP_EFFECTIVE, &v) < 0)
                v = CAP_CLEAR;
        cap_free(caps);
        return v == CAP_SET;
}

int undumpable_set(bool on)
{
        return prctl(PR_SET_DUMPABLE, on ? 0 : 1, 0, 0, 0) < 0 ? -errno : 0;
}
