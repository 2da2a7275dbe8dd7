/* SPDX-License-Identifier: Apache-2.0 */
/* The closed sets of names in a config, and their numbers. Each lookup returns -1 when unknown. */
#pragma once

#include <stddef.h>

int name_rlimit(const char *name); /* "RLIMIT_NOFILE" -> RLIMIT_NOFILE */
const char *rlimit_name(int type);
int name_namespace(const char *name);          /* "network" -> NS_NETWORK */
int name_propagation(const char *name);        /* "rslave" -> PROPAGATION_SLAVE (recursive or not) */
int name_seccomp_action(const char *name);     /* "SCMP_ACT_ERRNO" -> SECCOMP_ACTION_ERRNO */
int name_seccomp_op(const char *name);         /* "SCMP_CMP_EQ" -> SECCOMP_OP_EQ */
int name_seccomp_flag(const char *name);       /* a known SECCOMP_FILTER_FLAG_* -> 0 */
int name_sched_policy(const char *name);       /* "SCHED_FIFO" -> SCHED_FIFO */
int name_sched_flag(const char *name);         /* "SCHED_FLAG_RESET_ON_FORK" -> its bit value */
int name_ioprio_class(const char *name);       /* "IOPRIO_CLASS_RT" -> 1 */
int name_capability(const char *name);         /* "CAP_SYS_ADMIN" -> 21 */
int name_personality_domain(const char *name); /* "LINUX32" -> PER_LINUX32 */
const char *personality_domain_name(unsigned long domain);
int name_personality_flag(const char *name);
int name_mempolicy_mode(const char *name); /* "MPOL_BIND" -> MPOL_BIND */
const char *mempolicy_mode_name(int mode);
int name_mempolicy_flag(const char *name); /* "MPOL_F_STATIC_NODES" -> MPOL_F_STATIC_NODES */

/* Sets whose names `features` lists, from the tables the lookups use. */
enum name_set {
        NAMES_SECCOMP_ACTION,
        NAMES_SECCOMP_OP,
        NAMES_SECCOMP_FLAG,
        NAMES_MEMPOLICY_MODE,
        NAMES_MEMPOLICY_FLAG,
};
#define NAMES_MAX 16 /* no set has more */

/* Up to max of the set's names into out, in their table's order; returns how many the set has. */
size_t names_of(enum name_set set, const char **out, size_t max);
