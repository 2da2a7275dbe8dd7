/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/criu_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/exec.h"
#include "util/cleanup.h"
#include "util/log.h"

extern char **environ;

void criu_cmd_init(struct criu_cmd *c, const char *binary, const char *action)
{
        *c = (struct criu_cmd){0};
        criu_arg(c, "%s", binary && *binary ? binary : "criu");
        criu_arg(c, "%s", action);
}

void criu_arg(struct criu_cmd *c, const char *fmt, ...)
{
        va_list ap;
        char *s = NULL;

        if (c->failed)
                return;
        if (c->n + 2 > c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 32;
                char **v = realloc(c->argv, cap * sizeof(*v));

                if (!v) {
                        c->failed = true;
                        return;
                }
                c->argv = v;
                c->cap = cap;
        }
        va_start(ap, fmt);
        if (vasprintf(&s, fmt, ap) < 0)
                s = NULL;
        va_end(ap);
        if (!s) {
                c->failed = true;
                return;
        }
        c->argv[c->n++] = s;
        c->argv[c->n] = NULL;
}

int criu_keep_fd(struct criu_cmd *c, int fd)
{
        if (c->n_keep >= CRIU_MAX_KEEP_FDS)
                return -E2BIG;
        c->keep_fds[c->n_keep++] = fd;
        return 0;
}

void criu_output(struct criu_cmd *c, const char *path)
{
        c->output = path;
}

/* In the child: stdin /dev/null, stdout and stderr the output file. */
static int redirect_stdio(const char *output)
{
        int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
        int out = open(output, O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_CLOEXEC, 0600);

        if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
                return -1;
        close(in);
        close(out);
        return 0;
}

void criu_cmd_free(struct criu_cmd *c)
{
        for (size_t i = 0; i < c->n; i++)
                free(c->argv[i]);
        free(c->argv);
        *c = (struct criu_cmd){0};
}

/* A line of criu's log without its "(00.012345) " timestamp. */
static const char *strip_stamp(const char *line)
{
        while (*line == ' ')
                line++;
        if (*line == '(') {
                const char *p = strchr(line, ')');

                if (p)
                        line = p + 1 + (p[1] == ' ');
        }
        return line;
}

/* criu ends a failed run with a summary ("Dumping FAILED.", "Restoring FAILED."): the reason is the last
 * error line before it. */
static bool summary_line(const char *line)
{
        size_t n = strlen(line);

        return n >= 7 && !strcmp(line + n - 7, "FAILED.");
}

void criu_log_last_line(const char *log_path, char *buf, size_t size)
{
        _cleanup_close_ int fd = open(log_path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        char tail[16384];
        const char *last = NULL, *error = NULL;
        struct stat st;
        ssize_t got;
        char *line, *save = NULL;

        buf[0] = '\0';
        if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
                return;
        got = pread(fd, tail, sizeof(tail) - 1,
                    st.st_size > (off_t)sizeof(tail) - 1 ? st.st_size - (off_t)(sizeof(tail) - 1) : 0);
        if (got <= 0)
                return;
        tail[got] = '\0';
        for (line = strtok_r(tail, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                const char *text = strip_stamp(line);

                if (!*text)
                        continue;
                last = text;
                if (!strncmp(text, "Error (", 7) && !summary_line(text))
                        error = text;
        }
        if (error || last)
                snprintf(buf, size, "%s", error ? error : last);
}

/* The child: waits for the go-ahead, keeps the fds it is asked to keep, runs criu. */
static void child_exec(struct criu_cmd *c, const char *path, int go_fd, int report_fd)
{
        char b;
        int e;

        if (read(go_fd, &b, 1) != 1)
                _exit(127);
        if (c->output && redirect_stdio(c->output) < 0)
                goto fail;
        for (size_t i = 0; i < c->n_keep; i++) {
                int fl = fcntl(c->keep_fds[i], F_GETFD);

                if (fl < 0 || fcntl(c->keep_fds[i], F_SETFD, fl & ~FD_CLOEXEC) < 0)
                        goto fail;
        }
        execve(path, c->argv, environ);
fail:
        e = errno;
        if (write(report_fd, &e, sizeof(e)) < 0)
                _exit(127);
        _exit(127);
}

int criu_run(struct criu_cmd *c, const char *log_path,
             int (*before_exec)(void *ctx, pid_t pid, struct error *err), void *ctx, struct error *err)
{
        _cleanup_close_ int go_r = -1, go_w = -1, rep_r = -1, rep_w = -1;
        char path[4096], line[1024];
        int gopipe[2], reppipe[2], status, child_errno = 0;
        ssize_t got;
        pid_t pid;
        int r;

        if (c->failed)
                return error_errno(err, ENOMEM, "criu command line");
        r = exec_lookup(c->argv[0], environ, path, sizeof(path), err);
        if (r < 0)
                return error_wrap(err, r, "criu failed: cannot run criu (--criu %s)", c->argv[0]);
        log_debug("criu: %s %s ...", path, c->argv[1]);
        if (pipe2(gopipe, O_CLOEXEC) < 0)
                return error_errno(err, errno, "pipe");
        go_r = gopipe[0];
        go_w = gopipe[1];
        if (pipe2(reppipe, O_CLOEXEC) < 0)
                return error_errno(err, errno, "pipe");
        rep_r = reppipe[0];
        rep_w = reppipe[1];
        pid = fork();
        if (pid < 0)
                return error_errno(err, errno, "fork criu");
        if (pid == 0)
                child_exec(c, path, go_r, rep_w);
        cleanup_closep(&go_r);
        cleanup_closep(&rep_w);
        if (before_exec && (r = before_exec(ctx, pid, err)) < 0) {
                kill(pid, SIGKILL);
                cleanup_closep(&go_w);
                waitpid(pid, NULL, 0);
                return r;
        }
        if (write(go_w, "g", 1) != 1) {
                r = error_errno(err, errno, "start criu");
                kill(pid, SIGKILL);
                waitpid(pid, NULL, 0);
                return r;
        }
        cleanup_closep(&go_w);
        got = read(rep_r, &child_errno, sizeof(child_errno));
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return error_errno(err, errno, "wait for criu");
        if (got == (ssize_t)sizeof(child_errno))
                return error_errno(err, child_errno, "criu failed: exec \"%s\"", path);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                return 0;
        criu_log_last_line(log_path, line, sizeof(line));
        if (WIFSIGNALED(status))
                return error_set(err, ECANCELED, "criu failed: killed by signal %d%s%s (log: %s)",
                                 WTERMSIG(status), line[0] ? ": " : "", line, log_path);
        return error_set(err, ECANCELED, "criu failed: %s (exit status %d; log: %s)",
                         line[0] ? line : "no reason in its log", WEXITSTATUS(status), log_path);
}

int criu_root_bind(const char *rootfs, const char *target, struct error *err)
{
        if (mount(rootfs, target, NULL, MS_BIND | MS_REC, NULL) < 0)
                return error_errno(err, errno, "bind rootfs \"%s\" for criu", rootfs);
        if (mount(NULL, target, NULL, MS_PRIVATE | MS_REC, NULL) < 0) {
                int e = errno;

                umount2(target, MNT_DETACH);
                return error_errno(err, e, "make criu's root \"%s\" private", target);
        }
        return 0;
}

void criu_root_unbind(const char *target)
{
        if (umount2(target, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
                log_warn("unmount criu's root \"%s\": %s", target, errno_text(errno));
}
