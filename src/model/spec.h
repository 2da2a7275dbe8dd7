/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The typed, validated, immutable model of an OCI config.json (runtime-spec
 * 1.0.0 up to 1.3.x). The parser in this folder is the only code that reads
 * JSON configs and the only place that validates them: everything above the
 * model may rely on what is documented here.
 *
 * Conventions:
 *  - Optional objects are pointers (NULL when absent).
 *  - Optional scalars have a has_<name> flag beside them.
 *  - Arrays are a pointer plus an n_<name> count; string arrays are also
 *    NULL-terminated so they can be passed to execve() directly.
 *  - Names from closed sets (capabilities, rlimits, namespaces, seccomp
 *    actions, ...) are already translated to their kernel numbers.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

/* GNU C predefines `linux` as 1; the spec's "linux" object keeps its name here. */
#undef linux

struct kv {
        char *key;
        char *value;
};

/* ---- root, mounts ---------------------------------------------------- */

struct spec_root {
        char *path; /* as written in config.json (relative to the bundle or absolute) */
        bool readonly;
};

struct spec_id_mapping {
        uint32_t container_id;
        uint32_t host_id;
        uint32_t size;
};

/* True when the id ranges [a, a + na) and [b, b + nb) share an id (no wrap-around: 64-bit sums). */
static inline bool spec_id_ranges_overlap(uint32_t a, uint32_t b, uint32_t na, uint32_t nb)
{
        return (uint64_t)a < (uint64_t)b + nb && (uint64_t)b < (uint64_t)a + na;
}

/* Propagation requested by a mount option or by linux.rootfsPropagation. */
enum spec_propagation {
        PROPAGATION_NONE = 0,
        PROPAGATION_SHARED,
        PROPAGATION_SLAVE,
        PROPAGATION_PRIVATE,
        PROPAGATION_UNBINDABLE,
};

struct spec_mount {
        char *destination; /* absolute path inside the container */
        char *source;      /* may be NULL */
        char *type;        /* may be NULL (then "bind" when options say bind/rbind) */
        char **options;    /* the raw options, NULL-terminated */
        size_t n_options;

        /* Options translated (model/mount_options.c): */
        unsigned long flags;       /* MS_* to set with mount(2): MS_RDONLY, MS_NOSUID, MS_NODEV, ... */
        unsigned long clear_flags; /* MS_* explicitly cleared: "rw", "suid", "dev", "exec", "atime", ... */
        bool bind;                 /* "bind" or "rbind" (or type "bind") */
        bool recursive;            /* "rbind" */
        enum spec_propagation propagation; /* from shared/slave/private/unbindable and their r* forms */
        bool propagation_recursive;
        uint64_t attr_set;   /* MOUNT_ATTR_* applied recursively with mount_setattr (rro, rnosuid, ...) */
        uint64_t attr_clr;   /* MOUNT_ATTR_* cleared recursively (rrw, rsuid, ...) */
        bool attr_atime_set; /* attr_set carries an atime mode (ratime, rnoatime, rrelatime, rstrictatime) */
        char *data;          /* filesystem-specific options joined with ',' (NULL when none) */
        bool idmap;          /* "idmap" or "ridmap" */
        bool ridmap;         /* "ridmap": the idmapping applied to every mount of an rbind's tree */
        bool tmpcopyup;      /* "tmpcopyup" (crun's extension, tmpfs only) */

        /* Mount-level idmapping (config.md): both or neither, bind mounts only. A mount is id-mapped when
         * it has them or idmap is set; without them the container's user namespace's are used (a user
         * namespace is then required). */
        struct spec_id_mapping *uid_mappings;
        size_t n_uid_mappings;
        struct spec_id_mapping *gid_mappings;
        size_t n_gid_mappings;
};

/* ---- process ---------------------------------------------------------- */

struct spec_rlimit {
        int type; /* RLIMIT_* */
        uint64_t soft;
        uint64_t hard;
};

struct spec_capabilities {
        /* bit N set = capability N; has_* false when the set is absent */
        uint64_t effective, bounding, inheritable, permitted, ambient;
        bool has_effective, has_bounding, has_inheritable, has_permitted, has_ambient;
};

struct spec_user {
        uint32_t uid;
        uint32_t gid;
        bool has_umask;
        uint32_t umask;
        uint32_t *additional_gids;
        size_t n_additional_gids;
        char *username; /* windows only; kept for completeness */
};

struct spec_console_size {
        uint32_t height;
        uint32_t width;
};

struct spec_scheduler {
        int policy; /* SCHED_* */
        int32_t nice;
        int32_t priority;
        uint64_t flags; /* SCHED_FLAG_* */
        uint64_t runtime;
        uint64_t deadline;
        uint64_t period;
};

struct spec_io_priority {
        int class; /* IOPRIO_CLASS_RT, _BE, _IDLE */
        int priority;
};

/* A CPU or NUMA node list as the kernel prints it ("0-3,7"), parsed once: number n is bit n % 64 of
 * bits[n / 64]. An empty list has no bit set. */
#define SPEC_CPU_LIST_MAX 1024 /* CPU_SETSIZE: numbers 0 to 1023 */
struct spec_cpu_list {
        char *text; /* as written, for messages */
        uint64_t bits[SPEC_CPU_LIST_MAX / 64];
};

struct spec_cpu_affinity {
        struct spec_cpu_list *initial; /* NULL when not given */
        struct spec_cpu_list *final;
};

struct spec_process {
        bool terminal;
        struct spec_console_size *console_size;
        struct spec_user user;
        char **args; /* NULL-terminated */
        size_t n_args;
        char *command_line; /* windows only */
        char **env;         /* NULL-terminated */
        size_t n_env;
        char *cwd; /* absolute */
        struct spec_capabilities *capabilities;
        struct spec_rlimit *rlimits;
        size_t n_rlimits;
        bool no_new_privileges;
        char *apparmor_profile;
        bool has_oom_score_adj;
        int oom_score_adj;
        struct spec_scheduler *scheduler;
        char *selinux_label;
        struct spec_io_priority *io_priority;
        struct spec_cpu_affinity *exec_cpu_affinity;
};

/* ---- hooks ------------------------------------------------------------ */

struct spec_hook {
        char *path;  /* absolute */
        char **args; /* NULL-terminated; may be NULL */
        size_t n_args;
        char **env; /* NULL-terminated; may be NULL */
        size_t n_env;
        bool has_timeout;
        int timeout; /* seconds, > 0 */
};

enum spec_hook_kind {
        HOOK_PRESTART,
        HOOK_CREATE_RUNTIME,
        HOOK_CREATE_CONTAINER,
        HOOK_START_CONTAINER,
        HOOK_POSTSTART,
        HOOK_POSTSTOP,
        HOOK__COUNT,
};

struct spec_hooks {
        struct spec_hook *list[HOOK__COUNT];
        size_t n[HOOK__COUNT];
};

/* ---- linux: namespaces, devices -------------------------------------- */

enum spec_ns_type {
        NS_PID,
        NS_NETWORK,
        NS_MOUNT,
        NS_IPC,
        NS_UTS,
        NS_USER,
        NS_CGROUP,
        NS_TIME,
        NS__COUNT,
};

struct spec_namespace {
        bool present; /* listed in linux.namespaces */
        char *path;   /* join this one (setns) when set; NULL: create a new one */
};

struct spec_device {
        char type;  /* 'c', 'b', 'u', 'p' */
        char *path; /* absolute, inside the container */
        int64_t major, minor;
        bool has_file_mode;
        uint32_t file_mode;
        bool has_uid, has_gid;
        uint32_t uid, gid;
};

/* ---- linux.resources ----------------------------------------------------- */

struct spec_device_cgroup {
        bool allow;
        char type; /* 'a', 'c', 'b' (default 'a') */
        bool has_major, has_minor;
        int64_t major, minor; /* -1 when absent ("*") */
        char *access;         /* subset of "rwm" (NULL: "rwm") */
};

struct spec_memory {
        bool has_limit, has_reservation, has_swap, has_kernel, has_kernel_tcp, has_swappiness;
        int64_t limit, reservation, swap, kernel, kernel_tcp;
        uint64_t swappiness;
        bool has_disable_oom_killer, disable_oom_killer;
        bool has_use_hierarchy, use_hierarchy;
        bool has_check_before_update, check_before_update;
};

struct spec_cpu {
        bool has_shares, has_quota, has_burst, has_period, has_realtime_runtime, has_realtime_period,
            has_idle;
        uint64_t shares;
        int64_t quota;
        uint64_t burst;
        uint64_t period;
        int64_t realtime_runtime;
        uint64_t realtime_period;
        int64_t idle;
        char *cpus;
        char *mems;
};

struct spec_weight_device {
        int64_t major, minor;
        bool has_weight, has_leaf_weight;
        uint16_t weight, leaf_weight;
};

struct spec_throttle_device {
        int64_t major, minor;
        uint64_t rate;
};

struct spec_block_io {
        bool has_weight, has_leaf_weight;
        uint16_t weight, leaf_weight;
        struct spec_weight_device *weight_device;
        size_t n_weight_device;
        struct spec_throttle_device *throttle_read_bps, *throttle_write_bps, *throttle_read_iops,
            *throttle_write_iops;
        size_t n_throttle_read_bps, n_throttle_write_bps, n_throttle_read_iops, n_throttle_write_iops;
};

struct spec_hugepage_limit {
        char *page_size; /* "2MB", "1GB", ... */
        uint64_t limit;
};

struct spec_net_priority {
        char *name;
        uint32_t priority;
};

struct spec_network {
        bool has_class_id;
        uint32_t class_id;
        struct spec_net_priority *priorities;
        size_t n_priorities;
};

struct spec_rdma {
        char *device;
        bool has_hca_handles, has_hca_objects;
        uint32_t hca_handles, hca_objects;
};

struct spec_resources {
        struct spec_device_cgroup *devices;
        size_t n_devices;
        struct spec_memory *memory;
        struct spec_cpu *cpu;
        bool has_pids_limit;
        int64_t pids_limit; /* pids.limit; <= 0 means unlimited */
        struct spec_block_io *block_io;
        struct spec_hugepage_limit *hugepage_limits;
        size_t n_hugepage_limits;
        struct spec_network *network;
        struct spec_rdma *rdma;
        size_t n_rdma;
        struct kv *unified; /* cgroup v2 file name -> value */
        size_t n_unified;
};

/* ---- linux.seccomp -------------------------------------------------------- */

enum spec_seccomp_action {
        SECCOMP_ACTION_KILL,         /* SCMP_ACT_KILL (thread) */
        SECCOMP_ACTION_KILL_PROCESS, /* SCMP_ACT_KILL_PROCESS */
        SECCOMP_ACTION_KILL_THREAD,  /* SCMP_ACT_KILL_THREAD */
        SECCOMP_ACTION_TRAP,
        SECCOMP_ACTION_ERRNO,
        SECCOMP_ACTION_TRACE,
        SECCOMP_ACTION_ALLOW,
        SECCOMP_ACTION_LOG,
        SECCOMP_ACTION_NOTIFY,
};

enum spec_seccomp_op {
        SECCOMP_OP_NE,
        SECCOMP_OP_LT,
        SECCOMP_OP_LE,
        SECCOMP_OP_EQ,
        SECCOMP_OP_GE,
        SECCOMP_OP_GT,
        SECCOMP_OP_MASKED_EQ,
};

struct spec_seccomp_arg {
        uint32_t index;
        uint64_t value;
        uint64_t value_two;
        enum spec_seccomp_op op;
};

struct spec_seccomp_syscall {
        char **names; /* NULL-terminated */
        size_t n_names;
        enum spec_seccomp_action action;
        bool has_errno_ret;
        uint32_t errno_ret;
        struct spec_seccomp_arg *args;
        size_t n_args;
};

struct spec_seccomp {
        enum spec_seccomp_action default_action;
        bool has_default_errno_ret;
        uint32_t default_errno_ret;
        char **architectures; /* "SCMP_ARCH_X86_64", ... NULL-terminated */
        size_t n_architectures;
        char **flags; /* "SECCOMP_FILTER_FLAG_LOG", ... NULL-terminated */
        size_t n_flags;
        char *listener_path;
        char *listener_metadata;
        struct spec_seccomp_syscall *syscalls;
        size_t n_syscalls;
};

/* ---- the remaining linux fields --------------------------------------------- */

struct spec_time_offset {
        bool present;
        int64_t secs;
        uint32_t nanosecs;
};

struct spec_intel_rdt {
        char *clos_id;
        char *l3_cache_schema;
        char *mem_bw_schema;
        char **schemata; /* 1.3; NULL-terminated */
        size_t n_schemata;
        bool enable_cmt, enable_mbm; /* 1.1 to 1.2: taken as enableMonitoring */
        bool enable_monitoring;      /* 1.3: replaces enableCMT and enableMBM */
};

struct spec_personality {
        unsigned long domain; /* PER_LINUX or PER_LINUX32 */
        unsigned long flags;  /* the spec names none yet: always 0 */
};

struct spec_memory_policy {
        int mode;                    /* MPOL_DEFAULT, MPOL_BIND, ... (<numaif.h>'s numbers) */
        int flags;                   /* MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING */
        struct spec_cpu_list *nodes; /* NULL when none are given (or the list is empty) */
};

struct spec_net_device {
        char *host_name; /* the key of linux.netDevices */
        char *name;      /* new name inside the container (NULL: keep) */
};

struct spec_linux {
        struct spec_namespace namespaces[NS__COUNT];
        struct spec_id_mapping *uid_mappings;
        size_t n_uid_mappings;
        struct spec_id_mapping *gid_mappings;
        size_t n_gid_mappings;
        struct spec_time_offset time_monotonic, time_boottime;
        struct spec_device *devices;
        size_t n_devices;
        char *cgroups_path;
        struct spec_resources *resources;
        enum spec_propagation rootfs_propagation; /* PROPAGATION_NONE when unset */
        struct spec_seccomp *seccomp;
        struct kv *sysctl;
        size_t n_sysctl;
        char **masked_paths; /* NULL-terminated */
        size_t n_masked_paths;
        char **readonly_paths;
        size_t n_readonly_paths;
        char *mount_label;
        struct spec_intel_rdt *intel_rdt;
        struct spec_personality *personality;
        struct spec_memory_policy *memory_policy;
        struct spec_net_device *net_devices;
        size_t n_net_devices;
};

/* ---- the whole config ---------------------------------------------------------- */

struct spec {
        char *oci_version;
        struct spec_root *root;
        struct spec_mount *mounts;
        size_t n_mounts;
        struct spec_process *process; /* NULL: create succeeds, start errors */
        char *hostname;
        char *domainname;
        struct spec_hooks hooks;
        struct kv *annotations;
        size_t n_annotations;
        struct spec_linux *linux; /* NULL when absent */
};

/*
 * Parses and validates a config. `origin` names the input in messages
 * ("config.json"); errors read "config.json: process.rlimits[1].type: unknown
 * rlimit \"RLIMIT_FOO\"" or "config.json: line 3, column 7: ...".
 */
int spec_parse(const char *json, size_t len, const char *origin, struct spec **out, struct error *err);

/* Reads <path> and parses it; origin is the file's base name. */
int spec_load(const char *path, struct spec **out, struct error *err);

void spec_free(struct spec *spec);
/* Frees what a mount owns (not the struct itself). */
void spec_mount_clear(struct spec_mount *m);

static inline void cleanup_specp(struct spec **s)
{
        spec_free(*s);
        *s = NULL;
}
#define _cleanup_spec_ __attribute__((cleanup(cleanup_specp)))

/* True when the config asks for a namespace of this type (new or joined). */
static inline bool spec_has_ns(const struct spec *s, enum spec_ns_type t)
{
        return s->linux && s->linux->namespaces[t].present;
}

/*
 * The one change made to a parsed spec: a bind mount the runtime adds (the network files it provides),
 * appended after the config's own mounts. spec_has_mount: a mount of the config's on that destination.
 */
int spec_add_bind_mount(struct spec *s, const char *source, const char *destination, struct error *err);
bool spec_has_mount(const struct spec *s, const char *destination);

/* Name of a namespace type as config.json spells it ("pid", "network", ...). */
const char *spec_ns_name(enum spec_ns_type t);
/* Name as /proc/<pid>/ns spells it ("pid", "net", "mnt", ...). */
const char *spec_ns_proc_name(enum spec_ns_type t);

/*
 * A process.json as `exec --process` takes it: the same validation and
 * messages as config.json's "process" object, at path "" (origin names the file).
 */
int spec_process_parse(const char *json, size_t len, const char *origin, struct spec_process **out,
                       struct error *err);
void spec_process_free(struct spec_process *p);

/* A LinuxResources object as `update --resources` takes it, validated like config.json's. */
int spec_resources_parse(const char *json, size_t len, const char *origin, struct spec_resources **out,
                         struct error *err);
void spec_resources_free(struct spec_resources *r);
/* Clears the has_* of every field whose 0 runc reads as "not set" (the parsers call it; so does update
 * after merging its flags). */
void spec_resources_unset_zeros(struct spec_resources *r);

/* The name config.json gives a kind of hook ("createRuntime", ...). */
const char *spec_hook_name(enum spec_hook_kind kind);

/* The mount options the model takes (for `features`); returns how many were stored in out. */
size_t mount_option_names(const char **out, size_t max);

/* The default config of `spec` (runc's), rootless variant when asked. Returns malloc'd JSON text. */
char *spec_default_json(bool rootless);
