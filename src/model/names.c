/* SPDX-License-Identifier: Apache-2.0 */
#include "names.h"

#include <sched.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <linux/mempolicy.h>

#include "spec.h"
#include "util/cleanup.h"

struct name {
        const char *name;
        int value;
};

#define LOOKUP(table, s)                                                                                     \
        do {                                                                                                 \
                for (size_t i_ = 0; i_ < ARRAY_SIZE(table); i_++)                                            \
                        if (!strcmp((table)[i_].name, (s)))                                                  \
                                return (table)[i_].value;                                                    \
                return -1;                                                                                   \
        } while (0)

static const struct name rlimits[] = {
    {"RLIMIT_AS", RLIMIT_AS},
    {"RLIMIT_CORE", RLIMIT_CORE},
    {"RLIMIT_CPU", RLIMIT_CPU},
    {"RLIMIT_DATA", RLIMIT_DATA},
    {"RLIMIT_FSIZE", RLIMIT_FSIZE},
    {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
    {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
    {"RLIMIT_NICE", RLIMIT_NICE},
    {"RLIMIT_NOFILE", RLIMIT_NOFILE},
    {"RLIMIT_NPROC", RLIMIT_NPROC},
    {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
    {"RLIMIT_RTTIME", RLIMIT_RTTIME},
    {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    {"RLIMIT_STACK", RLIMIT_STACK},
};

int name_rlimit(const char *s)
{
        LOOKUP(rlimits, s);
}

const char *rlimit_name(int type)
{
        for (size_t i = 0; i < ARRAY_SIZE(rlimits); i++)
                if (rlimits[i].value == type)
                        return rlimits[i].name;
        return "RLIMIT_?";
}

static const char *const ns_names[NS__COUNT] = {
    [NS_PID] = "pid", [NS_NETWORK] = "network", [NS_MOUNT] = "mount",   [NS_IPC] = "ipc",
    [NS_UTS] = "uts", [NS_USER] = "user",       [NS_CGROUP] = "cgroup", [NS_TIME] = "time",
};
static const char *const ns_proc_names[NS__COUNT] = {
    [NS_PID] = "pid", [NS_NETWORK] = "net", [NS_MOUNT] = "mnt",     [NS_IPC] = "ipc",
    [NS_UTS] = "uts", [NS_USER] = "user",   [NS_CGROUP] = "cgroup", [NS_TIME] = "time",
};

const char *spec_ns_name(enum spec_ns_type t)
{
        return (unsigned)t < NS__COUNT ? ns_names[t] : "?";
}

const char *spec_ns_proc_name(enum spec_ns_type t)
{
        return (unsigned)t < NS__COUNT ? ns_proc_names[t] : "?";
}

int name_namespace(const char *s)
{
        for (int t = 0; t < NS__COUNT; t++)
                if (!strcmp(ns_names[t], s))
                        return t;
        return -1;
}

int name_propagation(const char *s)
{
        static const struct name t[] = {
            {"shared", PROPAGATION_SHARED},         {"rshared", PROPAGATION_SHARED},
            {"slave", PROPAGATION_SLAVE},           {"rslave", PROPAGATION_SLAVE},
            {"private", PROPAGATION_PRIVATE},       {"rprivate", PROPAGATION_PRIVATE},
            {"unbindable", PROPAGATION_UNBINDABLE}, {"runbindable", PROPAGATION_UNBINDABLE},
        };
        LOOKUP(t, s);
}

/* In the order `features` lists them (names_of). */
static const struct name seccomp_actions[] = {
    {"SCMP_ACT_ALLOW", SECCOMP_ACTION_ALLOW},
    {"SCMP_ACT_ERRNO", SECCOMP_ACTION_ERRNO},
    {"SCMP_ACT_KILL", SECCOMP_ACTION_KILL},
    {"SCMP_ACT_KILL_PROCESS", SECCOMP_ACTION_KILL_PROCESS},
    {"SCMP_ACT_KILL_THREAD", SECCOMP_ACTION_KILL_THREAD},
    {"SCMP_ACT_LOG", SECCOMP_ACTION_LOG},
    {"SCMP_ACT_NOTIFY", SECCOMP_ACTION_NOTIFY},
    {"SCMP_ACT_TRACE", SECCOMP_ACTION_TRACE},
    {"SCMP_ACT_TRAP", SECCOMP_ACTION_TRAP},
};

int name_seccomp_action(const char *s)
{
        LOOKUP(seccomp_actions, s);
}

static const struct name seccomp_ops[] = {
    {"SCMP_CMP_EQ", SECCOMP_OP_EQ}, {"SCMP_CMP_GE", SECCOMP_OP_GE},
    {"SCMP_CMP_GT", SECCOMP_OP_GT}, {"SCMP_CMP_LE", SECCOMP_OP_LE},
    {"SCMP_CMP_LT", SECCOMP_OP_LT}, {"SCMP_CMP_MASKED_EQ", SECCOMP_OP_MASKED_EQ},
    {"SCMP_CMP_NE", SECCOMP_OP_NE},
};

int name_seccomp_op(const char *s)
{
        LOOKUP(seccomp_ops, s);
}

static const struct name seccomp_flags[] = {
    {"SECCOMP_FILTER_FLAG_TSYNC", 0},
    {"SECCOMP_FILTER_FLAG_LOG", 0},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", 0},
    {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 0},
};

int name_seccomp_flag(const char *s)
{
        LOOKUP(seccomp_flags, s);
}

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

int name_sched_policy(const char *s)
{
        static const struct name t[] = {
            {"SCHED_OTHER", SCHED_OTHER},       {"SCHED_FIFO", SCHED_FIFO}, {"SCHED_RR", SCHED_RR},
            {"SCHED_BATCH", SCHED_BATCH},       {"SCHED_ISO", 4},           {"SCHED_IDLE", SCHED_IDLE},
            {"SCHED_DEADLINE", SCHED_DEADLINE},
        };
        LOOKUP(t, s);
}

int name_sched_flag(const char *s)
{
        static const struct name t[] = {
            {"SCHED_FLAG_RESET_ON_FORK", 0x01},  {"SCHED_FLAG_RECLAIM", 0x02},
            {"SCHED_FLAG_DL_OVERRUN", 0x04},     {"SCHED_FLAG_KEEP_POLICY", 0x08},
            {"SCHED_FLAG_KEEP_PARAMS", 0x10},    {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
            {"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40},
        };
        LOOKUP(t, s);
}

int name_ioprio_class(const char *s)
{
        static const struct name t[] = {
            {"IOPRIO_CLASS_RT", 1},
            {"IOPRIO_CLASS_BE", 2},
            {"IOPRIO_CLASS_IDLE", 3},
        };
        LOOKUP(t, s);
}

/* As capabilities(7) spells them: "CAP_" and upper case; libcap alone would also take "CAP_kill", "40" or
 * "CAP_KILL,CAP_CHOWN". */
int name_capability(const char *s)
{
        cap_value_t v;

        if (strncmp(s, "CAP_", 4) != 0 || !s[4] ||
            strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(s))
                return -1;
        if (cap_from_name(s, &v) < 0 || v < 0 || v > 63)
                return -1;
        return (int)v;
}

/* The value's name in a table, or fallback. */
#define NAME_OF(table, v, fallback)                                                                          \
        do {                                                                                                 \
                for (size_t i_ = 0; i_ < ARRAY_SIZE(table); i_++)                                            \
                        if ((table)[i_].value == (v))                                                        \
                                return (table)[i_].name;                                                     \
                return (fallback);                                                                           \
        } while (0)

static const struct name personality_domains[] = {
    {"LINUX", PER_LINUX},
    {"LINUX32", PER_LINUX32},
};

int name_personality_domain(const char *s)
{
        LOOKUP(personality_domains, s);
}

const char *personality_domain_name(unsigned long domain)
{
        NAME_OF(personality_domains, (int)domain, "?");
}

int name_personality_flag(const char *s)
{
        /* The spec defines no flags yet; every value is unknown. */
        (void)s;
        return -1;
}

static const struct name mempolicy_modes[] = {
    {"MPOL_DEFAULT", MPOL_DEFAULT},  {"MPOL_PREFERRED", MPOL_PREFERRED},
    {"MPOL_BIND", MPOL_BIND},        {"MPOL_INTERLEAVE", MPOL_INTERLEAVE},
    {"MPOL_LOCAL", MPOL_LOCAL},      {"MPOL_PREFERRED_MANY", 5}, /* Linux 5.15; older headers lack it */
    {"MPOL_WEIGHTED_INTERLEAVE", 6},                             /* Linux 6.9 */
};

int name_mempolicy_mode(const char *s)
{
        LOOKUP(mempolicy_modes, s);
}

const char *mempolicy_mode_name(int mode)
{
        NAME_OF(mempolicy_modes, mode, "MPOL_?");
}

static const struct name mempolicy_flags[] = {
    {"MPOL_F_NUMA_BALANCING", MPOL_F_NUMA_BALANCING},
    {"MPOL_F_RELATIVE_NODES", MPOL_F_RELATIVE_NODES},
    {"MPOL_F_STATIC_NODES", MPOL_F_STATIC_NODES},
};

int name_mempolicy_flag(const char *s)
{
        LOOKUP(mempolicy_flags, s);
}

size_t names_of(enum name_set set, const char **out, size_t max)
{
#define SET(e, table) [e] = { table, ARRAY_SIZE(table) }
        static const struct {
                const struct name *t;
                size_t n;
        } sets[] = {
            SET(NAMES_SECCOMP_ACTION, seccomp_actions), SET(NAMES_SECCOMP_OP, seccomp_ops),
            SET(NAMES_SECCOMP_FLAG, seccomp_flags),     SET(NAMES_MEMPOLICY_MODE, mempolicy_modes),
            SET(NAMES_MEMPOLICY_FLAG, mempolicy_flags),
        };
#undef SET
        size_t n = (unsigned)set < ARRAY_SIZE(sets) ? sets[set].n : 0;

        for (size_t i = 0; i < n && i < max; i++)
                out[i] = sets[set].t[i].name;
        return n;
}
