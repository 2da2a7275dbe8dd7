/* SPDX-License-Identifier: Apache-2.0 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/values.h"
#include "model/names.h"
#include "util/cleanup.h"
#include "util/parse.h"

#define EXEC_OPT(field)  offsetof(struct exec_flags, o.field)
#define EXEC_FLAG(field) offsetof(struct exec_flags, field)

static const struct flag_def exec_flags[] = {
    {"console-socket", 0, FLAG_STRING, EXEC_OPT(console_socket),
     "AF_UNIX socket to send the master end of the process's terminal to"},
    {"pidfd-socket", 0, FLAG_STRING, EXEC_OPT(pidfd_socket),
     "AF_UNIX socket to send a pidfd of the process to"},
    {"cwd", 0, FLAG_STRING, EXEC_OPT(cwd), "working directory of the process, inside the container"},
    {"env", 'e', FLAG_LIST, EXEC_OPT(env), "set an environment variable, KEY=VALUE (repeatable)"},
    {"tty", 't', FLAG_BOOL, EXEC_OPT(tty), "give the process a pseudo-terminal"},
    {"user", 'u', FLAG_STRING, EXEC_FLAG(user), "run as <uid>[:<gid>]"},
    {"additional-gids", 'g', FLAG_LIST, EXEC_FLAG(additional_gids),
     "add a supplementary group id (repeatable)"},
    {"process", 'p', FLAG_STRING, EXEC_OPT(process_file),
     "take the process from this process.json; the flags then change it"},
    {"detach", 'd', FLAG_BOOL, EXEC_OPT(detach), "return once the process started; do not wait for it"},
    {"pid-file", 0, FLAG_STRING, EXEC_OPT(pid_file), "write the process's pid to this file"},
    {"process-label", 0, FLAG_STRING, EXEC_OPT(process_label), "SELinux label of the process"},
    {"apparmor", 0, FLAG_STRING, EXEC_OPT(apparmor), "AppArmor profile of the process"},
    {"no-new-privs", 0, FLAG_BOOL, EXEC_OPT(no_new_privs), "set no_new_privs for the process"},
    {"cap", 'c', FLAG_LIST, EXEC_FLAG(caps), "add a capability to the process's sets (repeatable)"},
    {"preserve-fds", 0, FLAG_INT, EXEC_OPT(preserve_fds),
     "hand N more file descriptors to the process: stdio, $LISTEN_FDS and N (default: 0)"},
    {"cgroup", 0, FLAG_LIST, EXEC_FLAG(cgroups),
     "run the process in an existing sub-cgroup of the container's, [<controller>[,...]:]<path> "
     "(repeatable)"},
    {"ignore-paused", 0, FLAG_BOOL, EXEC_OPT(ignore_paused), "exec even when the container is paused"},
    {0},
};

static int id_value(const char *s, uint32_t *out)
{
        int64_t v;

        if (parse_int64(s, &v) < 0 || v < 0 || v > UINT32_MAX)
                return -EINVAL;
        *out = (uint32_t)v;
        return 0;
}

/* --user uid[:gid]: without a gid, gid 0. */
static int user_value(const char *s, struct exec_opts *o, struct error *err)
{
        char uid[32];
        const char *colon = strchr(s, ':');

        snprintf(uid, sizeof(uid), "%.*s", colon ? (int)(colon - s) : (int)strlen(s), s);
        if (id_value(uid, &o->uid) < 0 || (colon && id_value(colon + 1, &o->gid) < 0))
                return error_set(err, EINVAL, "--user \"%s\": expected uid[:gid] as numbers", s);
        o->set_user = true;
        return 0;
}

static int gids_value(char **gids, uint32_t **out, size_t *n, struct error *err)
{
        size_t k = 0;

        while (gids && gids[k])
                k++;
        if (!k)
                return 0;
        *out = calloc(k, sizeof(**out));
        if (!*out)
                return error_errno(err, ENOMEM, "exec groups");
        for (*n = 0; *n < k; (*n)++)
                if (id_value(gids[*n], &(*out)[*n]) < 0)
                        return error_set(err, EINVAL, "--additional-gids \"%s\": not a gid", gids[*n]);
        return 0;
}

/* --cap: a capability name as the config spells it, in any case (as exec has always taken it). */
static int caps_value(char **caps, uint64_t *out, struct error *err)
{
        for (size_t i = 0; caps && caps[i]; i++) {
                char name[64];
                size_t k;
                int cap = -1;

                for (k = 0; caps[i][k] && k < sizeof(name) - 1; k++)
                        name[k] = (char)toupper((unsigned char)caps[i][k]);
                name[k] = '\0';
                if (!caps[i][k])
                        cap = name_capability(name);
                if (cap < 0)
                        return error_set(err, EINVAL, "--cap \"%s\": unknown capability", caps[i]);
                *out |= 1ULL << cap;
        }
        return 0;
}

int cli_exec_values(struct exec_flags *f, uint32_t **gids, struct error *err)
{
        struct exec_opts *o = &f->o;
        int r;

        if ((f->user && (r = user_value(f->user, o, err)) < 0) ||
            (r = gids_value(f->additional_gids, gids, &o->n_additional_gids, err)) < 0 ||
            (r = caps_value(f->caps, &o->add_caps, err)) < 0)
                return r;
        o->additional_gids = *gids;
        return 0;
}

static int run_exec(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct exec_flags *f = opts;
        struct exec_opts *o = &f->o;
        _cleanup_free_ uint32_t *gids = NULL;
        struct error err = ERROR_INIT;
        int status = 0;

        o->id = argv[0];
        o->args = argv + 1; /* NULL-terminated by the flag parser */
        if (!o->process_file && argc < 2) {
                cli_error("exec failed: process args cannot be empty");
                return EXIT_EXEC_FAILED;
        }
        /* With --process the file is taken whole, and these flags are not read (runc); --cgroup is. */
        if (cgroup_subs_parse(f->cgroups, &o->cgroups, &err) < 0 ||
            (!o->process_file && cli_exec_values(f, &gids, &err) < 0)) {
                cli_error("exec failed: %s", err.msg);
                return EXIT_EXEC_FAILED;
        }
        if (engine_exec(g, o, &status, &err) < 0) {
                cli_error("exec failed: %s", err.msg);
                return EXIT_EXEC_FAILED;
        }
        return status;
}

const struct command cmd_exec = {
    .name = "exec",
    .summary = "run a new process inside a running container",
    .args_usage = "<container-id> <command> [args...]  |  -p process.json <container-id>",
    .description = "Starts a process in the container's namespaces and cgroup, with its capabilities,\n"
                   "rlimits and seccomp filter. Everything after <container-id> is the command, never\n"
                   "flags. Without --detach it waits and exits with the process's status; if the\n"
                   "process cannot be started the exit status is 255.",
    .flags = exec_flags,
    .opts_size = sizeof(struct exec_flags),
    .min_args = 1,
    .max_args = -1,
    .takes_id = true,
    .spawns = true,
    .order = FLAGS_STOP_AT_ARG,
    .run = run_exec,
};
