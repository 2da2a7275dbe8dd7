/* SPDX-License-Identifier: Apache-2.0 */
/* process.json: what exec -p reads. */
#include <stddef.h>
#include <stdint.h>

#include "model/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct error err = ERROR_INIT;
        struct spec_process *p = NULL;

        if (spec_process_parse((const char *)data, size, "process.json", &p, &err) == 0)
                spec_process_free(p);
        return 0;
}
