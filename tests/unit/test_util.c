/* SPDX-License-Identifier: Apache-2.0 */
/* util: the error type, checked number parsing, signal names, JSON escaping, fd passing. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/duration.h"
#include "util/error.h"
#include "util/fdpass.h"
#include "util/fs.h"
#include "util/jsonstr.h"
#include "util/parse.h"
#include "util/passwd.h"
#include "util/signals.h"
#include "util/utc.h"

static void error_set_returns_negative_code(void **state)
{
        struct error e = ERROR_INIT;

        assert_int_equal(error_set(&e, ENOENT, "container \"%s\" does not exist", "x"), -ENOENT);
        assert_string_equal(e.msg, "container \"x\" does not exist");
        assert_int_equal(e.code, ENOENT);
        assert_int_equal(error_set(&e, 0, "plain"), -EINVAL);
}

static void error_errno_appends_strerror(void **state)
{
        struct error e = ERROR_INIT;

        assert_int_equal(error_errno(&e, -EPERM, "mount \"%s\" on \"%s\"", "proc", "/proc"), -EPERM);
        assert_string_equal(e.msg, "mount \"proc\" on \"/proc\": operation not permitted");
}

static void error_wrap_prefixes_context(void **state)
{
        struct error e = ERROR_INIT;

        error_errno(&e, ENOENT, "open \"%s\"", "/b/config.json");
        assert_int_equal(error_wrap(&e, -ENOENT, "bundle \"%s\"", "/b"), -ENOENT);
        assert_string_equal(e.msg, "bundle \"/b\": open \"/b/config.json\": no such file or directory");
        error_clear(&e);
        assert_int_equal(error_wrap(&e, -EACCES, "step"), -EACCES);
        assert_string_equal(e.msg, "step: permission denied");
}

/* An fd sent with fd_send arrives as a new fd on the same file, close-on-exec, with its name. */
static void fds_pass_over_a_socket(void **state)
{
        struct error err = ERROR_INIT;
        int sp[2], pipefd[2], got;
        char name[32], byte = 0;
        size_t n;

        (void)state;
        assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp), 0);
        assert_int_equal(pipe2(pipefd, O_CLOEXEC), 0);
        assert_int_equal(fd_send(sp[0], pipefd[1], "/dev/ptmx", &err), 0);
        got = fd_recv(sp[1], name, sizeof(name), &err);
        assert_true(got >= 0);
        assert_string_equal(name, "/dev/ptmx");
        assert_int_not_equal(got, pipefd[1]);
        assert_true(fcntl(got, F_GETFD) & FD_CLOEXEC);
        assert_int_equal(write(got, "x", 1), 1);
        assert_int_equal(read(pipefd[0], &byte, 1), 1);
        assert_int_equal(byte, 'x');
        close(got);
        /* A message without an fd is an error for fd_recv, and fd_recv_msg says -1. */
        assert_int_equal(send(sp[0], "no fd", 5, 0), 5);
        assert_int_equal(fd_recv(sp[1], NULL, 0, &err), -EBADMSG);
        assert_int_equal(send(sp[0], "no fd", 5, 0), 5);
        assert_int_equal(fd_recv_msg(sp[1], name, sizeof(name), &n, &got, &err), 0);
        assert_int_equal(n, 5);
        assert_int_equal(got, -1);
        /* The peer gone: no payload, no fd. */
        close(sp[0]);
        assert_int_equal(fd_recv_msg(sp[1], name, sizeof(name), &n, &got, &err), 0);
        assert_int_equal(n, 0);
        assert_int_equal(got, -1);
        assert_int_equal(unix_send_fd("/nonexistent/brownie-unit-test.sock", pipefd[0], "x", &err), -ENOENT);
        close(sp[1]);
        close(pipefd[0]);
        close(pipefd[1]);
}

static void parse_numbers_whole_string_in_range(void **state)
{
        int64_t i;
        uint64_t u;
        int n;

        assert_int_equal(parse_int64("-42", &i), 0);
        assert_int_equal(i, -42);
        assert_int_equal(parse_int64("42x", &i), -EINVAL);
        assert_int_equal(parse_int64("", &i), -EINVAL);
        assert_int_equal(parse_int64(" 1", &i), -EINVAL);
        assert_int_equal(parse_int64("99999999999999999999", &i), -ERANGE);
        assert_int_equal(parse_uint64("18446744073709551615", &u), 0);
        assert_true(u == UINT64_MAX);
        assert_int_equal(parse_uint64("-1", &u), -EINVAL);
        assert_int_equal(parse_int("2147483648", &n), -ERANGE);
        assert_int_equal(parse_int("7", &n), 0);
        assert_int_equal(n, 7);
}

static void signals_by_name_and_number(void **state)
{
        int s;

        assert_int_equal(signal_parse("KILL", &s), 0);
        assert_int_equal(s, SIGKILL);
        assert_int_equal(signal_parse("SIGTERM", &s), 0);
        assert_int_equal(s, SIGTERM);
        assert_int_equal(signal_parse("sigusr1", &s), 0);
        assert_int_equal(s, SIGUSR1);
        assert_int_equal(signal_parse("9", &s), 0);
        assert_int_equal(s, 9);
        assert_int_equal(signal_parse("RTMIN+2", &s), 0);
        assert_int_equal(s, SIGRTMIN + 2);
        assert_int_equal(signal_parse("SIGFOO", &s), -EINVAL);
        assert_int_equal(signal_parse("0", &s), 0);
        assert_int_equal(s, 0);
        assert_int_equal(signal_parse("", &s), -EINVAL);
        assert_int_equal(signal_parse("999", &s), -EINVAL);
        assert_int_equal(signal_parse("RTMAX-1", &s), 0);
        assert_int_equal(s, SIGRTMAX - 1);
        /* An offset that overflowed an int once. */
        assert_int_equal(signal_parse("RTMIN+2147483647", &s), -EINVAL);
        assert_int_equal(signal_parse("RTMAX-2147483648", &s), -EINVAL);
        assert_int_equal(signal_parse("RTMIN+-1", &s), -EINVAL);
        assert_int_equal(signal_parse("RTMIN+", &s), -EINVAL);
        assert_string_equal(signal_name(SIGHUP), "SIGHUP");
}

static void json_escape_quotes_and_controls(void **state)
{
        char out[64];

        json_escape("a\"b\\c\nd\x01", out, sizeof(out));
        assert_string_equal(out, "a\\\"b\\\\c\\nd\\u0001");
        json_escape("truncated string", out, 8);
        assert_true(strlen(out) < 8);
}

static void go_durations(void **state)
{
        int64_t ns;

        assert_int_equal(parse_duration("5s", &ns), 0);
        assert_true(ns == 5000000000LL);
        assert_int_equal(parse_duration("100ms", &ns), 0);
        assert_true(ns == 100000000LL);
        assert_int_equal(parse_duration("1h30m", &ns), 0);
        assert_true(ns == 5400000000000LL);
        assert_int_equal(parse_duration("1.5s", &ns), 0);
        assert_true(ns == 1500000000LL);
        assert_int_equal(parse_duration("0", &ns), 0);
        assert_true(ns == 0);
        assert_int_equal(parse_duration("5", &ns), -EINVAL);
        assert_int_equal(parse_duration("5x", &ns), -EINVAL);
        assert_int_equal(parse_duration("", &ns), -EINVAL);
        assert_int_equal(parse_duration("-1.5h", &ns), 0);
        assert_true(ns == -5400000000000LL);
        assert_int_equal(parse_duration(".5us", &ns), 0);
        assert_true(ns == 500);
        assert_int_equal(parse_duration("1.000000001s", &ns), 0);
        assert_true(ns == 1000000001LL);
        assert_int_equal(parse_duration("2\xc2\xb5s", &ns), 0);
        assert_true(ns == 2000);
        assert_int_equal(parse_duration("2562047h47m16.854775807s", &ns), 0);
        assert_true(ns == INT64_MAX);
        assert_int_equal(parse_duration("-2562047h47m16.854775808s", &ns), 0);
        assert_true(ns == INT64_MIN);
        /* strtod's syntax is not Go's: these were taken once ("nanm" a NaN converted to int64). */
        assert_int_equal(parse_duration("nanm", &ns), -EINVAL);
        assert_int_equal(parse_duration("infh", &ns), -EINVAL);
        assert_int_equal(parse_duration("1e3s", &ns), -EINVAL);
        assert_int_equal(parse_duration("0x10s", &ns), -EINVAL);
        assert_int_equal(parse_duration(" 5s", &ns), -EINVAL);
        assert_int_equal(parse_duration("5s 1m", &ns), -EINVAL);
        assert_int_equal(parse_duration("5s-1m", &ns), -EINVAL);
        assert_int_equal(parse_duration(".s", &ns), -EINVAL);
        assert_int_equal(parse_duration("1mss", &ns), -EINVAL);
        assert_int_equal(parse_duration("-", &ns), -EINVAL);
        assert_int_equal(parse_duration("2562047h47m16.854775808s", &ns), -ERANGE);
        assert_int_equal(parse_duration("99999999999999999999ns", &ns), -ERANGE);
        assert_int_equal(parse_duration("9999999999h", &ns), -ERANGE);
}

static void sizes_as_docker_takes_them(void **state)
{
        int64_t v;

        (void)state;
        assert_int_equal(parse_size("512m", &v), 0);
        assert_true(v == 512LL << 20);
        assert_int_equal(parse_size("1g", &v), 0);
        assert_true(v == 1LL << 30);
        assert_int_equal(parse_size("1.5K", &v), 0);
        assert_true(v == 1536);
        assert_int_equal(parse_size("10 MiB", &v), 0);
        assert_true(v == 10LL << 20);
        assert_int_equal(parse_size("2tb", &v), 0);
        assert_true(v == 2LL << 40);
        assert_int_equal(parse_size("1p", &v), 0);
        assert_true(v == 1LL << 50);
        assert_int_equal(parse_size("4096", &v), 0);
        assert_true(v == 4096);
        assert_int_equal(parse_size("-1", &v), 0);
        assert_true(v == -1);
        assert_int_equal(parse_size("8191p", &v), 0);
        assert_int_equal(parse_size("8192p", &v), -ERANGE);
        /* Out of range and NaN were converted to int64 once (undefined behaviour); strtod's syntax too. */
        assert_int_equal(parse_size("55555555555555555555555555555555555555555555555", &v), -ERANGE);
        assert_int_equal(parse_size("9223372036854775808", &v), -ERANGE);
        assert_int_equal(parse_size("nan", &v), -EINVAL);
        assert_int_equal(parse_size("inf", &v), -EINVAL);
        assert_int_equal(parse_size("1e3", &v), -EINVAL);
        assert_int_equal(parse_size("0x10", &v), -EINVAL);
        assert_int_equal(parse_size(" 5", &v), -EINVAL);
        assert_int_equal(parse_size("-2", &v), -EINVAL);
        assert_int_equal(parse_size("1.", &v), -EINVAL);
        assert_int_equal(parse_size("1.2.3", &v), -EINVAL);
        assert_int_equal(parse_size("512mx", &v), -EINVAL);
        assert_int_equal(parse_size("512mix", &v), -EINVAL);
        assert_int_equal(parse_size("512  m", &v), -EINVAL);
        assert_int_equal(parse_size("", &v), -EINVAL);
}

static void errno_text_is_runcs_lower_case(void **state)
{
        (void)state;
        assert_string_equal(errno_text(ENOENT), "no such file or directory");
        assert_string_equal(errno_text(-EACCES), "permission denied");
        assert_string_equal(errno_text(EBUSY), "device or resource busy");
}

static void passwd_home_of_a_uid(void **state)
{
        const char *text = "# comment\n"
                           "root:x:0:0:root:/root:/bin/sh\n"
                           "broken line\n"
                           "odd:x:12a:1:x:/odd:/bin/sh\n"
                           "user:x:1000:1000:User,,,:/home/user:/bin/sh\n"
                           "dup:x:1000:1000::/second:/bin/sh\n"
                           "nohome:x:7:7::\n"
                           "last:x:42:42::/l";
        char home[64] = "untouched";

        (void)state;
        assert_true(passwd_home(text, 0, home, sizeof(home)));
        assert_string_equal(home, "/root");
        assert_true(passwd_home(text, 1000, home, sizeof(home))); /* the first entry wins */
        assert_string_equal(home, "/home/user");
        assert_true(passwd_home(text, 7, home, sizeof(home)));
        assert_string_equal(home, "");
        assert_true(passwd_home(text, 42, home, sizeof(home))); /* no newline at the end */
        assert_string_equal(home, "/l");
        snprintf(home, sizeof(home), "untouched");
        assert_false(passwd_home(text, 12, home, sizeof(home)));
        assert_false(passwd_home(text, 65534, home, sizeof(home)));
        assert_false(passwd_home("", 0, home, sizeof(home)));
        assert_string_equal(home, "untouched");
        assert_false(passwd_home(text, 1000, home, 4)); /* does not fit */
}

/* read_doc_at: a regular file is read; a FIFO or a device is refused at once; size is capped. */
static void documents_are_regular_files_of_bounded_size(void **state)
{
        char dir[] = "/tmp/brownie-unit-XXXXXX", path[64];
        struct error err = ERROR_INIT;
        char *text = NULL;
        size_t len = 0;
        FILE *f;
        int fds[2];

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/doc", dir);
        f = fopen(path, "w");
        assert_non_null(f);
        fputs("{}", f);
        fclose(f);
        assert_int_equal(read_doc_at(AT_FDCWD, path, false, &text, &len, &err), 0);
        assert_string_equal(text, "{}");
        assert_int_equal(len, 2);
        free(text);
        assert_int_equal(truncate(path, (off_t)DOC_MAX + 1), 0);
        assert_int_equal(read_doc_at(AT_FDCWD, path, false, &text, &len, &err), -EFBIG);
        assert_non_null(strstr(err.msg, "larger than 16 MiB"));
        unlink(path);
        assert_int_equal(mkfifo(path, 0600), 0); /* no writer: must not block */
        assert_int_equal(read_doc_at(AT_FDCWD, path, false, &text, &len, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "not a regular file"));
        unlink(path);
        rmdir(dir);
        assert_int_equal(read_doc_at(AT_FDCWD, "/dev/zero", false, &text, &len, &err), -EINVAL);
        assert_int_equal(read_doc_at(AT_FDCWD, "/dev/zero", true, &text, &len, &err), -EFBIG); /* endless */
        assert_int_equal(pipe(fds), 0); /* a stream the user names ("-"), read to its end */
        assert_int_equal(write(fds[1], "[1]", 3), 3);
        close(fds[1]);
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
        assert_int_equal(read_doc_at(AT_FDCWD, path, true, &text, &len, &err), 0);
        assert_string_equal(text, "[1]");
        free(text);
        close(fds[0]);
}

/* The calendar arithmetic agrees with glibc's gmtime_r second by second across leap years, centuries,
 * 1970 and before it, and the formats are RFC 3339 as Go writes them. */
static void utc_matches_gmtime(void **state)
{
        static const int64_t starts[] = {0,          -1,          951782400 - 86400,    4107542400 - 86400,
                                         1709164800, -2208988800, 253402300799 - 86400, 1798761600};
        char buf[64];

        for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
                for (int64_t t = starts[i]; t < starts[i] + 3 * 86400; t += 3599) {
                        time_t tt = (time_t)t;
                        struct utc_time u;
                        struct tm tm;

                        utc_civil(t, &u);
                        assert_non_null(gmtime_r(&tt, &tm));
                        assert_int_equal(u.year, tm.tm_year + 1900);
                        assert_int_equal(u.month, tm.tm_mon + 1);
                        assert_int_equal(u.day, tm.tm_mday);
                        assert_int_equal(u.hour, tm.tm_hour);
                        assert_int_equal(u.minute, tm.tm_min);
                        assert_int_equal(u.second, tm.tm_sec);
                }
        utc_format(&(struct timespec){.tv_sec = 1136214245, .tv_nsec = 999999999}, true, buf, sizeof(buf));
        assert_string_equal(buf, "2006-01-02T15:04:05.999999999Z");
        utc_format(&(struct timespec){.tv_sec = 1136214245, .tv_nsec = 120000000}, true, buf, sizeof(buf));
        assert_string_equal(buf, "2006-01-02T15:04:05.12Z");
        utc_format(&(struct timespec){.tv_sec = 1136214245, .tv_nsec = 0}, true, buf, sizeof(buf));
        assert_string_equal(buf, "2006-01-02T15:04:05Z");
        utc_format(&(struct timespec){.tv_sec = 951825600, .tv_nsec = 5}, false, buf, sizeof(buf));
        assert_string_equal(buf, "2000-02-29T12:00:00Z");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(error_set_returns_negative_code),
            cmocka_unit_test(error_errno_appends_strerror),
            cmocka_unit_test(error_wrap_prefixes_context),
            cmocka_unit_test(fds_pass_over_a_socket),
            cmocka_unit_test(parse_numbers_whole_string_in_range),
            cmocka_unit_test(signals_by_name_and_number),
            cmocka_unit_test(json_escape_quotes_and_controls),
            cmocka_unit_test(go_durations),
            cmocka_unit_test(sizes_as_docker_takes_them),
            cmocka_unit_test(errno_text_is_runcs_lower_case),
            cmocka_unit_test(passwd_home_of_a_uid),
            cmocka_unit_test(documents_are_regular_files_of_bounded_size),
            cmocka_unit_test(utc_matches_gmtime),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
