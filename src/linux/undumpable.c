/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/undumpable.h"

#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

bool undumpable_allowed(void)
{
        struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
        struct __user_cap_data_struct data[2];

        /* One capget, as caps.c's capset (libcap's cap_get_proc asks the kernel's version first). */
        if (syscall(SYS_capget, &hdr, data) < 0)
                return false;
        return data[CAP_TO_INDEX(CAP_SYS_PTRACE)].effective & CAP_TO_MASK(CAP_SYS_PTRACE);
}

int undumpable_set(bool on)
{
        return prctl(PR_SET_DUMPABLE, on ? 0 : 1, 0, 0, 0) < 0 ? -errno : 0;
}
