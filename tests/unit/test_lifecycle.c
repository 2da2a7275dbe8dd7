/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The lifecycle's transitions without root and without a container: the engine's kernel calls
 * (engine/kernel.h) go to a recorded fake, whose processes are entries of a table and whose pidfds are
 * pipes (readable once the process "exits", as a pidfd polls). The state directory is real, on a
 * temporary tree: state.json, config.json and the exec fifo as create leaves them. A container here has no
 * cgroup (as a rootless one without a delegated cgroup), so no cgroup is touched.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/container.h"
#include "engine/engine.h"
#include "engine/kernel.h"
#include "engine/lifecycle.h"
#include "util/cleanup.h"
#include "util/fs.h"

#define INIT_PID   4242
#define INIT_START 777

/* ---- the fake kernel ---- */

struct fake_proc {
        pid_t pid;
        uint64_t start_time;
        bool alive;
        int exit_pipe[2];            /* its pidfds are dups of [0]; a byte in it: the process has exited */
        bool dies_on_pidfd_open;     /* exits just as it is pinned */
        bool recycled_on_pidfd_open; /* its pid goes to another process just as it is pinned */
};

static struct {
        struct fake_proc proc;
        pid_t tree[4]; /* the init's process tree (process_tree) */
        size_t n_tree;
        char log[4096];
} fk;

static void record(const char *fmt, ...)
{
        size_t len = strlen(fk.log);
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(fk.log + len, sizeof(fk.log) - len, fmt, ap);
        va_end(ap);
        len = strlen(fk.log);
        snprintf(fk.log + len, sizeof(fk.log) - len, "; ");
}

static void proc_exits(struct fake_proc *p)
{
        if (!p->alive)
                return;
        p->alive = false;
        assert_int_equal(write(p->exit_pipe[1], "x", 1), 1);
}

static int fake_pidfd_open(pid_t pid)
{
        struct fake_proc *p = &fk.proc;
        int fd;

        record("pidfd_open %d", (int)pid);
        /* An exited init is reaped (by its parent, create, long gone): no such process. */
        if (pid != p->pid || (!p->alive && !p->dies_on_pidfd_open)) {
                errno = ESRCH;
                return -1;
        }
        fd = fcntl(p->exit_pipe[0], F_DUPFD_CLOEXEC, 3);
        if (p->dies_on_pidfd_open)
                proc_exits(p);
        if (p->recycled_on_pidfd_open)
                p->start_time++;
        return fd;
}

static int fake_pidfd_send_signal(int pidfd, int sig)
{
        struct fake_proc *p = &fk.proc;
        struct stat a, b;

        assert_int_equal(fstat(pidfd, &a), 0);
        assert_int_equal(fstat(p->exit_pipe[0], &b), 0);
        assert_true(a.st_ino == b.st_ino); /* a pidfd this fake made */
        record("pidfd_send_signal %d %d", (int)p->pid, sig);
        if (!p->alive) {
                errno = ESRCH;
                return -1;
        }
        if (sig == SIGKILL || sig == SIGTERM)
                proc_exits(p);
        return 0;
}

static int fake_kill(pid_t pid, int sig)
{
        record("kill %d %d", (int)pid, sig);
        return 0;
}

static bool fake_process_alive(pid_t pid, uint64_t start_time)
{
        record("process_alive %d", (int)pid);
        return pid == fk.proc.pid && fk.proc.alive && start_time == fk.proc.start_time;
}

static int fake_process_tree(pid_t init, pid_t **pids, size_t *n, struct error *err)
{
        record("process_tree %d", (int)init);
        *pids = calloc(fk.n_tree, sizeof(**pids));
        if (!*pids)
                return error_errno(err, ENOMEM, "process tree");
        memcpy(*pids, fk.tree, fk.n_tree * sizeof(**pids));
        *n = fk.n_tree;
        return 0;
}

static const struct kernel_ops fake_kernel = {
    .pidfd_open = fake_pidfd_open,
    .pidfd_send_signal = fake_pidfd_send_signal,
    .kill = fake_kill,
    .process_alive = fake_process_alive,
    .process_tree = fake_process_tree,
};

/* ---- a state root on a temporary tree ---- */

struct fixture {
        char root[256];
        struct global_opts g;
        int rootfd;
};

enum as { AS_CREATED, AS_RUNNING, AS_STOPPED };

static const char config_json[] =
    "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
    "\"cwd\": \"/\"}}";

/* A container as create leaves it (exec.fifo while created), its init a fake process. */
static void make_container(struct fixture *f, const char *id, enum as as)
{
        struct error err = ERROR_INIT;
        _cleanup_close_ int dir = -1;
        char state[512];
        int n;

        assert_int_equal(mkdirat(f->rootfd, id, 0711), 0);
        dir = openat(f->rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        assert_true(dir >= 0);
        n = snprintf(state, sizeof(state),
                     "{\"id\": \"%s\", \"pid\": %d, \"init_start_time\": %d, \"bundle\": \"/b\", \"rootfs\": "
                     "\"/b/rootfs\", \"created\": \"2026-01-01T00:00:00Z\", \"systemd_cgroup\": false, "
                     "\"annotations\": {}}",
                     id, INIT_PID, INIT_START);
        assert_int_equal(write_file_atomic_at(dir, STATE_FILE, state, (size_t)n, 0600, &err), 0);
        assert_int_equal(write_file_atomic_at(dir, CONFIG_FILE, config_json, strlen(config_json), 0600, &err),
                         0);
        if (as == AS_CREATED)
                assert_int_equal(mkfifoat(dir, FIFO_FILE, 0622), 0);
        fk.proc.pid = INIT_PID;
        fk.proc.start_time = INIT_START;
        fk.proc.alive = as != AS_STOPPED;
}

static bool state_dir_exists(struct fixture *f, const char *id)
{
        return faccessat(f->rootfd, id, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        const char *tmp = getenv("TMPDIR");

        if (!f)
                return -1;
        snprintf(f->root, sizeof(f->root), "%s/brownie-unit-lifecycle.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(f->root))
                return -1;
        f->rootfd = open(f->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        f->g.root = f->root;
        f->g.kernel = &fake_kernel;
        unsetenv("NOTIFY_SOCKET"); /* start relays to a service manager only when there is one */
        memset(&fk, 0, sizeof(fk));
        if (pipe2(fk.proc.exit_pipe, O_CLOEXEC) < 0)
                return -1;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        char *slash = strrchr(f->root, '/');
        _cleanup_close_ int parent = -1;

        *slash = '\0';
        parent = open(f->root[0] ? f->root : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (parent >= 0)
                rm_rf_at(parent, slash + 1);
        close(f->rootfd);
        close(fk.proc.exit_pipe[0]);
        close(fk.proc.exit_pipe[1]);
        free(f);
        return 0;
}

/* ---- start ---- */

/* start refuses any container but a created one, in runc's words, before it touches a process. */
static void start_only_a_created_container(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;

        make_container(f, "stopped", AS_STOPPED);
        assert_int_equal(engine_start(&f->g, "stopped", &err), -EINVAL);
        assert_string_equal(err.msg, "cannot start a container that has stopped");

        make_container(f, "running", AS_RUNNING);
        assert_int_equal(engine_start(&f->g, "running", &err), -EINVAL);
        assert_string_equal(err.msg, "cannot start an already running container");

        assert_int_equal(engine_start(&f->g, "nothere", &err), -ENOENT);
        assert_string_equal(err.msg, "container does not exist");
        assert_string_equal(fk.log, "process_alive 4242; process_alive 4242; ");
}

/* The init's side of the exec fifo: wait for start to open it, say "going" with a byte, "exec" (close). */
static void *init_releases(void *arg)
{
        const char *path = arg;
        int fd = -1;

        for (int i = 0; i < 10000 && fd < 0; i++) {
                fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
                if (fd < 0 && errno != ENXIO)
                        return NULL; /* start removed the fifo: a failure the test reports */
                if (fd < 0)
                        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
        }
        if (fd >= 0) {
                ssize_t n = write(fd, "0", 1); /* without the byte, start fails the test */

                (void)n;
                close(fd);
        }
        return NULL;
}

static void start_releases_the_init(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;
        _cleanup_container_ struct container *c = NULL;
        char fifo[512];
        pthread_t t;

        make_container(f, "c1", AS_CREATED);
        snprintf(fifo, sizeof(fifo), "%s/c1/%s", f->root, FIFO_FILE);
        assert_int_equal(pthread_create(&t, NULL, init_releases, fifo), 0);
        assert_int_equal(engine_start(&f->g, "c1", &err), 0);
        pthread_join(t, NULL);
        /* Pinned before the fifo was opened; no signal. */
        assert_string_equal(fk.log, "process_alive 4242; pidfd_open 4242; ");
        assert_int_equal(access(fifo, F_OK), -1);
        assert_int_equal(container_open(&f->g, "c1", false, &c, &err), 0);
        assert_int_equal(c->status, STATUS_RUNNING);
}

/* An init that exits before it is released: start fails, and the container is not marked running. */
static void start_init_gone_before_release(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;
        _cleanup_container_ struct container *c = NULL;

        make_container(f, "c1", AS_CREATED);
        fk.proc.dies_on_pidfd_open = true;
        assert_int_equal(engine_start(&f->g, "c1", &err), -ESRCH);
        assert_string_equal(err.msg, "container \"c1\": init exited before it was started");
        assert_int_equal(container_open(&f->g, "c1", false, &c, &err), 0);
        assert_int_equal(c->status, STATUS_STOPPED);
}

/* ---- kill ---- */

/* The init is pinned by a pidfd, checked to be the process the state names, then signalled through it. */
static void kill_pins_then_signals(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;

        make_container(f, "c1", AS_RUNNING);
        assert_int_equal(engine_kill(&f->g, "c1", SIGTERM, false, &err), 0);
        assert_string_equal(fk.log, "process_alive 4242; pidfd_open 4242; process_alive 4242; "
                                    "pidfd_send_signal 4242 15; ");
}

/* The pid recycled between the state's read and the pin: nothing is signalled. */
static void kill_never_signals_a_recycled_pid(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;

        make_container(f, "c1", AS_RUNNING);
        fk.proc.recycled_on_pidfd_open = true;
        assert_int_equal(engine_kill(&f->g, "c1", SIGKILL, false, &err), -ESRCH);
        assert_string_equal(err.msg, "container \"c1\": no such process");
        assert_null(strstr(fk.log, "signal"));
}

static void kill_a_stopped_container(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;

        make_container(f, "c1", AS_STOPPED);
        assert_int_equal(engine_kill(&f->g, "c1", SIGTERM, false, &err), -ESRCH);
        assert_string_equal(err.msg, "container not running");
        assert_string_equal(fk.log, "process_alive 4242; ");
}

/* --all without a cgroup: every descendant of the init by kill(2), the init by its pidfd. */
static void kill_all_without_a_cgroup(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;

        make_container(f, "c1", AS_RUNNING);
        fk.tree[0] = INIT_PID;
        fk.tree[1] = 4250;
        fk.tree[2] = 4251;
        fk.n_tree = 3;
        assert_int_equal(engine_kill(&f->g, "c1", SIGKILL, true, &err), 0);
        assert_string_equal(fk.log,
                            "process_alive 4242; process_alive 4242; process_tree 4242; kill 4250 9; "
                            "kill 4251 9; pidfd_open 4242; process_alive 4242; pidfd_send_signal 4242 9; ");
}

/* ---- delete ---- */

/* runc's refusal, and nothing signalled or removed. */
static void delete_refuses_a_live_container_without_force(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;

        make_container(f, "c1", AS_RUNNING);
        assert_int_equal(engine_delete(&f->g, "c1", false, &err), -EBUSY);
        assert_string_equal(err.msg, "cannot delete container c1 that is not stopped: running");
        assert_true(state_dir_exists(f, "c1"));
        assert_null(strstr(fk.log, "signal"));
        assert_null(strstr(fk.log, "kill"));

        error_clear(&err);
        make_container(f, "c2", AS_CREATED);
        assert_int_equal(engine_delete(&f->g, "c2", false, &err), -EBUSY);
        assert_string_equal(err.msg, "cannot delete container c2 that is not stopped: created");
        assert_true(state_dir_exists(f, "c2"));
}

/* --force kills the tree and the init, waits for it (its pidfd polls readable) and removes the state. */
static void delete_force_kills_and_removes(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;

        make_container(f, "c1", AS_RUNNING);
        fk.tree[0] = INIT_PID;
        fk.tree[1] = 4250;
        fk.n_tree = 2;
        assert_int_equal(engine_delete(&f->g, "c1", true, &err), 0);
        assert_false(state_dir_exists(f, "c1"));
        assert_non_null(
            strstr(fk.log, "kill 4250 9; pidfd_open 4242; process_alive 4242; pidfd_send_signal 4242 9; "));
        assert_false(fk.proc.alive);
        /* An unknown id with --force is no error. */
        assert_int_equal(engine_delete(&f->g, "c1", true, &err), 0);
}

/* A stopped container whose pid now names another process: deleted, and that process left alone. */
static void delete_stopped_leaves_a_recycled_pid_alone(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;

        make_container(f, "c1", AS_RUNNING);
        fk.proc.start_time = INIT_START + 1; /* pid 4242 is someone else now */
        fk.n_tree = 0;
        assert_int_equal(engine_delete(&f->g, "c1", false, &err), 0);
        assert_false(state_dir_exists(f, "c1"));
        assert_null(strstr(fk.log, "signal"));
        assert_null(strstr(fk.log, "kill"));
        assert_true(fk.proc.alive);
}

/* ---- the state file ---- */

static void state_reports_the_status(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;
        char *text = NULL;
        size_t len = 0;
        FILE *out;

        make_container(f, "c1", AS_CREATED);
        out = open_memstream(&text, &len);
        assert_int_equal(engine_state(&f->g, "c1", out, &err), 0);
        fclose(out);
        assert_non_null(strstr(text, "\"status\": \"created\""));
        assert_non_null(strstr(text, "\"pid\": 4242"));
        free(text);

        fk.proc.alive = false;
        out = open_memstream(&text, &len);
        assert_int_equal(engine_state(&f->g, "c1", out, &err), 0);
        fclose(out);
        assert_non_null(strstr(text, "\"status\": \"stopped\""));
        assert_non_null(strstr(text, "\"pid\": 0"));
        free(text);
}

/* state.json is replaced whole or not at all: a write that fails half-way (the file size limit) leaves the
 * old one and no temporary file; the next save goes through. */
static void state_file_written_atomically(void **state)
{
        struct fixture *f = *state;
        struct error err = ERROR_INIT;
        _cleanup_container_ struct container *c = NULL, *again = NULL;
        _cleanup_free_ char *before = NULL, *after = NULL;
        struct rlimit old, small;
        char key[32], value[256];
        struct sigaction ign = {.sa_handler = SIG_IGN}, prev;

        make_container(f, "c1", AS_RUNNING);
        assert_int_equal(container_open(&f->g, "c1", true, &c, &err), 0);
        assert_int_equal(read_file_at(c->dirfd, STATE_FILE, &before, NULL, &err), 0);
        free(c->annotations);
        c->annotations = calloc(64, sizeof(*c->annotations));
        assert_non_null(c->annotations);
        memset(value, 'v', sizeof(value) - 1);
        value[sizeof(value) - 1] = '\0';
        for (c->n_annotations = 0; c->n_annotations < 64; c->n_annotations++) {
                snprintf(key, sizeof(key), "key%zu", c->n_annotations);
                c->annotations[c->n_annotations].key = strdup(key);
                c->annotations[c->n_annotations].value = strdup(value);
        }

        assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
        small = old;
        small.rlim_cur = 4096; /* the new state is over 16 KiB */
        assert_int_equal(sigaction(SIGXFSZ, &ign, &prev), 0);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
        assert_int_equal(container_save(c, &err), -EFBIG);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
        assert_int_equal(sigaction(SIGXFSZ, &prev, NULL), 0);
        assert_string_equal(err.msg, "write \".state.json.tmp\": file too large");
        assert_int_equal(read_file_at(c->dirfd, STATE_FILE, &after, NULL, &err), 0);
        assert_string_equal(after, before);
        assert_int_equal(faccessat(c->dirfd, ".state.json.tmp", F_OK, 0), -1);

        assert_int_equal(container_save(c, &err), 0);
        assert_int_equal(faccessat(c->dirfd, ".state.json.tmp", F_OK, 0), -1);
        cleanup_containerp(&c);
        assert_int_equal(container_open(&f->g, "c1", false, &again, &err), 0);
        assert_int_equal(again->n_annotations, 64);
        assert_int_equal(again->pid, INIT_PID);
        assert_int_equal(again->status, STATUS_RUNNING);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(start_only_a_created_container, setup, teardown),
            cmocka_unit_test_setup_teardown(start_releases_the_init, setup, teardown),
            cmocka_unit_test_setup_teardown(start_init_gone_before_release, setup, teardown),
            cmocka_unit_test_setup_teardown(kill_pins_then_signals, setup, teardown),
            cmocka_unit_test_setup_teardown(kill_never_signals_a_recycled_pid, setup, teardown),
            cmocka_unit_test_setup_teardown(kill_a_stopped_container, setup, teardown),
            cmocka_unit_test_setup_teardown(kill_all_without_a_cgroup, setup, teardown),
            cmocka_unit_test_setup_teardown(delete_refuses_a_live_container_without_force, setup, teardown),
            cmocka_unit_test_setup_teardown(delete_force_kills_and_removes, setup, teardown),
            cmocka_unit_test_setup_teardown(delete_stopped_leaves_a_recycled_pid_alone, setup, teardown),
            cmocka_unit_test_setup_teardown(state_reports_the_status, setup, teardown),
            cmocka_unit_test_setup_teardown(state_file_written_atomically, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
