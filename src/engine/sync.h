/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The parent/child protocol of create, over a SOCK_SEQPACKET socketpair (one
 * message per packet, so no framing). The sequence:
 *
 *   parent                               child (container init)
 *   clone3 ------------------------------> starts in its new namespaces
 *   uid/gid maps, cgroup
 *   SYNC_GO {host pid} ------------------>
 *                                        namespaces joined, hostname, mounts
 *                       <---------------- SYNC_HOOKS (only when prestart/createRuntime exist)
 *   prestart, createRuntime hooks
 *   SYNC_HOOKS_DONE -------------------->
 *                                        createContainer hooks, pivot, sysctl,
 *                                        masks, rlimits, user, caps, ...
 *                       <---------------- SYNC_SECCOMP + fd (a filter with NOTIFY rules)
 *   fd to linux.seccomp.listenerPath
 *                       <---------------- SYNC_READY
 *   state.json, pid file; exit           blocks on the exec fifo until start
 *
 * While mounting, the init asks for each id-mapped mount's tree (SYNC_IDMAP ->
 * SYNC_IDMAP_DONE + the fd): MOUNT_ATTR_IDMAP needs the runtime's privileges.
 *
 * With a staging child (plan/ns_plan.h), GO first releases the staging child,
 * which may ask for its maps (SYNC_USERNS -> SYNC_USERNS_DONE) and then names
 * the init (SYNC_PID); the sequence above then runs with the init.
 *
 * Any failure in the child is sent as SYNC_ERROR {errno, message} and the
 * child exits; a failure in the parent kills the child. EOF without READY
 * means the child died.
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

enum sync_type {
        SYNC_GO = 1,
        SYNC_HOOKS,
        SYNC_HOOKS_DONE,
        SYNC_READY,
        SYNC_ERROR,
        SYNC_USERNS, /* staged: the staging child unshared its user namespace; write its maps */
        SYNC_USERNS_DONE,
        SYNC_PID,     /* staged: the init's pid in the runtime's namespace (0: the staging child itself) */
        SYNC_PTY,     /* process.terminal: the pty master follows as an SCM_RIGHTS packet; text: slave path */
        SYNC_SECCOMP, /* the seccomp listener fd follows as an SCM_RIGHTS packet (SCMP_ACT_NOTIFY) */
        SYNC_IDMAP,   /* value: the index of an id-mapped mount; the runtime makes its tree */
        SYNC_IDMAP_DONE, /* value: the index; the detached id-mapped tree follows as an SCM_RIGHTS packet */
};

struct sync_msg {
        uint32_t type;
        int32_t value; /* GO: the child's pid in the runtime's namespace; ERROR: errno */
        char text[ERROR_MSG_MAX];
};

int sync_send(int fd, enum sync_type type, int32_t value, const char *text);

/* Receives one message; -EPIPE on EOF (peer gone). */
int sync_recv(int fd, struct sync_msg *m);

/* Receives and checks the type; a SYNC_ERROR becomes err's message. */
int sync_expect(int fd, enum sync_type type, struct sync_msg *m, struct error *err);

/* Child side: reports err to the parent. */
void sync_send_error(int fd, const struct error *err);
