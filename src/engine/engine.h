/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The lifecycle, as the CLI sees it. Every entry point returns 0 or a negative
 * errno and fills `err`; none prints to stdout except where its doc says it
 * writes to `out`. Only the CLI decides exit codes.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "model/cgroup_subs.h"
#include "model/publish.h"
#include "util/error.h"

struct kernel_ops;

#define BROWNIE_DEFAULT_ROOT "/run/brownie"

/* Global options, parsed once by the CLI. */
struct global_opts {
        const char *root; /* state root; BROWNIE_DEFAULT_ROOT when NULL */
        bool debug;
        bool systemd_cgroup;
        bool rootless; /* decided by engine_globals_resolve: cgroups it cannot write are skipped */
        const struct kernel_ops *kernel; /* NULL: the kernel's (engine/kernel.h); a unit test's fake */
        /* CDI (engine/cdi.h): --cdi-spec-dir, NULL-terminated (NULL: $BROWNIE_CDI_SPEC_DIRS or the defaults),
         * and --cdi-annotation-prefix, the prefixes besides "cdi.k8s.io/" */
        char **cdi_spec_dirs;
        char **cdi_annotation_prefixes;
        const char *criu; /* --criu: the criu binary for checkpoint and restore (NULL: "criu" in $PATH) */
};

/*
 * Completes the global options as runc does. rootless is --rootless: "auto" (a non-root euid, or
 * root of a user namespace that is not the host's), or a bool in Go's spellings ("true", "1", "f",
 * ...). Without --root (root_given false) the state root is $XDG_RUNTIME_DIR/brownie where runc
 * would take $XDG_RUNTIME_DIR/runc (the variable set, and a non-root euid, or a user namespace with
 * $USER other than "root"), formatted into root_buf; else BROWNIE_DEFAULT_ROOT. -EINVAL for a bad value.
 */
int engine_globals_resolve(struct global_opts *g, const char *rootless, bool root_given, char *root_buf,
                           size_t size, struct error *err);

struct create_opts {
        const char *id;
        const char *bundle; /* NULL: the current directory */
        const char *console_socket;
        const char *pid_file;
        const char *pidfd_socket;
        bool no_pivot;
        bool no_new_keyring;
        int preserve_fds;
        /* networking, opt-in (engine/network.h): NULL when not asked; "" for the default network */
        const char *network;
        char **publish;             /* -p/--publish as given, NULL-terminated: the CLI's, made into ports */
        struct port_mapping *ports; /* the published ports the flags asked (cli_create_values) */
        size_t n_ports;
        const char *cni_config_dir; /* NULL: $NETCONFPATH, else /etc/cni/net.d */
        const char *cni_path;       /* NULL: $CNI_PATH, else /usr/lib/cni:/opt/cni/bin */
        char **devices;             /* --device: CDI devices (vendor.com/class=name), NULL-terminated */
        /* run only */
        bool detach;
        bool keep;
};

/*
 * A command that puts processes into containers (create, run, exec) makes sure no container can write the
 * runtime's own binary (CVE-2019-5736), once it has read the config (engine/seal.h): the container's
 * execs go through the exec stub where it can carry them, else this program re-executes itself, with these
 * argv and the same environment, from a view of the binary nobody can write. Called first: keeps argv and
 * notes the signal dispositions the caller left (process.h).
 */
void engine_seal_later(char *const argv[]);

/* Container ids as runc takes them: [A-Za-z0-9_+.-]+, not "." or "..". */
bool engine_id_valid(const char *id);

/* create: everything but the user program; the container waits for start. */
int engine_create(const struct global_opts *g, const struct create_opts *o, struct error *err);

/* start: releases a created container into its user program. */
int engine_start(const struct global_opts *g, const char *id, struct error *err);

/*
 * run: create + start. Detached: returns once started. Otherwise waits for the
 * container's init and stores its exit status in *status (128+signal when killed),
 * forwarding signals to it, and deletes the container unless o->keep.
 */
int engine_run(const struct global_opts *g, const struct create_opts *o, int *status, struct error *err);

/* state: writes the state JSON (runc's keys, indented) to out. */
int engine_state(const struct global_opts *g, const char *id, FILE *out, struct error *err);

/* kill: sends sig to the init (or, with all, to every process of the container). */
int engine_kill(const struct global_opts *g, const char *id, int sig, bool all, struct error *err);

/* delete: removes a stopped container; with force also a created/running one (and an unknown id is no error).
 */
int engine_delete(const struct global_opts *g, const char *id, bool force, struct error *err);

struct container_summary {
        char *id;
        pid_t pid; /* 0 when stopped */
        char *status;
        char *bundle;
        char *rootfs;
        char *created; /* RFC 3339 with nanoseconds, as runc */
        char *owner;
        struct kv *annotations; /* the config's, as runc lists them */
        size_t n_annotations;
};

/* list: every container under the root, sorted by id. */
int engine_list(const struct global_opts *g, struct container_summary **out, size_t *n, struct error *err);
void engine_list_free(struct container_summary *list, size_t n);
/* list -f json: writes runc's JSON array ("null" when empty, as runc does). */
int engine_list_json(const struct global_opts *g, FILE *out, struct error *err);

struct exec_opts {
        const char *id;
        const char
            *process_file; /* -p: a process.json, taken whole (runc): the process fields below do not apply */
        char **args;       /* after the id; NULL-terminated (may be empty with -p) */
        const char *cwd;
        char **env; /* -e KEY=VALUE, NULL-terminated */
        bool tty;
        bool set_user; /* uid and gid replace the config's (gid 0 when only a uid is given) */
        uint32_t uid, gid;
        const uint32_t *additional_gids; /* replace the config's when n_additional_gids > 0 */
        size_t n_additional_gids;
        uint64_t add_caps; /* capabilities (bit n: capability n) added to every set but the inheritable */
        bool no_new_privs;
        const char *apparmor;
        const char *process_label;
        const char *console_socket;
        const char *pidfd_socket;
        const char *pid_file;
        struct cgroup_subs cgroups; /* --cgroup: sub-cgroups of the container's (none: n == 0) */
        int preserve_fds;
        bool detach;
        bool ignore_paused;
};

/*
 * exec: a new process in the container (its namespaces, cgroup, capabilities,
 * rlimits, seccomp). Not detached: waits and stores its exit status in *status.
 */
int engine_exec(const struct global_opts *g, const struct exec_opts *o, int *status, struct error *err);

/* pause / resume: freezes or thaws every process of the container (state then says "paused"). */
int engine_pause(const struct global_opts *g, const char *id, struct error *err);
int engine_resume(const struct global_opts *g, const char *id, struct error *err);

/* ps: the host pids of the container's processes (malloc'd). */
int engine_ps(const struct global_opts *g, const char *id, pid_t **pids, size_t *n, struct error *err);
/* ps's table: ps(1) run with args (NULL: "-ef"), its header and the rows of these pids written to out. */
int engine_ps_table(const pid_t *pids, size_t n, char *const *args, FILE *out, struct error *err);

/* A number the caller may give or not. */
struct opt_int64 {
        bool set;
        int64_t value;
};
struct opt_uint64 {
        bool set;
        uint64_t value;
};

/* A line for the schemata of the container's resctrl group ("L3:0=ff", "MB:0=50": one line, checked by the
 * caller), and what messages call it. */
struct update_schema {
        const char *name;
        const char *line;
};

/* update: the per-field values, parsed and range-checked by the caller; they win over the file's. */
struct update_opts {
        const char *id;
        const char *resources; /* a file with a LinuxResources JSON, or "-" for stdin; NULL: none */
        struct opt_int64 memory, memory_swap, memory_reservation, kernel_memory,
            kernel_memory_tcp; /* bytes */
        struct opt_uint64 cpu_shares, cpu_period, cpu_burst, cpu_rt_period;
        struct opt_int64 cpu_quota, cpu_rt_runtime, cpu_idle;
        const char *cpuset_cpus, *cpuset_mems; /* NULL: not given */
        struct opt_int64 pids_limit;
        struct opt_uint64 blkio_weight; /* 0, or 10 to 1000 */
        struct update_schema schemata[2];
        size_t n_schemata;
};

/* update: new limits for a live container; a failed update leaves the old ones in place. */
int engine_update(const struct global_opts *g, const struct update_opts *o, struct error *err);

/*
 * events: with once, one stats JSON ({"type":"stats","id":...,"data":{cpu,memory,pids}}); else one every
 * interval_ns and {"type":"oom"} when an OOM kill happened, until the container stops.
 */
int engine_events(const struct global_opts *g, const char *id, bool once, int64_t interval_ns, FILE *out,
                  struct error *err);

/* checkpoint and restore through CRIU's command line (engine/checkpoint.c, engine/restore.c). */
struct criu_common_opts {
        const char *image_path;          /* NULL: "checkpoint" in the current directory, as runc */
        const char *work_path;           /* NULL: the image path */
        const char *manage_cgroups_mode; /* soft|full|strict|ignore; NULL: soft */
        char **empty_ns;                 /* --empty-ns: namespaces created empty ("network") */
        bool tcp_established, ext_unix_sk, shell_job, file_locks, lazy_pages, auto_dedup;
};

struct checkpoint_opts {
        const char *id;
        struct criu_common_opts criu;
        const char *parent_path; /* --parent-path: the previous (pre-)dump, relative to the image path */
        const char *page_server; /* ADDRESS:PORT */
        int status_fd;           /* -1: none */
        bool leave_running, tcp_skip_in_flight, link_remap, pre_dump;
};

/* checkpoint: criu dump (or pre-dump) of the container's processes; the container is removed after a
 * successful dump unless leave_running (or pre_dump). A failure leaves it as it was. */
int engine_checkpoint(const struct global_opts *g, const struct checkpoint_opts *o, struct error *err);

struct restore_opts {
        const char *id;
        struct criu_common_opts criu;
        const char *bundle; /* NULL: the current directory */
        const char *console_socket;
        const char *pid_file;
        const char *lsm_profile, *lsm_mount_context;
        bool detach, no_subreaper, no_pivot;
};

/* restore: a new container <id> from a checkpoint's images, running once it returns. Without detach,
 * waits for the restored init and stores its exit status in *status, then deletes the container. */
int engine_restore(const struct global_opts *g, const struct restore_opts *o, int *status, struct error *err);

/* features: the JSON of runtime-spec features.md, for this build on this kernel. */
int engine_features(FILE *out, struct error *err);

/* cdi list: the fully-qualified names of the CDI devices the spec directories offer, one a line, sorted. */
int engine_cdi_list(const struct global_opts *g, FILE *out, struct error *err);

/* spec: writes the default config.json into bundle (NULL: cwd); fails if one exists. */
int engine_spec(const char *bundle, bool rootless, struct error *err);
