/* SPDX-License-Identifier: Apache-2.0 */
/* config.json: the model's parser and validator, as create and run call it. */
#include <stddef.h>
#include <stdint.h>

#include "model/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct error err = ERROR_INIT;
        struct spec *s = NULL;

        if (spec_parse((const char *)data, size, "config.json", &s, &err) == 0)
                spec_free(s);
        return 0;
}
