/* SPDX-License-Identifier: Apache-2.0 */
/* ps's table: ps(1)'s header and the rows of the given pids (this test's own), nothing leaked (an ASan
 * build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/engine.h"

static char *table(const pid_t *pids, size_t n, char *const *args, int *rc)
{
        struct error err = ERROR_INIT;
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);

        assert_non_null(out);
        *rc = engine_ps_table(pids, n, args, out, &err);
        fclose(out);
        return text;
}

static void rows_of_the_pids_only(void **state)
{
        pid_t self = getpid();
        char own[32], *text, *rows;
        int rc;

        (void)state;
        snprintf(own, sizeof(own), " %d ", (int)self);
        text = table(&self, 1, NULL, &rc);
        assert_int_equal(rc, 0);
        assert_true(!strncmp(text, "UID", 3));
        rows = strchr(text, '\n');
        assert_non_null(rows);
        assert_non_null(strstr(rows, own));
        assert_null(strchr(strchr(rows + 1, '\n') + 1, '\n')); /* the header and one row */
        free(text);
}

static void the_pid_column_is_found_where_the_options_put_it(void **state)
{
        pid_t self = getpid();
        char *const args[] = {"-o", "comm,pid", "-p", NULL, NULL};
        char p[16], *text;
        int rc;

        (void)state;
        snprintf(p, sizeof(p), "%d", (int)self);
        ((char **)args)[3] = p;
        text = table(&self, 1, args, &rc);
        assert_int_equal(rc, 0);
        assert_non_null(strstr(text, "test_ps_table"));
        free(text);
        /* Options without a PID column: an error, and still nothing leaked. */
        char *const nopid[] = {"-o", "comm", NULL};
        text = table(&self, 1, nopid, &rc);
        assert_true(rc < 0);
        free(text);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(rows_of_the_pids_only),
            cmocka_unit_test(the_pid_column_is_found_where_the_options_put_it),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
