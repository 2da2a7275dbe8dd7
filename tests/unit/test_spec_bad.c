/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The corpus of bad configs in bad-configs/: each NN-name.json must be rejected
 * with exactly the message in NN-name.err (file, JSON path, value). Nothing may
 * leak on the error paths (run under valgrind or ASan).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/spec.h"
#include "util/fs.h"

static const char *corpus_dir(void)
{
        const char *d = getenv("BAD_CONFIGS_DIR");
        return d ? d : "bad-configs";
}

static int is_json(const struct dirent *de)
{
        size_t n = strlen(de->d_name);
        return n > 5 && !strcmp(de->d_name + n - 5, ".json");
}

static void check_one(const char *name)
{
        char path[4096], errpath[4096];
        char *json = NULL, *expected = NULL;
        size_t len, elen;
        struct spec *s = NULL;
        struct error err = ERROR_INIT;
        int r;

        snprintf(path, sizeof(path), "%s/%s", corpus_dir(), name);
        snprintf(errpath, sizeof(errpath), "%.*s.err", (int)(strlen(path) - 5), path);
        assert_int_equal(read_file_at(-100 /* AT_FDCWD */, path, &json, &len, NULL), 0);
        r = spec_parse(json, len, "config.json", &s, &err);
        if (r >= 0) {
                spec_free(s);
                fail_msg("%s: accepted, but must be rejected", name);
        }
        if (read_file_at(-100, errpath, &expected, &elen, NULL) < 0)
                fail_msg("%s: no .err file; the message was: %s", name, err.msg);
        while (elen > 0 && (expected[elen - 1] == '\n'))
                expected[--elen] = '\0';
        if (strcmp(err.msg, expected))
                fail_msg("%s:\n  expected: %s\n  got:      %s", name, expected, err.msg);
        free(json);
        free(expected);
}

static void every_bad_config_is_rejected_with_its_message(void **state)
{
        struct dirent **list;
        int n = scandir(corpus_dir(), &list, is_json, alphasort);

        assert_true(n >= 45);
        for (int i = 0; i < n; i++) {
                check_one(list[i]->d_name);
                free(list[i]);
        }
        free(list);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(every_bad_config_is_rejected_with_its_message),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
