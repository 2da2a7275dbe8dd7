/* SPDX-License-Identifier: Apache-2.0 */
/* runc's conversions of the spec's v1-shaped values to v2's, for the files and systemd's properties alike. */
#pragma once

#include <stdint.h>

/* cpu.shares [2, 262144] to cpu.weight [1, 10000]. */
static inline uint64_t cgroup_shares_to_weight(uint64_t shares)
{
        if (shares < 2)
                shares = 2;
        if (shares > 262144)
                shares = 262144;
        return 1 + ((shares - 2) * 9999) / 262142;
}

/* A blkio weight [10, 1000] to io.weight [1, 10000]. */
static inline unsigned cgroup_blkio_to_io_weight(unsigned w)
{
        return w ? 1 + (w - 10) * 9999 / 990 : 0;
}
