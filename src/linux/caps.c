/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/caps.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "util/cleanup.h"

int caps_last_cap(void)
{
        static int last = -1;
        char buf[16] = {0};
        _cleanup_close_ int fd = -1;

        if (last >= 0)
                return last;
        /* libcap found it when it started (probing the bounding set); the kernel's file otherwise. */
        last = (int)cap_max_bits() - 1;
        if (last > 0)
                return last;
        fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
        if (fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0)
                last = atoi(buf);
        if (last <= 0) {
                /* No procfs: probe the bounding set, which answers EINVAL past the last capability. */
                for (last = 0; prctl(PR_CAPBSET_READ, last + 1, 0, 0, 0) >= 0; last++)
                        ;
        }
        return last;
}

int caps_drop_bounding(uint64_t keep, struct error *err)
{
        int last = caps_last_cap();

        for (int cap = 0; cap <= last && cap < 64; cap++) {
                if (keep & (1ULL << cap))
                        continue;
                if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
                        return error_errno(err, errno, "drop capability %d from the bounding set", cap);
        }
        return 0;
}

int caps_set(uint64_t effective, uint64_t permitted, uint64_t inheritable, struct error *err)
{
        struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
        struct __user_cap_data_struct data[2];

        data[0].effective = (uint32_t)effective;
        data[1].effective = (uint32_t)(effective >> 32);
        data[0].permitted = (uint32_t)permitted;
        data[1].permitted = (uint32_t)(permitted >> 32);
        data[0].inheritable = (uint32_t)inheritable;
        data[1].inheritable = (uint32_t)(inheritable >> 32);
        if (syscall(SYS_capset, &hdr, data) < 0)
                return error_errno(err, errno, "capset (effective %#llx, permitted %#llx, inheritable %#llx)",
                                   (unsigned long long)effective, (unsigned long long)permitted,
                                   (unsigned long long)inheritable);
        return 0;
}

int caps_set_ambient(uint64_t ambient, struct error *err)
{
        int last = caps_last_cap();

        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
                return error_errno(err, errno, "clear the ambient capabilities");
        for (int cap = 0; cap <= last && cap < 64; cap++) {
                if (!(ambient & (1ULL << cap)))
                        continue;
                if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
                        return error_errno(err, errno, "raise ambient capability %d", cap);
        }
        return 0;
}
