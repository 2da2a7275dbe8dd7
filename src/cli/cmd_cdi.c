/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int run_cdi(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct error err = ERROR_INIT;

        if (strcmp(argv[0], "list")) {
                cli_error("cdi: unknown subcommand \"%s\" (known: list)", argv[0]);
                return EXIT_FAILURE_CLI;
        }
        if (engine_cdi_list(g, stdout, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_cdi = {
    .name = "cdi",
    .summary = "list the CDI devices the specs offer",
    .args_usage = "list",
    .description =
        "\"cdi list\" prints the fully-qualified name (vendor.com/class=name) of every device the\n"
        "CDI specs (*.json, *.yaml) in the spec directories offer, one a line, sorted; a spec\n"
        "that does not load is named on stderr with its field, and skipped. The directories\n"
        "are --cdi-spec-dir, else $BROWNIE_CDI_SPEC_DIRS, else /etc/cdi and /var/run/cdi (a\n"
        "device of a later one wins). \"run\" and \"create\" take these names with --device, and\n"
        "from engines as annotations: \"cdi.k8s.io/<key>\": \"vendor.com/class=name[,...]\".",
    .min_args = 1,
    .max_args = 1,
    .order = FLAGS_ANYWHERE,
    .run = run_cdi,
};
