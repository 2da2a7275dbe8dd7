/* SPDX-License-Identifier: Apache-2.0 */
/* linux/pidfd_pin: a process pinned by pid and start time, signalled and reaped through its pidfd. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/pidfd_pin.h"
#include "linux/process_stat.h"

static pid_t sleeper(void)
{
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0) {
                pause();
                _exit(0);
        }
        return pid;
}

static void pins_by_pid_and_start_time(void **state)
{
        struct process_stat st;
        pid_t pid = sleeper();
        siginfo_t info = {0};
        int fd;

        (void)state;
        assert_int_equal(process_stat_read(pid, &st), 0);
        /* another start time: a recycled pid, refused */
        assert_int_equal(pidfd_pin(NULL, pid, st.start_time + 1), -ESRCH);
        fd = pidfd_pin(NULL, pid, st.start_time);
        assert_true(fd >= 0);
        assert_int_equal(pidfd_signal(fd, SIGTERM), 0);
        assert_int_equal(waitid(P_PIDFD, fd, &info, WEXITED), 0);
        assert_int_equal(info.si_code, CLD_KILLED);
        assert_int_equal(info.si_status, SIGTERM);
        /* reaped: gone for the pin and for the fd */
        assert_int_equal(pidfd_pin(NULL, pid, st.start_time), -ESRCH);
        assert_int_equal(pidfd_signal(fd, 0), -ESRCH);
        close(fd);
        assert_int_equal(pidfd_pin(NULL, 0, 0), -ESRCH);
}

static void kills_and_reaps_a_child(void **state)
{
        pid_t pid = sleeper();
        int fd = pidfd_of_child(pid);

        (void)state;
        assert_true(fd >= 0);
        pidfd_kill_reap(fd);
        assert_int_equal(waitpid(pid, NULL, WNOHANG), -1); /* already reaped */
        assert_int_equal(errno, ECHILD);
        close(fd);
        pidfd_kill_reap(-1); /* nothing */
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(pins_by_pid_and_start_time),
            cmocka_unit_test(kills_and_reaps_a_child),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
