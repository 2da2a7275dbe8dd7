/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The command line: the first byte picks the global options or one command's flag table (and its flag
 * order), the rest is argv split at NUL bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/globals.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const struct flag_def *defs;
        enum flag_order order;
        size_t opts_size, pick;
        char *text, **argv, msg[256];
        void *opts;
        int argc = 0, nargs = 0;

        if (size < 1)
                return 0;
        pick = data[0] % (cli_n_commands + 1);
        if (pick == cli_n_commands) {
                defs = cli_global_flags;
                order = FLAGS_STOP_AT_ARG;
                opts_size = sizeof(struct cli_globals);
        } else {
                defs = cli_commands[pick]->flags;
                order = cli_commands[pick]->order;
                opts_size = cli_commands[pick]->opts_size;
        }
        data++, size--;
        text = malloc(size + 1);
        argv = calloc(size + 2, sizeof(*argv));
        opts = calloc(1, opts_size ? opts_size : 1);
        if (!text || !argv || !opts)
                abort();
        memcpy(text, data, size);
        text[size] = '\0';
        for (size_t i = 0; i < size; i += strlen(text + i) + 1)
                argv[argc++] = text + i;
        if (flags_parse(defs, order, argc, argv, opts, &nargs, msg, sizeof(msg)) >= 0 && nargs > argc)
                abort();
        flags_free(defs, opts);
        free(opts);
        free(argv);
        free(text);
        return 0;
}
