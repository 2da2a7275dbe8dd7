/* SPDX-License-Identifier: Apache-2.0 */
/* Go durations, as events --interval takes them ("5s", "1h30m", "1.5ms"). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/duration.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = malloc(size + 1);
        int64_t ns;

        if (!s)
                abort();
        memcpy(s, data, size);
        s[size] = '\0';
        (void)parse_duration(s, &ns);
        free(s);
        return 0;
}
