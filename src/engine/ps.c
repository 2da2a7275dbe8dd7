/* SPDX-License-Identifier: Apache-2.0 */
/* ps: the processes of the container's cgroup, as host pids, or as the rows of ps(1) that are theirs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "linux/cgroup/cgroup.h"
#include "linux/proc_tree.h"
#include "util/cleanup.h"

int engine_ps(const struct global_opts *g, const char *id, pid_t **pids, size_t *n, struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        struct cgroup *cg = NULL;
        int r = container_open(g, id, false, &c, err);

        *pids = NULL;
        *n = 0;
        if (r < 0)
                return r;
        /* Stopped, as runc: what its cgroup still holds (nothing, most often: ps prints its header only). */
        if (c->status == STATUS_STOPPED && !c->cgroup_path)
                return 0;
        if (!c->cgroup_path) /* rootless without a cgroup: the init's process tree */
                return proc_container(c->pid, pids, n, err);
        r = container_cgroup(c, &cg, err);
        if (r < 0)
                return r;
        r = cgroup_pids(cg, pids, n, err);
        cgroup_free(cg);
        return r;
}

static bool has_pid(const pid_t *pids, size_t n, long pid)
{
        for (size_t i = 0; i < n; i++)
                if (pids[i] == pid)
                        return true;
        return false;
}

/* The start of white-space separated field col (from 0) of line, or NULL: no copy, nothing to free. */
static const char *ps_field(const char *line, int col)
{
        const char *p = line;

        for (;;) {
                p += strspn(p, " \t\n");
                if (!*p)
                        return NULL;
                if (col-- == 0)
                        return p;
                p += strcspn(p, " \t\n");
        }
}

/* The field of ps's header titled PID, or -1. */
static int ps_pid_column(const char *header)
{
        const char *t;

        for (int col = 0; (t = ps_field(header, col)); col++)
                if (!strncmp(t, "PID", 3) && (!t[3] || strchr(" \t\n", t[3])))
                        return col;
        return -1;
}

/* Runs ps with args (default -ef) and keeps the header and the rows whose PID column is one of pids. */
int engine_ps_table(const pid_t *pids, size_t n, char *const *args, FILE *out, struct error *err)
{
        char *argv[64] = {"ps"};
        int fds[2], status, pid_col = -1, argc = 1;
        _cleanup_fclose_ FILE *in = NULL;
        char *line = NULL;
        size_t cap = 0;
        bool header = true;
        pid_t child;

        if (!args || !args[0])
                argv[argc++] = "-ef";
        for (size_t i = 0; args && args[i] && argc < 63; i++)
                argv[argc++] = args[i];
        argv[argc] = NULL;
        if (pipe2(fds, O_CLOEXEC) < 0)
                return error_errno(err, errno, "ps: pipe");
        child = fork();
        if (child < 0) {
                int e = errno;
                close(fds[0]);
                close(fds[1]);
                return error_errno(err, e, "ps: fork");
        }
        if (child == 0) {
                dup2(fds[1], STDOUT_FILENO);
                execvp("ps", argv);
                _exit(127);
        }
        close(fds[1]);
        in = fdopen(fds[0], "r");
        if (!in) {
                close(fds[0]);
                return error_errno(err, errno, "ps: read");
        }
        while (getline(&line, &cap, in) > 0) {
                if (header) {
                        pid_col = ps_pid_column(line);
                        fputs(line, out);
                        header = false;
                        continue;
                }
                if (pid_col >= 0) {
                        const char *t = ps_field(line, pid_col);
                        if (t && has_pid(pids, n, strtol(t, NULL, 10)))
                                fputs(line, out);
                }
        }
        free(line);
        waitpid(child, &status, 0);
        if (pid_col < 0)
                return error_set(err, EINVAL,
                                 "ps: no PID column in the output of ps (its options must keep it)");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return error_set(err, EIO, "ps: ps(1) exited with status %d",
                                 WIFEXITED(status) ? WEXITSTATUS(status) : 128);
        return 0;
}
