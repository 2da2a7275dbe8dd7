/* SPDX-License-Identifier: Apache-2.0 */
#include "cli/globals.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define G(field) offsetof(struct cli_globals, field)

/* The default, told apart from a --root that names the same directory by its address. */
static const char default_root[] = BROWNIE_DEFAULT_ROOT;

const struct flag_def cli_global_flags[] = {
    {"debug", 0, FLAG_BOOL, G(g.debug), "log debug messages too"},
    {"log", 0, FLAG_STRING, G(log_path), "write the log to this file instead of stderr"},
    {"log-format", 0, FLAG_STRING, G(log_format), "log line format: 'text' or 'json' (default: \"text\")"},
    {"root", 0, FLAG_STRING, G(g.root),
     "directory holding the containers' state, best on a tmpfs (default: \"" BROWNIE_DEFAULT_ROOT
     "\", or \"$XDG_RUNTIME_DIR/brownie\" for rootless)"},
    {"criu", 0, FLAG_STRING, G(criu), "criu binary for checkpoint and restore (default: \"criu\")"},
    {"systemd-cgroup", 0, FLAG_BOOL, G(g.systemd_cgroup),
     "the cgroup is a transient systemd unit, made over D-Bus; cgroupsPath is then \"slice:prefix:name\""},
    {"rootless", 0, FLAG_STRING, G(rootless),
     "whether to run rootless, skipping the cgroups it cannot write: 'true', 'false' or 'auto' "
     "(default: \"auto\": when not root)"},
    {"cdi-spec-dir", 0, FLAG_LIST, G(g.cdi_spec_dirs),
     "a directory of CDI specs, repeatable, a later one winning (default: $BROWNIE_CDI_SPEC_DIRS, "
     "':'-separated, else \"/etc/cdi\" and \"/var/run/cdi\")"},
    {"cdi-annotation-prefix", 0, FLAG_LIST, G(g.cdi_annotation_prefixes),
     "an annotation prefix that asks for CDI devices besides \"cdi.k8s.io/\", repeatable (also "
     "$BROWNIE_CDI_ANNOTATION_PREFIXES, ','-separated), e.g. \"nvidia.cdi.k8s.io/\""},
    {"help", 'h', FLAG_BOOL, G(help), "show help"},
    {"version", 'v', FLAG_BOOL, G(version), "print the version"},
    {0},
};

void cli_globals_init(struct cli_globals *gl)
{
        *gl = (struct cli_globals){
            .g = {.root = default_root},
            .log_format = "text",
            .criu = "criu",
            .rootless = "auto",
        };
}

int cli_log_format(const char *s, enum log_format *out)
{
        if (!strcmp(s, "text"))
                *out = LOG_FORMAT_TEXT;
        else if (!strcmp(s, "json"))
                *out = LOG_FORMAT_JSON;
        else
                return -EINVAL;
        return 0;
}

int cli_globals_parse(struct cli_globals *gl, int argc, char **argv, int *nargs, char *err, size_t errlen)
{
        int r = flags_parse(cli_global_flags, FLAGS_STOP_AT_ARG, argc, argv, gl, nargs, err, errlen);

        if (r == FLAGS_HELP) /* not with this table, which has its own help flag; kept for safety */
                gl->help = true;
        return r < 0 ? r : 0;
}

int cli_globals_finish(struct cli_globals *gl, char *err, size_t errlen)
{
        struct error e = ERROR_INIT;
        int r = engine_globals_resolve(&gl->g, gl->rootless, gl->g.root != default_root, gl->root_buf,
                                       sizeof(gl->root_buf), &e);

        gl->g.criu = gl->criu;
        if (r < 0)
                snprintf(err, errlen, "%s", e.msg);
        return r;
}
