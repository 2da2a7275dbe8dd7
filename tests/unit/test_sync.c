/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runtime's side of the sync protocol (engine/sync.c's sync_drive): a fake init on the other end of a
 * socketpair queues what a container init would send (SEQPACKET keeps each message a packet), the loop
 * runs against a table of recording handlers, and the test reads back what the runtime answered.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/sync.h"
#include "util/cleanup.h"
#include "util/fdpass.h"

struct rec {
        uint32_t seen[16]; /* the types the handlers got, in order */
        int32_t values[16];
        size_t n;
        int pty;       /* what the PTY handler took */
        int fail_with; /* the HOOKS handler fails with this errno when set */
};

static int record(struct rec *r, const struct sync_msg *m)
{
        if (r->n < ARRAY_SIZE(r->seen)) {
                r->seen[r->n] = m->type;
                r->values[r->n] = m->value;
                r->n++;
        }
        return 0;
}

static int on_hooks(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct rec *r = ctx;

        record(r, m);
        if (r->fail_with)
                return error_set(err, r->fail_with, "prestart hook: exit status 1");
        return 0;
}

static int on_idmap(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        return record(ctx, m);
}

static int on_pty(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        struct rec *r = ctx;
        int e;

        record(r, m);
        e = sync_take_fd(sock, &r->pty, err);
        return e < 0 ? error_wrap(err, e, "terminal of the container") : 0;
}

static int on_ready(void *ctx, int sock, const struct sync_msg *m, struct error *err)
{
        record(ctx, m);
        return SYNC_DONE;
}

/* create's init, as create.c's table has it (with recording handlers). */
static const struct sync_handler init_handlers[] = {
    {SYNC_IDMAP, on_idmap, 0},
    {SYNC_PTY, on_pty, 0},
    {SYNC_HOOKS, on_hooks, SYNC_HOOKS_DONE},
    {SYNC_READY, on_ready, 0},
};
static const struct sync_peer init_peer = {
    .name = "container init",
    .eof_error = "container init exited before it was ready",
    .handlers = init_handlers,
    .n_handlers = ARRAY_SIZE(init_handlers),
};

/* exec's process: EOF is its execve. */
static const struct sync_handler exec_handlers[] = {
    {SYNC_PTY, on_pty, 0},
};
static const struct sync_peer exec_peer = {
    .name = "the exec'd process",
    .eof_error = NULL,
    .handlers = exec_handlers,
    .n_handlers = ARRAY_SIZE(exec_handlers),
};

struct pair {
        int runtime, init;
        struct rec rec;
};

static int setup(void **state)
{
        struct pair *p = calloc(1, sizeof(*p));
        int sp[2];

        if (!p || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
                return -1;
        p->runtime = sp[0];
        p->init = sp[1];
        p->rec.pty = -1;
        *state = p;
        return 0;
}

static int teardown(void **state)
{
        struct pair *p = *state;

        cleanup_closep(&p->runtime);
        cleanup_closep(&p->init);
        cleanup_closep(&p->rec.pty);
        free(p);
        return 0;
}

/* What the runtime sent, as the init reads it; -EAGAIN once nothing more is queued. */
static int runtime_sent(struct pair *p, struct sync_msg *m)
{
        int fl = fcntl(p->init, F_GETFL);
        int r;

        fcntl(p->init, F_SETFL, fl | O_NONBLOCK);
        r = sync_recv(p->init, m);
        fcntl(p->init, F_SETFL, fl);
        return r;
}

static void init_sends(struct pair *p, enum sync_type t, int32_t value, const char *text)
{
        assert_int_equal(sync_send(p->init, t, value, text), 0);
}

/* The whole exchange: GO carries the pid, HOOKS is answered with HOOKS_DONE, a pty master arrives after its
 * message, READY ends it; nothing more is read from the socket. */
static void drive_through_to_ready(void **state)
{
        struct pair *p = *state;
        struct error err = ERROR_INIT;
        struct sync_msg m;
        int pipefd[2];

        assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
        init_sends(p, SYNC_IDMAP, 3, NULL);
        init_sends(p, SYNC_HOOKS, 0, NULL);
        init_sends(p, SYNC_PTY, 0, "/dev/pts/0");
        assert_int_equal(fd_send(p->init, pipefd[1], "/dev/pts/0", &err), 0);
        init_sends(p, SYNC_READY, 0, NULL);
        init_sends(p, SYNC_HOOKS, 0, NULL); /* after READY: not the loop's to read */

        assert_int_equal(sync_drive(p->runtime, 4242, &init_peer, &p->rec, &err), 0);
        assert_int_equal(p->rec.n, 4);
        assert_int_equal(p->rec.seen[0], SYNC_IDMAP);
        assert_int_equal(p->rec.values[0], 3);
        assert_int_equal(p->rec.seen[1], SYNC_HOOKS);
        assert_int_equal(p->rec.seen[2], SYNC_PTY);
        assert_int_equal(p->rec.seen[3], SYNC_READY);
        /* The master that came is the pipe's write end. */
        assert_true(p->rec.pty >= 0);
        assert_int_equal(write(p->rec.pty, "k", 1), 1);
        assert_int_equal(read(pipefd[0], &m, 1), 1);

        assert_int_equal(runtime_sent(p, &m), 0);
        assert_int_equal(m.type, SYNC_GO);
        assert_int_equal(m.value, 4242);
        assert_int_equal(runtime_sent(p, &m), 0);
        assert_int_equal(m.type, SYNC_HOOKS_DONE);
        assert_int_equal(runtime_sent(p, &m), -EAGAIN);
        /* The message after READY is still queued for whoever reads next. */
        assert_int_equal(sync_recv(p->runtime, &m), 0);
        assert_int_equal(m.type, SYNC_HOOKS);
        close(pipefd[0]);
        close(pipefd[1]);
}

/* SYNC_ERROR ends the exchange with the init's errno and text, whatever the table says. */
static void error_message_is_the_error(void **state)
{
        struct pair *p = *state;
        struct error err = ERROR_INIT;

        init_sends(p, SYNC_HOOKS, 0, NULL);
        init_sends(p, SYNC_ERROR, EACCES, "mount \"/data\": permission denied");
        init_sends(p, SYNC_READY, 0, NULL);
        assert_int_equal(sync_drive(p->runtime, 1, &init_peer, &p->rec, &err), -EACCES);
        assert_string_equal(err.msg, "mount \"/data\": permission denied");
        assert_int_equal(p->rec.n, 1); /* HOOKS; READY never read */

        /* An error without an errno is EIO. */
        error_clear(&err);
        assert_int_equal(sync_recv(p->runtime, &(struct sync_msg){0}), 0); /* the READY left queued */
        p->rec.n = 0;
        init_sends(p, SYNC_ERROR, 0, "it broke");
        assert_int_equal(sync_drive(p->runtime, 1, &exec_peer, &p->rec, &err), -EIO);
        assert_string_equal(err.msg, "it broke");
}

/* A fake init in a child process: it waits for GO, sends n messages of the given types and exits. */
static pid_t fake_init(struct pair *p, const enum sync_type *types, size_t n)
{
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0) {
                struct error e = ERROR_INIT;
                struct sync_msg m;

                close(p->runtime);
                if (sync_expect(p->init, SYNC_GO, &m, &e) < 0)
                        _exit(1);
                for (size_t i = 0; i < n; i++)
                        if (sync_send(p->init, types[i], 0, NULL) < 0)
                                _exit(1);
                _exit(0);
        }
        cleanup_closep(&p->init);
        return pid;
}

static void reaped(pid_t pid)
{
        int status;

        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* EOF before READY: the init died (ECHILD); for exec, EOF is the execve and the exchange's good end. */
static void eof_mid_protocol(void **state)
{
        static const enum sync_type sent[] = {SYNC_IDMAP};
        struct pair *p = *state;
        struct error err = ERROR_INIT;
        pid_t pid = fake_init(p, sent, ARRAY_SIZE(sent));

        assert_int_equal(sync_drive(p->runtime, 1, &init_peer, &p->rec, &err), -ECHILD);
        assert_string_equal(err.msg, "container init exited before it was ready");
        assert_int_equal(p->rec.n, 1);
        reaped(pid);
}

static void eof_ends_exec(void **state)
{
        struct pair *p = *state;
        struct error err = ERROR_INIT;
        struct sync_msg m;
        pid_t pid;

        /* A fake exec'd process: it waits for GO, sends its pty master and "execs" (exits). */
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                struct error e = ERROR_INIT;

                close(p->runtime);
                if (sync_expect(p->init, SYNC_GO, &m, &e) < 0 || m.value != 7 ||
                    sync_send(p->init, SYNC_PTY, 0, "/dev/pts/1") < 0 ||
                    fd_send(p->init, STDERR_FILENO, "/dev/pts/1", &e) < 0)
                        _exit(1);
                _exit(0);
        }
        cleanup_closep(&p->init);
        assert_int_equal(sync_drive(p->runtime, 7, &exec_peer, &p->rec, &err), 0);
        reaped(pid);
        assert_int_equal(p->rec.n, 1);
        assert_true(p->rec.pty >= 0);
}

/* The peer gone before GO: the send fails, named after the peer. */
static void peer_gone_before_go(void **state)
{
        struct pair *p = *state;
        struct error err = ERROR_INIT;

        cleanup_closep(&p->init);
        assert_int_equal(sync_drive(p->runtime, 7, &exec_peer, &p->rec, &err), -EPIPE);
        assert_string_equal(err.msg, "sync with the exec'd process: broken pipe");
}

/* A message the table does not name, and a packet too short to be a message. */
static void bad_messages(void **state)
{
        struct pair *p = *state;
        struct error err = ERROR_INIT;

        init_sends(p, (enum sync_type)99, 0, NULL);
        assert_int_equal(sync_drive(p->runtime, 1, &init_peer, &p->rec, &err), -EPROTO);
        assert_string_equal(err.msg, "sync: unexpected message 99 from container init");
        assert_int_equal(p->rec.n, 0);

        /* HOOKS is a message of the protocol, but not one exec's process may send. */
        error_clear(&err);
        init_sends(p, SYNC_HOOKS, 0, NULL);
        assert_int_equal(sync_drive(p->runtime, 1, &exec_peer, &p->rec, &err), -EPROTO);
        assert_string_equal(err.msg, "sync: unexpected message 2 from the exec'd process");

        error_clear(&err);
        assert_int_equal(send(p->init, "ab", 2, 0), 2);
        assert_int_equal(sync_drive(p->runtime, 1, &init_peer, &p->rec, &err), -EBADMSG);
        assert_string_equal(err.msg, "receive from container init: bad message");

        /* A PTY message must be followed by the fd: a plain message there is refused. */
        error_clear(&err);
        init_sends(p, SYNC_PTY, 0, "/dev/pts/0");
        init_sends(p, SYNC_READY, 0, NULL);
        assert_int_equal(sync_drive(p->runtime, 1, &init_peer, &p->rec, &err), -EBADMSG);
        assert_string_equal(err.msg,
                            "terminal of the container: receive fd: no SCM_RIGHTS fd in the message");
        assert_int_equal(p->rec.pty, -1);
}

/* A handler's failure is the exchange's: no reply goes out, nothing after is read. */
static void handler_error_stops(void **state)
{
        struct pair *p = *state;
        struct error err = ERROR_INIT;
        struct sync_msg m;

        p->rec.fail_with = EPERM;
        init_sends(p, SYNC_HOOKS, 0, NULL);
        init_sends(p, SYNC_READY, 0, NULL);
        assert_int_equal(sync_drive(p->runtime, 1, &init_peer, &p->rec, &err), -EPERM);
        assert_string_equal(err.msg, "prestart hook: exit status 1");
        assert_int_equal(runtime_sent(p, &m), 0);
        assert_int_equal(m.type, SYNC_GO);
        assert_int_equal(runtime_sent(p, &m), -EAGAIN); /* no HOOKS_DONE */
        assert_int_equal(sync_recv(p->runtime, &m), 0);
        assert_int_equal(m.type, SYNC_READY);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(drive_through_to_ready, setup, teardown),
            cmocka_unit_test_setup_teardown(error_message_is_the_error, setup, teardown),
            cmocka_unit_test_setup_teardown(eof_mid_protocol, setup, teardown),
            cmocka_unit_test_setup_teardown(eof_ends_exec, setup, teardown),
            cmocka_unit_test_setup_teardown(peer_gone_before_go, setup, teardown),
            cmocka_unit_test_setup_teardown(bad_messages, setup, teardown),
            cmocka_unit_test_setup_teardown(handler_error_stops, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
