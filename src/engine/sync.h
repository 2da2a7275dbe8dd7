/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The parent/child protocol of create and exec, over a SOCK_SEQPACKET socketpair (one
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
 * `run` makes no fifo: the runtime that created the init starts it, so the init
 * keeps its socket and waits for SYNC_START there; the socket is close-on-exec,
 * so EOF after START means the program was exec'd (or the init died).
 *
 * While mounting, the init asks for each id-mapped mount's tree (SYNC_IDMAP ->
 * SYNC_IDMAP_DONE + the fd): MOUNT_ATTR_IDMAP needs the runtime's privileges.
 *
 * With a staging child (plan/ns_plan.h), GO first releases the staging child,
 * which may ask for its maps (SYNC_USERNS -> SYNC_USERNS_DONE) and then names
 * the init (SYNC_PID); the sequence above then runs with the init.
 *
 * exec's process speaks a shorter form: GO, then at most SYNC_PTY and
 * SYNC_SECCOMP; its socket is close-on-exec, so EOF means its execve
 * succeeded.
 *
 * Any failure in the child is sent as SYNC_ERROR {errno, message} and the
 * child exits; a failure in the parent kills the child. EOF without READY
 * means the child died.
 *
 * The runtime's side of all three (staging child, init, exec) is one loop,
 * sync_drive(), over a table per peer (create.c, exec.c).
 */
#pragma once

#include <stddef.h>
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
        SYNC_START,      /* `run`: start the program (create's init waits on the exec fifo instead) */
};

struct sync_msg {
        uint32_t type;
        int32_t value; /* GO: the child's pid in the runtime's namespace; ERROR: errno */
        char text[ERROR_MSG_MAX];
};

int sync_send(int fd, enum sync_type type, int32_t value, const char *text);

/* Receives one message; -EPIPE on EOF (peer gone). */
int sync_recv(int fd, struct sync_msg *m);

/*
 * The runtime's side, one loop for every peer (create's staging child and init, exec's process): a table
 * maps each message the peer may send to the runtime's handler. A handler returns 0 to wait for the next
 * message, SYNC_DONE when the exchange is over, or a negative errno with err filled; it may read what
 * follows its message on sock (an fd, sync_take_fd) and answer there itself. reply, when set, is sent once
 * the handler succeeds.
 */
#define SYNC_DONE 1

struct sync_handler {
        enum sync_type type;
        int (*handle)(void *ctx, int sock, const struct sync_msg *m, struct error *err);
        enum sync_type reply; /* 0: none */
};

struct sync_peer {
        const char *name; /* in messages: "receive from <name>", "unexpected message 9 from <name>" */
        const char
            *eof_error; /* what EOF means; NULL: the exchange is over (exec: the socket is close-on-exec) */
        const struct sync_handler *handlers;
        size_t n_handlers;
};

/*
 * Sends SYNC_GO {go} and serves the peer until a handler says SYNC_DONE or EOF ends it. SYNC_ERROR from
 * the peer becomes err (its errno and text); a message the table does not name is EPROTO; EOF is
 * eof_error (ECHILD) unless that is NULL.
 */
int sync_drive(int sock, int32_t go, const struct sync_peer *peer, void *ctx, struct error *err);

/* Receives the fd that follows a message (SCM_RIGHTS) into *slot, closing the one there before. */
int sync_take_fd(int sock, int *slot, struct error *err);

/* Receives and checks the type; a SYNC_ERROR becomes err's message. */
int sync_expect(int fd, enum sync_type type, struct sync_msg *m, struct error *err);

/* Child side: reports err to the parent. */
void sync_send_error(int fd, const struct error *err);
