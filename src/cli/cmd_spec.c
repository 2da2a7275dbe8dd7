/* SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>

#include "cli/cli.h"

struct spec_args {
        const char *bundle;
        bool rootless;
};

static const struct flag_def spec_flags[] = {
    {"bundle", 'b', FLAG_STRING, offsetof(struct spec_args, bundle),
     "directory to write config.json into (default: the current directory)"},
    {"rootless", 0, FLAG_BOOL, offsetof(struct spec_args, rootless),
     "write a spec for a rootless container, in a user namespace"},
    {0},
};

static int run_spec(const struct global_opts *g, void *opts, int argc, char **argv)
{
        const struct spec_args *a = opts;
        struct error err = ERROR_INIT;

        if (engine_spec(a->bundle, a->rootless, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_spec = {
    .name = "spec",
    .summary = "write a starter config.json",
    .description = "Writes a config.json to start a bundle from: it runs \"sh\" on a terminal with the\n"
                   "usual mounts and namespaces and a rootfs directory named \"rootfs\". Edit it to run\n"
                   "what you need, then put the root filesystem in place, e.g.:\n"
                   "\n"
                   "    mkdir -p bundle/rootfs && tar -C bundle/rootfs -xf image.tar\n"
                   "    cd bundle && " CLI_NAME " spec\n"
                   "    " CLI_NAME " run demo\n"
                   "\n"
                   "An existing config.json is never overwritten.",
    .flags = spec_flags,
    .opts_size = sizeof(struct spec_args),
    .min_args = 0,
    .max_args = 0,
    .order = FLAGS_ANYWHERE,
    .run = run_spec,
};
