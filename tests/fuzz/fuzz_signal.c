/* SPDX-License-Identifier: Apache-2.0 */
/* Signal names and numbers, as kill takes them: a parsed signal is in range and, when named, named back. */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/signals.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = malloc(size + 1);
        int sig;

        if (!s)
                abort();
        memcpy(s, data, size);
        s[size] = '\0';
        if (signal_parse(s, &sig) == 0) {
                const char *name = signal_name(sig);
                int again;

                if (sig < 0 || sig > SIGRTMAX)
                        abort();
                if (name && (signal_parse(name, &again) < 0 || again != sig))
                        abort();
        }
        free(s);
        return 0;
}
