/* SPDX-License-Identifier: Apache-2.0 */
/* update's resources JSON (-r FILE), and the zeros Docker sends for "not set" read as runc reads them. */
#include <stddef.h>
#include <stdint.h>

#include "model/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct error err = ERROR_INIT;
        struct spec_resources *r = NULL;

        if (spec_resources_parse((const char *)data, size, "resources", &r, &err) == 0) {
                spec_resources_unset_zeros(r);
                spec_resources_free(r);
        }
        return 0;
}
