/* SPDX-License-Identifier: Apache-2.0 */
/* linux/fds.c: closing a list of fds by runs (close_range), and only those. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/fds.h"

static bool is_open(int fd)
{
        return fcntl(fd, F_GETFD) >= 0;
}

static void closes_the_list_and_nothing_else(void **state)
{
        int fd[8], list[6];

        (void)state;
        for (int i = 0; i < 8; i++) {
                fd[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
                assert_true(fd[i] >= 0);
        }
        /* Out of order, with a gap (fd[3], fd[6] stay) and a negative entry skipped. */
        list[0] = fd[5];
        list[1] = fd[0];
        list[2] = -1;
        list[3] = fd[2];
        list[4] = fd[1];
        list[5] = fd[7];
        fds_close_list(list, 6);
        for (int i = 0; i < 8; i++)
                assert_int_equal(is_open(fd[i]), i == 3 || i == 4 || i == 6);
        close(fd[3]);
        close(fd[4]);
        close(fd[6]);
}

static void an_empty_list_closes_nothing(void **state)
{
        int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

        (void)state;
        fds_close_list(NULL, 0);
        assert_true(is_open(fd));
        close(fd);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(closes_the_list_and_nothing_else),
            cmocka_unit_test(an_empty_list_closes_nothing),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
