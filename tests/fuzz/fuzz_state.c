/* SPDX-License-Identifier: Apache-2.0 */
/* state.json: what every command reads back from a container's state directory. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/container.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct error err = ERROR_INIT;
        struct container *c = calloc(1, sizeof(*c));
        char *text = malloc(size + 1);

        if (!c || !text)
                abort();
        memcpy(text, data, size);
        text[size] = '\0'; /* read_file_at's text ends in a NUL */
        c->dirfd = -1;
        c->id = strdup("fuzz");
        (void)container_parse_state(c, text, &err);
        container_free(c);
        free(text);
        return 0;
}
