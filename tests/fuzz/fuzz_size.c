/* SPDX-License-Identifier: Apache-2.0 */
/* Sizes as update's --memory and friends take them ("512m", "1g", "-1"), and the checked integers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = malloc(size + 1);
        int64_t v;
        uint64_t u;
        int i;

        if (!s)
                abort();
        memcpy(s, data, size);
        s[size] = '\0';
        if (parse_size(s, &v) == 0 && v < -1)
                abort();
        (void)parse_int64(s, &v);
        (void)parse_uint64(s, &u);
        (void)parse_int(s, &i);
        free(s);
        return 0;
}
