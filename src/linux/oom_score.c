/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/oom_score.h"

#include <fcntl.h>
#include <stdio.h>

#include "util/fs.h"

int oom_score_adj_set(int value, struct error *err)
{
        char buf[16];
        int n = snprintf(buf, sizeof(buf), "%d", value);
        int r = write_file_at(AT_FDCWD, "/proc/self/oom_score_adj", buf, n, err);

        return r < 0 ? error_wrap(err, r, "process.oomScoreAdj %d", value) : 0;
}
