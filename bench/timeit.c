/* timeit: the benchmark's measuring helper (built by bench/run.sh; not part of brownie).
 *
 *   timeit [-s MS] [-o FILE -t TAG -k KEY] -- CMD ARGS...
 *       Sleeps MS milliseconds (the idle variant), then runs CMD once with stdout on /dev/null and measures
 * it. Wall time runs from just before the spawn to the moment the command itself has exited. CPU and peak RSS
 *       are those of the command and every process below it: timeit is a child subreaper, so a process the
 *       command leaves behind is reparented here and reaped (when it has exited), and
 * getrusage(RUSAGE_CHILDREN) then sums user and system time over the whole tree and gives the largest
 * ru_maxrss in it. Appends "TAG.wall KEY us", "TAG.cpu KEY us" and "TAG.rss KEY kB" to FILE (or prints them);
 * exits with the command's status (128 + signal when it was killed).
 *
 *   timeit -j W -c COUNT [-o FILE -t TAG -k KEY] -- CMD ARGS...
 *       Throughput: COUNT runs of CMD, W at a time. In each argument "@W@" becomes the worker's number (1..W)
 * and
 *       "@I@" the run's number (1..COUNT), so each worker can have its own bundle and each run its own id.
 *       Appends "TAG.tput KEY runs-per-second". Exits 1 when any run failed.
 *
 * The command is started with posix_spawn (a vfork-style clone: no copy of timeit's memory), and timeit is
 * linked statically so that what the child carries until its execve stays small.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long tv_us(struct timeval tv)
{
        return (long long)tv.tv_sec * 1000000LL + tv.tv_usec;
}

static void die(const char *what)
{
        fprintf(stderr, "timeit: %s: %s\n", what, strerror(errno));
        exit(125);
}

/* A copy of s with every "@W@" replaced by w and every "@I@" by i. */
static char *substitute(const char *s, int w, int i)
{
        size_t cap = strlen(s) + 64, n = 0;
        char *out = malloc(cap);

        if (!out)
                die("malloc");
        while (*s) {
                char num[16];
                const char *put = NULL;

                if (strncmp(s, "@W@", 3) == 0)
                        snprintf(num, sizeof(num), "%d", w), put = num;
                else if (strncmp(s, "@I@", 3) == 0)
                        snprintf(num, sizeof(num), "%d", i), put = num;
                if (put) {
                        size_t len = strlen(put);
                        if (n + len + 1 > cap) {
                                cap = (n + len + 1) * 2;
                                out = realloc(out, cap);
                                if (!out)
                                        die("realloc");
                        }
                        memcpy(out + n, put, len);
                        n += len;
                        s += 3;
                        continue;
                }
                if (n + 2 > cap) {
                        cap *= 2;
                        out = realloc(out, cap);
                        if (!out)
                                die("realloc");
                }
                out[n++] = *s++;
        }
        out[n] = '\0';
        return out;
}

static pid_t spawn(char **argv, posix_spawn_file_actions_t *fa)
{
        pid_t pid;
        int r = posix_spawnp(&pid, argv[0], fa, NULL, argv, environ);

        if (r != 0) {
                errno = r;
                die(argv[0]);
        }
        return pid;
}

static int exit_code(int status)
{
        if (WIFEXITED(status))
                return WEXITSTATUS(status);
        if (WIFSIGNALED(status))
                return 128 + WTERMSIG(status);
        return 125;
}

static FILE *out;
static const char *tag = "x", *key = "-";

static int run_once(char **argv, posix_spawn_file_actions_t *fa, int sleep_ms)
{
        struct rusage ru;
        long long t0, t1;
        int status;
        pid_t pid;

        if (sleep_ms > 0) {
                struct timespec ts = {sleep_ms / 1000, (long)(sleep_ms % 1000) * 1000000L};
                while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                        ;
        }
        t0 = now_ns();
        pid = spawn(argv, fa);
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        die("waitpid");
        t1 = now_ns();
        /* Descendants that were orphaned to us and have exited count too; a live one (the waiting init of a
         * create) is left alone and goes on to PID 1 when we exit. */
        while (waitpid(-1, NULL, WNOHANG) > 0)
                ;
        if (getrusage(RUSAGE_CHILDREN, &ru) < 0)
                die("getrusage");
        fprintf(out, "%s.wall %s %lld\n%s.cpu %s %lld\n%s.rss %s %ld\n", tag, key, (t1 - t0) / 1000, tag, key,
                tv_us(ru.ru_utime) + tv_us(ru.ru_stime), tag, key, ru.ru_maxrss);
        return exit_code(status);
}

static int throughput(char **argv, posix_spawn_file_actions_t *fa, int workers, int count)
{
        pid_t *slot = calloc(workers, sizeof(*slot));
        int argc = 0, started = 0, running = 0, failed = 0;
        long long t0, t1;

        while (argv[argc])
                argc++;
        char **args = calloc(argc + 1, sizeof(*args));
        if (!slot || !args)
                die("calloc");

        t0 = now_ns();
        for (;;) {
                for (int w = 0; w < workers && started < count; w++) {
                        if (slot[w] > 0)
                                continue;
                        started++;
                        for (int a = 0; a < argc; a++)
                                args[a] = substitute(argv[a], w + 1, started);
                        slot[w] = spawn(args, fa);
                        running++;
                        for (int a = 0; a < argc; a++)
                                free(args[a]);
                }
                if (running == 0)
                        break;
                int status;
                pid_t pid = waitpid(-1, &status, 0);
                if (pid < 0) {
                        if (errno == EINTR)
                                continue;
                        die("waitpid");
                }
                for (int w = 0; w < workers; w++) {
                        if (slot[w] == pid) {
                                slot[w] = 0;
                                running--;
                                if (exit_code(status) != 0)
                                        failed++;
                        }
                }
        }
        t1 = now_ns();
        fprintf(out, "%s.tput %s %.3f\n", tag, key, count * 1e9 / (double)(t1 - t0));
        if (failed)
                fprintf(stderr, "timeit: %d of %d runs of %s failed\n", failed, count, argv[0]);
        return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
        int opt, sleep_ms = 0, workers = 0, count = 0;
        const char *file = NULL;
        posix_spawn_file_actions_t fa;

        while ((opt = getopt(argc, argv, "+s:o:t:k:j:c:")) != -1) {
                switch (opt) {
                case 's':
                        sleep_ms = atoi(optarg);
                        break;
                case 'o':
                        file = optarg;
                        break;
                case 't':
                        tag = optarg;
                        break;
                case 'k':
                        key = optarg;
                        break;
                case 'j':
                        workers = atoi(optarg);
                        break;
                case 'c':
                        count = atoi(optarg);
                        break;
                default:
                        fprintf(stderr,
                                "usage: timeit [-s MS] [-j W -c COUNT] [-o FILE -t TAG -k KEY] -- CMD...\n");
                        return 125;
                }
        }
        if (optind >= argc) {
                fprintf(stderr, "timeit: no command\n");
                return 125;
        }
        out = stdout;
        if (file && !(out = fopen(file, "ae")))
                die(file);
        if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
                die("PR_SET_CHILD_SUBREAPER");
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);

        int rc = workers > 0 ? throughput(argv + optind, &fa, workers, count > 0 ? count : 1)
                             : run_once(argv + optind, &fa, sleep_ms);
        if (fclose(out) != 0)
                die("write");
        return rc;
}
