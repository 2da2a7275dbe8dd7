/* SPDX-License-Identifier: Apache-2.0 */
#include "rlimits.h"

#include <errno.h>
#include <sys/resource.h>

int rlimits_apply(const struct spec_rlimit *r, size_t n, struct error *err)
{
        for (size_t i = 0; i < n; i++) {
                struct rlimit rl = {.rlim_cur = r[i].soft, .rlim_max = r[i].hard};
                if (setrlimit(r[i].type, &rl) < 0)
                        return error_errno(
                            err, errno, "process.rlimits[%zu]: setrlimit(%d, soft %llu, hard %llu)", i,
                            r[i].type, (unsigned long long)r[i].soft, (unsigned long long)r[i].hard);
        }
        return 0;
}
