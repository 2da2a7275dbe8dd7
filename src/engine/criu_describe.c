/* SPDX-License-Identifier: Apache-2.0 */
#include "criu_describe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/cgroup/cgroup.h"
#include "util/fs.h"

static const char CRIU_RUNC_CONF[] = "/etc/criu/runc.conf";

static const char *const cgroup_modes[] = {"soft", "full", "strict", "ignore", NULL};

int criu_opts_check(const struct criu_common_opts *o, struct error *err)
{
        bool ok = !o->manage_cgroups_mode;

        for (size_t i = 0; !ok && cgroup_modes[i]; i++)
                ok = !strcmp(o->manage_cgroups_mode, cgroup_modes[i]);
        if (!ok)
                return error_set(err, EINVAL,
                                 "invalid --manage-cgroups-mode value \"%s\" (soft, full, strict or ignore)",
                                 o->manage_cgroups_mode);
        for (size_t i = 0; o->empty_ns && o->empty_ns[i]; i++)
                if (strcmp(o->empty_ns[i], "network"))
                        return error_set(err, EINVAL,
                                         "namespace \"%s\" is not supported by --empty-ns (only \"network\")",
                                         o->empty_ns[i]);
        return 0;
}

static int absolute(const char *given, const char *fallback, char *out, size_t size, struct error *err)
{
        char cwd[PATH_MAX];
        const char *p = given && *given ? given : fallback;

        if (p[0] == '/')
                return (size_t)snprintf(out, size, "%s", p) < size
                           ? 0
                           : error_set(err, ENAMETOOLONG, "%s: too long", p);
        if (!getcwd(cwd, sizeof(cwd)))
                return error_errno(err, errno, "getcwd");
        if ((size_t)snprintf(out, size, "%s/%s", cwd, p) >= size)
                return error_set(err, ENAMETOOLONG, "%s: too long", p);
        return 0;
}

int criu_paths_resolve(const struct criu_common_opts *o, const char *log_name, bool make_image,
                       struct criu_paths *p, struct error *err)
{
        struct stat st;
        int r;

        r = absolute(o->image_path, "checkpoint", p->image, sizeof(p->image), err);
        if (r < 0)
                return r;
        r = absolute(o->work_path, p->image, p->work, sizeof(p->work), err);
        if (r < 0)
                return r;
        if (make_image) {
                r = mkdir_p(p->image, 0700, err);
                if (r < 0)
                        return error_wrap(err, r, "--image-path");
        } else if (stat(p->image, &st) < 0 || !S_ISDIR(st.st_mode)) {
                return error_errno(err, errno ? errno : ENOTDIR, "--image-path \"%s\"", p->image);
        }
        r = mkdir_p(p->work, 0700, err);
        if (r < 0)
                return error_wrap(err, r, "--work-path");
        if ((size_t)snprintf(p->log, sizeof(p->log), "%s/%s", p->work, log_name) >= sizeof(p->log) ||
            (size_t)snprintf(p->out, sizeof(p->out), "%s%s", p->log, CRIU_OUTPUT_SUFFIX) >= sizeof(p->out))
                return error_set(err, ENAMETOOLONG, "--work-path: too long");
        return 0;
}

void criu_common_args(struct criu_cmd *cmd, const struct criu_common_opts *o, const struct criu_paths *p,
                      const char *log_name)
{
        criu_arg(cmd, "--images-dir");
        criu_arg(cmd, "%s", p->image);
        criu_arg(cmd, "--work-dir");
        criu_arg(cmd, "%s", p->work);
        criu_arg(cmd, "--log-file");
        criu_arg(cmd, "%s", log_name);
        criu_arg(cmd, "-v4");
        criu_arg(cmd, "--manage-cgroups=%s", o->manage_cgroups_mode ? o->manage_cgroups_mode : "soft");
        if (o->tcp_established)
                criu_arg(cmd, "--tcp-established");
        if (o->ext_unix_sk)
                criu_arg(cmd, "--ext-unix-sk");
        if (o->shell_job)
                criu_arg(cmd, "--shell-job");
        if (o->file_locks)
                criu_arg(cmd, "--file-locks");
        if (o->lazy_pages)
                criu_arg(cmd, "--lazy-pages");
        if (o->auto_dedup)
                criu_arg(cmd, "--auto-dedup");
        for (size_t i = 0; o->empty_ns && o->empty_ns[i]; i++)
                criu_arg(cmd, "--empty-ns=net");
}

/* A masked path that is a file in the running container (a bind of /dev/null); directories are tmpfs
 * mounts criu dumps itself. At restore every masked path is mapped: criu ignores keys it never saw. */
static bool masked_file(pid_t pid, const char *path)
{
        char p[PATH_MAX];
        struct stat st;

        if ((size_t)snprintf(p, sizeof(p), "/proc/%d/root%s", (int)pid, path) >= sizeof(p))
                return false;
        return stat(p, &st) == 0 && !S_ISDIR(st.st_mode);
}

static const struct {
        enum spec_ns_type type;
        const char *criu_name, *key;
} external_ns[2] = {{NS_NETWORK, "net", "extRootNetNS"}, {NS_PID, "pid", "extRootPidNS"}};

/* criu's configuration file, as runc picks it: the annotation org.criu.config ("" for none), else
 * /etc/criu/runc.conf where it exists. */
static void config_file(struct criu_cmd *cmd, const struct spec *s)
{
        const char *file = CRIU_RUNC_CONF;

        for (size_t i = 0; i < s->n_annotations; i++)
                if (!strcmp(s->annotations[i].key, "org.criu.config"))
                        file = s->annotations[i].value;
        if (!file || !*file || (file == CRIU_RUNC_CONF && access(file, F_OK) < 0))
                return;
        criu_arg(cmd, "--config");
        criu_arg(cmd, "%s", file);
}

/* A v1 "cgroup" mount's binds (the tmpfs itself is the container's, dumped with its links): each
 * external, keyed by DEST/<hierarchy>, mapped at restore to the restored container's cgroup there. */
static int cgroup_binds(struct criu_cmd *cmd, const struct spec_mount *m, const struct cgroup *cg, pid_t pid,
                        struct error *err)
{
        char base[NAME_MAX + 1], src[PATH_MAX], key[PATH_MAX];
        int r;

        for (int i = 0; (r = cgroup_v1_bind(cg, i, base, sizeof(base), src, sizeof(src))) != -ENOENT; i++) {
                if (r == 0)
                        continue;
                if (r < 0 || (size_t)snprintf(key, sizeof(key), "%s/%s", m->destination, base) >= sizeof(key))
                        return error_set(err, ENAMETOOLONG, "mount \"cgroup\" on \"%s\": path too long",
                                         m->destination);
                criu_arg(cmd, "--ext-mount-map");
                criu_arg(cmd, "%s:%s", key, pid ? key : src);
        }
        return 0;
}

int criu_describe(struct criu_cmd *cmd, const struct spec *s, const struct cgroup *cg, pid_t pid,
                  int ns_fds[2], struct error *err)
{
        bool cgroupns = spec_has_ns(s, NS_CGROUP);
        int r;

        config_file(cmd, s);
        for (size_t i = 0; i < s->n_mounts; i++) {
                const struct spec_mount *m = &s->mounts[i];

                if (cg && !cgroupns && m->type && !strcmp(m->type, "cgroup")) {
                        r = cgroup_binds(cmd, m, cg, pid, err);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (!m->bind)
                        continue;
                criu_arg(cmd, "--ext-mount-map");
                criu_arg(cmd, "%s:%s", m->destination, pid ? m->destination : m->source);
        }
        for (size_t i = 0; s->linux && i < s->linux->n_masked_paths; i++) {
                const char *path = s->linux->masked_paths[i];

                if (pid && !masked_file(pid, path))
                        continue;
                criu_arg(cmd, "--ext-mount-map");
                criu_arg(cmd, "%s:%s", path, pid ? path : "/dev/null");
        }
        for (size_t i = 0; i < 2; i++) {
                const char *path = s->linux && s->linux->namespaces[external_ns[i].type].present
                                       ? s->linux->namespaces[external_ns[i].type].path
                                       : NULL;
                struct stat st;

                if (!path)
                        continue;
                if (pid) {
                        if (stat(path, &st) < 0)
                                return error_errno(err, errno, "linux.namespaces: %s namespace \"%s\"",
                                                   external_ns[i].criu_name, path);
                        criu_arg(cmd, "--external");
                        criu_arg(cmd, "%s[%llu]:%s", external_ns[i].criu_name, (unsigned long long)st.st_ino,
                                 external_ns[i].key);
                        continue;
                }
                ns_fds[i] = open(path, O_RDONLY | O_CLOEXEC);
                if (ns_fds[i] < 0)
                        return error_errno(err, errno, "linux.namespaces: %s namespace \"%s\"",
                                           external_ns[i].criu_name, path);
                if (criu_keep_fd(cmd, ns_fds[i]) < 0)
                        return error_set(err, E2BIG, "criu: too many inherited fds");
                criu_arg(cmd, "--inherit-fd");
                criu_arg(cmd, "fd[%d]:%s", ns_fds[i], external_ns[i].key);
        }
        return 0;
}

void criu_ns_fds_close(int ns_fds[2])
{
        for (size_t i = 0; i < 2; i++)
                if (ns_fds[i] >= 0) {
                        close(ns_fds[i]);
                        ns_fds[i] = -1;
                }
}
