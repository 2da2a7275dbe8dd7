/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/rlimits.h"

#include <errno.h>
#include <sys/resource.h>

int rlimits_apply(const struct spec_rlimit *r, size_t n, struct error *err)
{
        for (size_t i = 0; i < n; i++) {
                struct rlimit rl = {.rlim_cur = r[i].soft, .rlim_max = r[i].hard}, now;
                int e;

                if (setrlimit(r[i].type, &rl) == 0)
                        continue;
                e = errno;
                /* Above the hard limit only with CAP_SYS_RESOURCE, which a rootless container never has. */
                if (e == EPERM && getrlimit(r[i].type, &now) == 0 && r[i].hard > now.rlim_max)
                        return error_set(
                            err, EPERM,
                            "process.rlimits[%zu]: hard limit %llu is above the current hard limit "
                            "%llu, and raising it needs CAP_SYS_RESOURCE: operation not permitted",
                            i, (unsigned long long)r[i].hard, (unsigned long long)now.rlim_max);
                return error_errno(err, e, "process.rlimits[%zu]: setrlimit(%d, soft %llu, hard %llu)", i,
                                   r[i].type, (unsigned long long)r[i].soft, (unsigned long long)r[i].hard);
        }
        return 0;
}
