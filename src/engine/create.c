/* SPDX-License-Identifier: Apache-2.0 */
#include "create.h"
#include "create_ctx.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cdi.h"
#include "hand_out.h"
#include "hooks.h"
#include "process.h"
#include "idmap_serve.h"
#include "notify_socket.h"
#include "seccomp_listener.h"
#include "init.h"
#include "lifecycle.h"
#include "network.h"
#include "seal.h"
#include "linux/cgroup/cgroup.h"
#include "linux/fds.h"
#include "linux/clone.h"
#include "linux/lsm.h"
#include "linux/undumpable.h"
#include "linux/namespaces.h"
#include "linux/net/net_devices.h"
#include "linux/pidfd_pin.h"
#include "linux/process_stat.h"
#include "linux/resctrl/resctrl.h"
#include "linux/userns.h"
#include "plan/ns_plan.h"
#include "sync.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/parse.h"

/* One component, not "." or "..": below the bundle's real path it needs no resolving but its own. */
static bool plain_name(const char *p)
{
        return *p && !strchr(p, '/') && strcmp(p, ".") && strcmp(p, "..");
}

int create_load_bundle(struct create_ctx *x, struct error *err)
{
        const char *bundle = x->o->bundle ? x->o->bundle : ".";
        _cleanup_close_ int bfd = -1;
        char rootpath[PATH_MAX];
        struct stat st, host_root;
        int r;

        /* Its real path as the kernel has it for the fd: one call where realpath takes one a component. */
        bfd = open(bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (bfd < 0)
                return error_errno(err, errno, "bundle \"%s\"", bundle);
        if (fd_real_path(bfd, x->bundle, sizeof(x->bundle)) < 0 && !realpath(bundle, x->bundle))
                return error_errno(err, errno, "bundle \"%s\"", bundle);
        r = read_doc_at(bfd, CONFIG_FILE, false, &x->config_text, &x->config_len, err);
        if (r < 0)
                return error_wrap(err, r, "bundle \"%s\"", x->bundle);
        r = spec_parse(x->config_text, x->config_len, CONFIG_FILE, &x->spec, err);
        if (r < 0)
                return r;
        if (!x->spec->root)
                return error_set(err, EINVAL, "%s: root: missing (the rootfs is required)", CONFIG_FILE);
        if ((size_t)(x->spec->root->path[0] == '/'
                         ? snprintf(rootpath, sizeof(rootpath), "%s", x->spec->root->path)
                         : snprintf(rootpath, sizeof(rootpath), "%s/%s", x->bundle, x->spec->root->path)) >=
            sizeof(rootpath))
                return error_set(err, ENAMETOOLONG, "%s: root.path: too long", CONFIG_FILE);
        /* The common case, a directory named in the bundle ("rootfs"), is its own real path there. */
        if (strcmp(x->bundle, "/") && plain_name(x->spec->root->path) &&
            fstatat(bfd, x->spec->root->path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
                snprintf(x->rootfs, sizeof(x->rootfs), "%s", rootpath);
        } else {
                if (!realpath(rootpath, x->rootfs))
                        return error_errno(err, errno, "%s: root.path: rootfs \"%s\"", CONFIG_FILE, rootpath);
                if (stat(x->rootfs, &st) < 0 || !S_ISDIR(st.st_mode))
                        return error_set(err, ENOTDIR, "%s: root.path: rootfs \"%s\" is not a directory",
                                         CONFIG_FILE, x->rootfs);
        }
        /* A rootfs that is the host's own "/" (by a symlink or enough "..") would make the host the
         * container's filesystem: mounts over its /proc and /dev, devices made in it. */
        if (stat("/", &host_root) < 0)
                return error_errno(err, errno, "stat \"/\"");
        if (st.st_dev == host_root.st_dev && st.st_ino == host_root.st_ino)
                return error_set(err, EINVAL, "%s: root.path: rootfs \"%s\" is the host's root directory",
                                 CONFIG_FILE, rootpath);
        return 0;
}

/* An existing container of this id that a create killed half-way left behind. */
static bool interrupted(const struct global_opts *g, const char *id)
{
        _cleanup_container_ struct container *c = NULL;
        struct error e = ERROR_INIT;

        return container_open(g, id, false, &c, &e) == 0 && c->pid <= 0 && c->status == STATUS_STOPPED;
}

int create_make_state_dir(struct create_ctx *x, struct error *err)
{
        const char *id = x->o->id;
        struct container *c;
        struct stat st;
        int r;

        x->rootfd = state_root_open(x->g, true, err);
        if (x->rootfd < 0)
                return x->rootfd;
        if (mkdirat(x->rootfd, id, 0711) < 0) {
                int e = errno;

                if (e == EEXIST && interrupted(x->g, id))
                        return error_set(
                            err, EEXIST,
                            "container \"%s\": container with given ID already exists (its create "
                            "was interrupted: \"delete --force %s\" removes what it left)",
                            id, id);
                if (e == EEXIST)
                        return error_set(err, EEXIST,
                                         "container \"%s\": container with given ID already exists", id);
                return error_errno(err, e, "create state of container \"%s\"", id);
        }
        x->dir_made = true;
        c = calloc(1, sizeof(*c));
        if (!c)
                return error_errno(err, ENOMEM, "container \"%s\"", id);
        x->c = c;
        c->dirfd = -1;
        c->rootfd = -1;
        c->id = strdup(id);
        c->kernel = x->g->kernel;
        c->dirfd = openat(x->rootfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (c->dirfd < 0)
                return error_errno(err, errno, "open state of container \"%s\"", id);
        if (flock(c->dirfd, LOCK_EX) < 0)
                return error_errno(err, errno, "lock container \"%s\"", id);
        c->locked = true;
        /* A delete --force that took the lock first (it found no state: a dead create's, it thought)
         * may have removed the directory. */
        if (fstat(c->dirfd, &st) < 0 || st.st_nlink == 0)
                return error_set(err, EBUSY, "container \"%s\": deleted while it was being created", id);
        c->status = STATUS_CREATING;
        c->bundle = strdup(x->bundle);
        c->rootfs = strdup(x->rootfs);
        c->systemd_cgroup = x->g->systemd_cgroup;
        /* In place: the directory is new and locked, and nothing reads its config before its state.json. */
        r = write_file_new_at(c->dirfd, CONFIG_FILE, x->config_text, x->config_len, 0600, err);
        if (r < 0)
                return r;
        if (x->start_follows)
                return 0;
        /* Writable by the container's user, whoever that is; the state directory keeps others out. */
        if (mkfifoat(c->dirfd, FIFO_FILE, 0622) < 0 || fchmodat(c->dirfd, FIFO_FILE, 0622, 0) < 0)
                return error_errno(err, errno, "create exec fifo");
        x->fifo_fd = openat(c->dirfd, FIFO_FILE, O_PATH | O_CLOEXEC);
        if (x->fifo_fd < 0)
                return error_errno(err, errno, "open exec fifo");
        return 0;
}

/*
 * The first state is saved before anything is made outside the state directory: the cgroup's paths,
 * no init yet. A create killed from here on leaves a container that `list` shows stopped and
 * `delete` removes, the processes in its cgroup and the cgroup with it.
 */
int create_record(struct create_ctx *x, const struct hand_out *to, struct error *err)
{
        int r;

        x->c->annotations = x->spec->annotations;
        x->c->n_annotations = x->spec->n_annotations;
        r = container_save(x->c, err);
        x->c->annotations = NULL;
        x->c->n_annotations = 0;
        if (r < 0)
                return r;
        return hand_out(to, &x->pty_master, x->pidfd, x->pid, err);
}

/* A cgroup that exists already, as runc 1.1 takes it: frozen, the init would freeze in it and create
 * would hang, so it is refused; holding processes, it is shared, with a warning. Called by cgroup_create
 * only for a cgroup that was there (a refusal takes back only what create made). */
static int check_existing_cgroup(struct cgroup *cg, struct error *err)
{
        _cleanup_free_ pid_t *pids = NULL;
        struct error ignored = ERROR_INIT;
        size_t n = 0;

        if (cgroup_is_frozen(cg))
                return error_set(err, EBUSY, "container's cgroup unexpectedly frozen (%s)", cgroup_path(cg));
        if (cgroup_pids(cg, &pids, &n, &ignored) == 0 && n > 0)
                log_warn("container's cgroup is not empty: %zu process(es) found (%s)", n, cgroup_path(cg));
        return 0;
}

int create_setup_cgroup(struct create_ctx *x, struct error *err)
{
        const char *path = x->spec->linux ? x->spec->linux->cgroups_path : NULL;
        char created[64];
        int r;

        r = cgroup_resolve(path, x->o->id, x->g->systemd_cgroup, &x->cg, err);
        if (r < 0)
                return r;
        r = container_set_cgroup(x->c, x->cg, err);
        if (r < 0)
                return r;
        format_rfc3339nano(created, sizeof(created));
        x->c->created = strdup(created);
        if (!x->c->created)
                return error_errno(err, ENOMEM, "container \"%s\"", x->o->id);
        r = container_save(x->c, err);
        if (r < 0)
                return r;
        /* A systemd unit's cgroup is systemd's to make: one in use is refused by systemd, naming it. */
        r = cgroup_create_checked(x->cg, x->g->rootless, check_existing_cgroup, err);
        if (r < 0)
                return r;
        x->cg_made = true;
        /* Rootless, only the hierarchies it could join stay: the final state keeps just those. */
        return container_set_cgroup(x->c, x->cg, err);
}

/* Socket activation as runc honours it: LISTEN_FDS meant for us (LISTEN_PID) go on to the container. */
static int listen_fds(void)
{
        const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
        int n, p;

        if (!fds || !pid || parse_int(fds, &n) < 0 || parse_int(pid, &p) < 0 || p != getpid() || n <= 0)
                return 0;
        return n;
}

/* Joining a pid namespace by path affects only children: the parent enters it for the clone and leaves. */
static int clone_init(struct create_ctx *x, const struct ns_plan *plan, struct error *err)
{
        const struct spec_namespace *pidns = x->spec->linux ? &x->spec->linux->namespaces[NS_PID] : NULL;
        _cleanup_close_ int target = -1, own = -1;
        pid_t pid;

        if (pidns && pidns->present && pidns->path) {
                target = ns_open(pidns->path, NS_PID, err);
                if (target < 0)
                        return target;
                own = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
                if (own < 0)
                        return error_errno(err, errno, "open \"/proc/self/ns/pid\"");
                if (setns(target, CLONE_NEWPID) < 0)
                        return error_errno(err, errno, "join pid namespace \"%s\"", pidns->path);
        }
        /* With a staging child the init may be our grandchild: it must come back to us when orphaned. */
        if (plan->staged && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
                return error_errno(err, errno, "prctl(PR_SET_CHILD_SUBREAPER)");
        pid = clone3_fork(plan->clone_flags, cgroup_v2_fd(x->cg), &x->pidfd, err);
        if (pid == 0) {
                struct init_args a = {
                    .spec = x->spec,
                    .id = x->o->id,
                    .bundle = x->bundle,
                    .rootfs = x->rootfs,
                    .cgroup = x->cg,
                    .sync_fd = x->sock[1],
                    .fifo_fd = x->fifo_fd,
                    .stub_fd = x->stub_fd,
                    .clone_flags = plan->clone_flags,
                    .unshare_flags = plan->unshare_flags,
                    .no_pivot = x->o->no_pivot,
                    .no_new_keyring = x->o->no_new_keyring,
                    .preserve_fds = x->o->preserve_fds + x->listen_fds,
                    .listen_fds = x->listen_fds,
                    .undumpable = undumpable_allowed(),
                    /* Not under a filter loaded before the wait: one may not allow madvise. */
                    .lean_wait =
                        x->lean_wait && (!x->spec->linux || !x->spec->linux->seccomp ||
                                         (seccomp_late(x->spec->process) && !seccomp_notifies(x->spec))),
                    .pty_as_written = relay_output_as_written(x->o->console_socket),
                };
                /* The lock must die with the runtime, not live on in the container; no host cgroup
                 * directory may either. */
                int fds[CGROUP_MAX_FDS + 3];
                size_t n = cgroup_take_fds(x->cg, fds, CGROUP_MAX_FDS);

                fds[n++] = x->c->dirfd;
                fds[n++] = x->rootfd;
                fds[n++] = x->sock[0];
                fds_close_list(fds, n);
                if (plan->staged)
                        container_stage(&a, plan->stage_flags, plan->stage_fork);
                container_init(&a);
        }
        if (own >= 0 && setns(own, CLONE_NEWPID) < 0)
                log_warn("leave pid namespace \"%s\": %s", pidns->path, errno_text(errno));
        if (pid < 0)
                return pid;
        x->pid = pid;
        return 0;
}

static int stage_userns(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct create_ctx *x = ctx;

        return userns_write_maps(x->pid, x->spec->linux, false, err);
}

static int stage_pid(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct create_ctx *x = ctx;

        x->init_pid = m->value;
        return SYNC_DONE;
}

/* The staging child: it may ask for its maps, then names the init. */
static const struct sync_handler stage_handlers[] = {
    {SYNC_USERNS, stage_userns, SYNC_USERNS_DONE},
    {SYNC_PID, stage_pid, 0},
};
static const struct sync_peer stage_peer = {
    .name = "the staging child",
    .eof_error = "container init exited before it was ready",
    .handlers = stage_handlers,
    .n_handlers = ARRAY_SIZE(stage_handlers),
};

/* The staged path: release the staging child, write its maps when it asks, and learn the init's pid. */
static int drive_stage(struct create_ctx *x, struct error *err)
{
        siginfo_t info;
        int r;

        r = sync_drive(x->sock[0], x->pid, &stage_peer, x, err);
        if (r < 0)
                return r;
        if (x->init_pid <= 0)
                return 0; /* the staging child is the init */
        /* Pin the init before its parent goes, then reap the staging child. */
        r = pidfd_of_child(x->init_pid);
        if (r < 0)
                return error_errno(err, -r, "pidfd_open of the container init (%d)", (int)x->init_pid);
        waitid(P_PIDFD, x->pidfd, &info, WEXITED);
        close(x->pidfd);
        x->pidfd = r;
        x->pid = x->init_pid;
        return 0;
}

/* linux.netDevices go into the init's network namespace (the one it joins, when given by path) while the init
 * waits for GO: before the prestart hooks and the container's own setup see the network, as in runc. */
static int move_net_devices(struct create_ctx *x, struct error *err)
{
        const struct spec_linux *l = x->spec->linux;
        const struct spec_namespace *ns = &l->namespaces[NS_NETWORK];
        _cleanup_close_ int fd = -1;
        char path[64];

        if (ns->path) {
                fd = ns_open(ns->path, NS_NETWORK, err);
                if (fd < 0)
                        return error_wrap(err, fd, "linux.netDevices");
        } else {
                snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)x->pid);
                fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        return error_errno(err, errno, "linux.netDevices: open \"%s\"", path);
        }
        return net_devices_move(l, fd, &x->net_devices, err);
}

/* The create-time hooks see "created", as the runtime-tools suite checks and crun passes. */
static int run_runtime_hooks(struct create_ctx *x, struct error *err)
{
        _cleanup_free_ char *json = container_hook_state(x->o->id, x->pid, x->bundle, x->spec->annotations,
                                                         x->spec->n_annotations, STATUS_CREATED);
        int r = hooks_run(x->spec, HOOK_PRESTART, json, false, err);

        if (r < 0)
                return r;
        return hooks_run(x->spec, HOOK_CREATE_RUNTIME, json, false, err);
}

static int init_seccomp(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct create_ctx *x = ctx;
        _cleanup_free_ char *json = container_hook_state(x->o->id, x->pid, x->bundle, x->spec->annotations,
                                                         x->spec->n_annotations, STATUS_CREATING);

        return seccomp_listener_forward(x->spec, sock, x->pid, json, err);
}

static int init_idmap(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct create_ctx *x = ctx;

        x->idmap.spec = x->spec;
        x->idmap.bundle = x->bundle;
        x->idmap.pid = x->pid;
        x->idmap.pidfd = x->pidfd;
        return idmap_serve(&x->idmap, sock, m->value, err);
}

static int init_pty(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct create_ctx *x = ctx;
        int r = sync_take_fd(sock, &x->pty_master, err);

        return r < 0 ? error_wrap(err, r, "terminal of the container") : 0;
}

static int init_hooks(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        return run_runtime_hooks(ctx, err);
}

static int init_ready(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        return SYNC_DONE;
}

/* The init, from GO until it is ready to wait for start. */
static const struct sync_handler init_handlers[] = {
    {SYNC_SECCOMP, init_seccomp, 0},
    {SYNC_IDMAP, init_idmap, 0}, /* idmap_serve answers IDMAP_DONE with the tree */
    {SYNC_PTY, init_pty, 0},
    {SYNC_HOOKS, init_hooks, SYNC_HOOKS_DONE},
    {SYNC_READY, init_ready, 0},
};
static const struct sync_peer init_peer = {
    .name = "container init",
    .eof_error = "container init exited before it was ready",
    .handlers = init_handlers,
    .n_handlers = ARRAY_SIZE(init_handlers),
};

static int drive_child(struct create_ctx *x, const struct ns_plan *plan, struct error *err)
{
        struct process_stat ps;
        int r;

        /* Into the cgroup before any namespace is unshared: a cgroup namespace takes its root from it. */
        if (cgroup_v2_fd(x->cg) < 0) {
                r = cgroup_enter(x->cg, x->pid, x->spec->linux ? x->spec->linux->resources : NULL, err);
                if (r < 0)
                        return r;
        }
        /* Into the resctrl group before the staging child forks the init, which then inherits it. */
        if (x->c->rdt) {
                r = resctrl_enter(x->rdt_fd, x->c->rdt, x->pid, err);
                if (r < 0)
                        return error_wrap(err, r, "%s", CONFIG_FILE);
        }
        if (plan->staged) {
                r = drive_stage(x, err);
                if (r < 0)
                        return r;
        } else if (plan->clone_flags & CLONE_NEWUSER) {
                r = userns_write_maps(x->pid, x->spec->linux, false, err);
                if (r < 0)
                        return r;
        }
        if (x->spec->linux && x->spec->linux->resources) {
                r = cgroup_apply(x->cg, x->spec->linux->resources, err);
                if (r < 0)
                        return r;
        }
        if (x->spec->linux && x->spec->linux->n_net_devices) {
                r = move_net_devices(x, err);
                if (r < 0)
                        return r;
        }
        /* CNI ADD once the namespace exists, before the hooks and the container's own setup see it. */
        if (x->net) {
                r = network_setup(x->net, x->spec, x->o->id, x->c->dirfd, x->pid, err);
                if (r < 0)
                        return r;
        }
        r = sync_drive(x->sock[0], x->pid, &init_peer, x, err);
        if (r < 0)
                return r;
        r = process_stat_read(x->pid, &ps);
        if (r < 0)
                return error_errno(err, r, "read /proc/%d/stat", (int)x->pid);
        x->c->pid = x->pid;
        x->c->start_time = ps.start_time;
        return 0;
}

/* runc's rules: a terminal needs somewhere to go; a console socket needs a terminal. */
static int check_terminal(const struct spec *s, const struct create_opts *o, bool foreground,
                          struct error *err)
{
        bool terminal = s->process && s->process->terminal;

        if (terminal && !o->console_socket && !foreground)
                return error_set(
                    err, EINVAL,
                    "cannot allocate a tty if brownie will detach without setting --console-socket");
        if (!terminal && o->console_socket)
                return error_set(err, EINVAL, "cannot use --console-socket if process.terminal is false");
        return 0;
}

/* Fields the model takes that brownie cannot carry out yet are refused, never silently dropped. */
static int check_supported(const struct spec *s, struct error *err)
{
        const struct spec_linux *l = s->linux;

        if (s->process) {
                int r = lsm_check(s->process, err);
                if (r < 0)
                        return r;
        }
        if (spec_has_ns(s, NS_MOUNT)) {
                int r = idmap_check(s, err);
                if (r < 0)
                        return r;
        }
        if (!spec_has_ns(s, NS_MOUNT) &&
            (s->n_mounts || (l && (l->n_masked_paths || l->n_readonly_paths || l->n_devices)) ||
             s->root->readonly))
                log_warn("no mount namespace: mounts, devices, masked and read-only paths are not applied "
                         "(they would "
                         "change the host's mount namespace); the process is only chrooted to its rootfs");
        if (!l)
                return 0;
        if (l->mount_label && *l->mount_label && !lsm_selinux_enabled())
                log_debug("linux.mountLabel \"%s\" dropped: SELinux is not enabled on this host",
                          l->mount_label);
        return 0;
}

/* linux.intelRdt: no resctrl mounted, no RDT (config-linux.md); what can be checked is, before anything is
 * made. */
static int check_rdt(struct create_ctx *x, struct error *err)
{
        const struct spec_intel_rdt *rdt = x->spec->linux ? x->spec->linux->intel_rdt : NULL;
        int r;

        if (!rdt)
                return 0;
        r = resctrl_find(&x->rdt_root, err);
        if (r < 0)
                return error_wrap(err, r, "%s: linux.intelRdt", CONFIG_FILE);
        x->rdt_fd = resctrl_open(x->rdt_root, err);
        if (x->rdt_fd < 0)
                return error_wrap(err, x->rdt_fd, "%s", CONFIG_FILE);
        r = resctrl_check(x->rdt_fd, x->rdt_root, rdt, x->o->id, err);
        return r < 0 ? error_wrap(err, r, "%s", CONFIG_FILE) : 0;
}

/* The resctrl group made (or joined) and its schemata written before the init exists; it enters in
 * drive_child. */
static int setup_rdt(struct create_ctx *x, struct error *err)
{
        int r;

        if (x->rdt_fd < 0)
                return 0;
        r = resctrl_setup(x->rdt_fd, x->rdt_root, x->spec->linux->intel_rdt, x->o->id, &x->c->rdt, err);
        return r < 0 ? error_wrap(err, r, "%s", CONFIG_FILE) : 0;
}

void create_undo(struct create_ctx *x)
{
        struct error e = ERROR_INIT;

        /* While the namespace still holds what the plugins made. */
        if (x->net)
                network_undo(x->net, x->o->id);
        pidfd_kill_reap(x->pidfd);
        /* Our fd keeps the container's network namespace, and the devices in it, alive until then. */
        net_devices_move_back(x->net_devices);
        if (x->cg_made && cgroup_destroy(x->cg, &e) < 0)
                log_warn("cleanup: %s", e.msg);
        if (x->c && x->c->rdt && resctrl_undo(x->rdt_fd, x->c->rdt, &e) < 0)
                log_warn("cleanup: %s", e.msg);
        if (x->dir_made && rm_rf_at(x->rootfd, x->o->id) < 0)
                log_warn("cleanup: remove state of container \"%s\"", x->o->id);
}

int create_container(const struct global_opts *g, const struct create_opts *o, bool foreground,
                     bool start_follows, struct created *out, struct error *err)
{
        struct create_ctx x = CREATE_CTX_INIT(g, o);
        _cleanup_free_ char *cdi_saved = NULL;
        const struct hand_out to = {
            .console_socket = o->console_socket, .pidfd_socket = o->pidfd_socket, .pid_file = o->pid_file};
        struct ns_plan plan;
        int r;

        x.lean_wait = !start_follows;
        x.start_follows = start_follows;
        if (!container_id_valid(o->id)) {
                r = error_set(err, EINVAL, "invalid container id format: %s", o->id ? o->id : "");
                goto out;
        }
        r = create_load_bundle(&x, err);
        if (r < 0)
                goto out;
        /* Before anything is made: this may re-execute the runtime. */
        r = engine_seal_for(x.spec, &x.stub_fd, err);
        if (r < 0)
                goto out;
        /* CDI devices asked for (annotations, --device): their edits go into the parsed config. */
        r = cdi_inject(g, o->devices, x.spec, &cdi_saved, err);
        if (r < 0)
                goto out;
        r = check_terminal(x.spec, o, foreground, err);
        if (r < 0)
                goto out;
        r = check_supported(x.spec, err);
        if (r < 0)
                goto out;
        r = check_rdt(&x, err);
        if (r < 0)
                goto out;
        r = network_plan(g, o, x.spec, &x.net, err);
        if (r < 0)
                goto out;
        r = create_make_state_dir(&x, err);
        if (r < 0)
                goto out;
        r = cdi_save(x.c->dirfd, cdi_saved, err);
        if (r < 0)
                goto out;
        if (x.net) {
                r = network_add_mounts(x.net, x.spec, x.c->dirfd, err);
                if (r < 0)
                        goto out;
        }
        r = notify_socket_prepare(x.spec, x.c->dirfd, err);
        if (r < 0)
                goto out;
        r = create_setup_cgroup(&x, err);
        if (r < 0)
                goto out;
        r = setup_rdt(&x, err);
        if (r < 0)
                goto out;
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, x.sock) < 0) {
                r = error_errno(err, errno, "socketpair");
                goto out;
        }
        plan_namespaces(x.spec, cgroup_v2_fd(x.cg) >= 0, &plan);
        x.listen_fds = listen_fds();
        r = clone_init(&x, &plan, err);
        if (r < 0)
                goto out;
        cleanup_closep(&x.sock[1]);
        r = drive_child(&x, &plan, err);
        if (r < 0)
                goto out;
        r = create_record(&x, &to, err);
        if (r < 0)
                goto out;
        x.c->status = STATUS_CREATED;
        x.c->rootfd = TAKE_FD(x.rootfd); /* run's delete removes the directory from it */
        out->c = TAKE_PTR(x.c);
        out->spec = TAKE_PTR(x.spec);
        out->pid = x.pid;
        out->pidfd = TAKE_FD(x.pidfd);
        out->pty_master = TAKE_FD(x.pty_master);
        out->sync_fd = start_follows ? TAKE_FD(x.sock[0]) : -1;
        r = 0;
out:
        if (r < 0)
                create_undo(&x);
        cleanup_closep(&x.sock[0]);
        cleanup_closep(&x.sock[1]);
        cleanup_closep(&x.fifo_fd);
        cleanup_closep(&x.stub_fd);
        cleanup_closep(&x.pidfd);
        cleanup_closep(&x.pty_master);
        cleanup_closep(&x.rootfd);
        cleanup_closep(&x.rdt_fd);
        free(x.rdt_root);
        idmap_serve_release(&x.idmap);
        container_free(x.c);
        cgroup_free(x.cg);
        net_devices_free(x.net_devices);
        network_free(x.net);
        spec_free(x.spec);
        free(x.config_text);
        return r;
}

void created_release(struct created *cr)
{
        container_free(cr->c);
        spec_free(cr->spec);
        if (cr->pidfd >= 0)
                close(cr->pidfd);
        if (cr->pty_master >= 0)
                close(cr->pty_master);
        if (cr->sync_fd >= 0)
                close(cr->sync_fd);
        cr->c = NULL;
        cr->spec = NULL;
        cr->pidfd = -1;
        cr->pty_master = -1;
        cr->sync_fd = -1;
}

int engine_create(const struct global_opts *g, const struct create_opts *o, struct error *err)
{
        struct created cr = CREATED_INIT;
        int r = create_container(g, o, false, false, &cr, err);

        if (r < 0)
                return r;
        created_release(&cr);
        return 0;
}
