/* SPDX-License-Identifier: Apache-2.0 */
#include "cni_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cni_conf.h"
#include "util/cleanup.h"
#include "util/log.h"

extern char **environ;

#define OUTPUT_MAX (1 << 20)

/* The first directory of cni_path holding an executable named type. */
static int find_plugin(const struct cni_call *c, const char *type, char *path, size_t size, struct error *err)
{
        const char *p = c->cni_path;

        while (*p) {
                size_t len = strcspn(p, ":");
                if (len && (size_t)snprintf(path, size, "%.*s/%s", (int)len, p, type) < size &&
                    access(path, X_OK) == 0)
                        return 0;
                p += len;
                if (*p == ':')
                        p++;
        }
        return error_set(err, ENOENT, "network \"%s\": plugin \"%s\": not found in CNI_PATH \"%s\"",
                         c->network, type, c->cni_path);
}

/* The caller's environment without CNI_*, then the CNI variables. */
static char **plugin_env(const struct cni_call *c, const char *command)
{
        size_t n = 0, k = 0;
        char **env;

        while (environ[n])
                n++;
        env = calloc(n + 7, sizeof(*env));
        if (!env)
                return NULL;
        for (size_t i = 0; i < n; i++)
                if (strncmp(environ[i], "CNI_", 4))
                        env[k++] = strdup(environ[i]);
        if (asprintf(&env[k++], "CNI_COMMAND=%s", command) < 0 ||
            asprintf(&env[k++], "CNI_CONTAINERID=%s", c->container_id) < 0 ||
            asprintf(&env[k++], "CNI_NETNS=%s", c->netns) < 0 ||
            asprintf(&env[k++], "CNI_IFNAME=%s", c->ifname) < 0 ||
            asprintf(&env[k++], "CNI_PATH=%s", c->cni_path) < 0) {
                strv_free(env);
                return NULL;
        }
        if (!getenv("PATH"))
                env[k++] = strdup("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        return env;
}

struct buf {
        char *data;
        size_t len;
};

static int drain(int fd, struct buf *b)
{
        char chunk[4096];
        ssize_t n = read(fd, chunk, sizeof(chunk));

        if (n <= 0)
                return n < 0 && errno == EINTR ? 1 : 0;
        if (b->len + (size_t)n > OUTPUT_MAX)
                return 1; /* bounded: the rest is dropped */
        char *d = realloc(b->data, b->len + (size_t)n + 1);
        if (!d)
                return 0;
        memcpy(d + b->len, chunk, (size_t)n);
        b->data = d;
        b->len += (size_t)n;
        d[b->len] = '\0';
        return 1;
}

static void trim(char *s)
{
        size_t l = s ? strlen(s) : 0;

        while (l && (s[l - 1] == '\n' || s[l - 1] == ' ' || s[l - 1] == '\r'))
                s[--l] = '\0';
}

/* The plugin's error as it worded it: {code, msg, details} on stdout, else its stderr. */
static int plugin_error(const struct cni_call *c, const char *command, const char *type, int status,
                        struct buf *out, struct buf *errb, struct error *err)
{
        json_object *o = out->data ? json_tokener_parse(out->data) : NULL, *msg = NULL, *details = NULL,
                    *code = NULL;
        int r;

        if (o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, "msg", &msg)) {
                json_object_object_get_ex(o, "details", &details);
                json_object_object_get_ex(o, "code", &code);
                const char *d = details ? json_object_get_string(details) : "";
                r = error_set(err, EIO, "network \"%s\": plugin \"%s\" (%s): %s%s%s", c->network, type,
                              command, json_object_get_string(msg), *d ? ": " : "", d);
                if (code)
                        log_debug("plugin \"%s\" error code %d", type, json_object_get_int(code));
        } else {
                trim(errb->data);
                trim(out->data);
                const char *text = errb->data && *errb->data ? errb->data : out->data ? out->data : "";
                if (WIFSIGNALED(status))
                        r = error_set(err, EIO, "network \"%s\": plugin \"%s\" (%s): killed by signal %d%s%s",
                                      c->network, type, command, WTERMSIG(status), *text ? ": " : "", text);
                else
                        r = error_set(err, EIO, "network \"%s\": plugin \"%s\" (%s): exit status %d%s%s",
                                      c->network, type, command, WEXITSTATUS(status), *text ? ": " : "",
                                      text);
        }
        json_object_put(o);
        return r;
}

int cni_exec(const struct cni_call *c, const char *command, const char *type, const char *config, char **out,
             struct error *err)
{
        int in[2] = {-1, -1}, so[2] = {-1, -1}, se[2] = {-1, -1}, status = 0, r;
        struct buf ob = {0}, eb = {0};
        char path[4096];
        char **env = NULL;
        pid_t pid, parent;

        r = find_plugin(c, type, path, sizeof(path), err);
        if (r < 0)
                return r;
        env = plugin_env(c, command);
        if (!env)
                return error_errno(err, ENOMEM, "network \"%s\": plugin \"%s\"", c->network, type);
        if (pipe2(in, O_CLOEXEC) < 0 || pipe2(so, O_CLOEXEC) < 0 || pipe2(se, O_CLOEXEC) < 0) {
                r = error_errno(err, errno, "network \"%s\": plugin \"%s\": pipe", c->network, type);
                goto out;
        }
        parent = getpid();
        pid = fork();
        if (pid < 0) {
                r = error_errno(err, errno, "network \"%s\": plugin \"%s\": fork", c->network, type);
                goto out;
        }
        if (pid == 0) {
                char *argv[] = {path, NULL};
                sigset_t none;

                /* A plugin dies with the runtime: one that went on with its ADD after a killed create
                 * would undo the DEL that delete --force runs for it. */
                if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
                        _exit(127);
                sigemptyset(&none);
                sigprocmask(SIG_SETMASK, &none, NULL);
                if (dup2(in[0], 0) < 0 || dup2(so[1], 1) < 0 || dup2(se[1], 2) < 0)
                        _exit(127);
                execve(path, argv, env);
                dprintf(2, "exec \"%s\": %s", path, strerror(errno));
                _exit(127);
        }
        cleanup_closep(&in[0]);
        cleanup_closep(&so[1]);
        cleanup_closep(&se[1]);
        /* A config fits a pipe's buffer many times over, and plugins read all of stdin first. */
        for (size_t off = 0, len = strlen(config); off < len;) {
                ssize_t n = write(in[1], config + off, len - off);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                off += (size_t)n;
        }
        cleanup_closep(&in[1]);
        {
                struct pollfd p[2] = {{.fd = so[0], .events = POLLIN}, {.fd = se[0], .events = POLLIN}};
                while (p[0].fd >= 0 || p[1].fd >= 0) {
                        if (poll(p, 2, -1) < 0) {
                                if (errno == EINTR)
                                        continue;
                                break;
                        }
                        for (int i = 0; i < 2; i++)
                                if (p[i].fd >= 0 && p[i].revents && !drain(p[i].fd, i ? &eb : &ob))
                                        p[i].fd = -1;
                }
        }
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        if (eb.data && *eb.data)
                log_debug("plugin \"%s\" (%s) stderr: %s", type, command, eb.data);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                r = plugin_error(c, command, type, status, &ob, &eb, err);
                goto out;
        }
        *out = ob.data ? ob.data : strdup("");
        ob.data = NULL;
        r = 0;
out:
        cleanup_closep(&in[0]);
        cleanup_closep(&in[1]);
        cleanup_closep(&so[0]);
        cleanup_closep(&so[1]);
        cleanup_closep(&se[0]);
        cleanup_closep(&se[1]);
        free(ob.data);
        free(eb.data);
        strv_free(env);
        return r;
}

static int del_all(const struct cni_call *c, json_object *list, json_object *runtime_config,
                   json_object *prev_result, bool quiet, struct error *err);

static int cni_del_quiet(const struct cni_call *c, json_object *list, json_object *runtime_config,
                         json_object *prev_result, struct error *err)
{
        return del_all(c, list, runtime_config, prev_result, true, err);
}

static int run_one(const struct cni_call *c, const char *command, json_object *list, size_t i,
                   json_object *prev, json_object *runtime_config, char **out, struct error *err)
{
        _cleanup_free_ char *conf = cni_plugin_stdin(list, i, prev, runtime_config);

        if (!conf)
                return error_errno(err, ENOMEM, "network \"%s\"", c->network);
        log_debug("CNI %s %s: %s", command, cni_plugin_type(list, i), conf);
        return cni_exec(c, command, cni_plugin_type(list, i), conf, out, err);
}

int cni_add(const struct cni_call *c, json_object *list, json_object *runtime_config, json_object **result,
            struct error *err)
{
        json_object *prev = NULL;
        size_t n = cni_conflist_len(list);
        int r = 0;

        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *out = NULL;
                json_object *res;

                r = run_one(c, "ADD", list, i, prev, runtime_config, &out, err);
                if (r < 0)
                        break;
                res = json_tokener_parse(out);
                if (!res || !json_object_is_type(res, json_type_object)) {
                        json_object_put(res);
                        r = error_set(err, EPROTO,
                                      "network \"%s\": plugin \"%s\" (ADD): its result is not a JSON object",
                                      c->network, cni_plugin_type(list, i));
                        break;
                }
                json_object_put(prev);
                prev = res;
        }
        if (r < 0) {
                struct error e = ERROR_INIT;
                /* What the plugins did before the failure goes again: nothing is left. The CNI spec has
                 * the whole list deleted; a plugin that never added refusing its DEL is expected. */
                if (cni_del_quiet(c, list, runtime_config, prev, &e) < 0)
                        log_debug("cleanup: %s", e.msg);
                json_object_put(prev);
                return r;
        }
        *result = prev;
        return 0;
}

static int del_all(const struct cni_call *c, json_object *list, json_object *runtime_config,
                   json_object *prev_result, bool quiet, struct error *err)
{
        int first = 0;

        for (size_t i = cni_conflist_len(list); i-- > 0;) {
                _cleanup_free_ char *out = NULL;
                struct error e = ERROR_INIT;
                int r = run_one(c, "DEL", list, i, prev_result, runtime_config, &out, &e);

                if (r < 0 && !first) {
                        first = r;
                        *err = e;
                } else if (r < 0 && quiet) {
                        log_debug("%s", e.msg);
                } else if (r < 0) {
                        log_warn("%s", e.msg);
                }
        }
        return first;
}

int cni_del(const struct cni_call *c, json_object *list, json_object *runtime_config,
            json_object *prev_result, struct error *err)
{
        return del_all(c, list, runtime_config, prev_result, false, err);
}
