/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The corpus of bad configs in bad-configs/ (the directory comes from $BAD_CONFIGS_DIR): each NN-name.json
 * must be rejected with exactly the message in NN-name.err (file, JSON path, value). NN-name.process.json is
 * read as exec's process.json, NN-name.resources.json as update's --resources. Nothing may leak on the error
 * paths (run under valgrind or ASan).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/spec.h"
#include "util/fs.h"

static const char *corpus_dir(void)
{
        const char *d = getenv("BAD_CONFIGS_DIR");
        return d ? d : "bad-configs";
}

static bool ends_with(const char *s, const char *suffix)
{
        size_t n = strlen(s), m = strlen(suffix);
        return n > m && !strcmp(s + n - m, suffix);
}

static int is_json(const struct dirent *de)
{
        return ends_with(de->d_name, ".json");
}

/* Parses one file the way its name says; returns the parser's result with err filled. */
static int parse_as(const char *name, const char *json, size_t len, struct error *err)
{
        int r;

        if (ends_with(name, ".process.json")) {
                struct spec_process *p = NULL;
                r = spec_process_parse(json, len, "process.json", &p, err);
                spec_process_free(p);
        } else if (ends_with(name, ".resources.json")) {
                struct spec_resources *res = NULL;
                r = spec_resources_parse(json, len, "resources.json", &res, err);
                spec_resources_free(res);
        } else {
                struct spec *s = NULL;
                r = spec_parse(json, len, "config.json", &s, err);
                spec_free(s);
        }
        return r;
}

/* Returns true when the file is rejected with its expected message; prints why not otherwise. */
static bool check_one(const char *name)
{
        char path[4096], errpath[4096];
        char *json = NULL, *expected = NULL;
        size_t len, elen;
        struct error err = ERROR_INIT;
        bool ok = false;
        int r;

        snprintf(path, sizeof(path), "%s/%s", corpus_dir(), name);
        snprintf(errpath, sizeof(errpath), "%s/%.*s.err", corpus_dir(), (int)strcspn(name, "."), name);
        if (read_file_at(AT_FDCWD, path, &json, &len, &err) < 0) {
                print_error("%s: %s\n", name, err.msg);
                return false;
        }
        r = parse_as(name, json, len, &err);
        if (r >= 0) {
                print_error("%s: accepted, but must be rejected\n", name);
        } else if (read_file_at(AT_FDCWD, errpath, &expected, &elen, NULL) < 0) {
                print_error("%s: no .err file; the message was:\n  %s\n", name, err.msg);
        } else {
                while (elen > 0 && expected[elen - 1] == '\n')
                        expected[--elen] = '\0';
                ok = !strcmp(err.msg, expected);
                if (!ok)
                        print_error("%s:\n  expected: %s\n  got:      %s\n", name, expected, err.msg);
                else if (r != -EINVAL)
                        print_error("%s: returned %d, not -EINVAL\n", name, r), ok = false;
        }
        free(json);
        free(expected);
        return ok;
}

static void every_bad_config_is_rejected_with_its_message(void **state)
{
        struct dirent **list;
        int n = scandir(corpus_dir(), &list, is_json, alphasort), failed = 0;

        assert_true(n >= 45);
        for (int i = 0; i < n; i++) {
                if (!check_one(list[i]->d_name))
                        failed++;
                free(list[i]);
        }
        free(list);
        if (failed)
                fail_msg("%d of %d bad configs not rejected as expected", failed, n);
}

/* Every .json has its .err, and every .err its .json: no orphan expectation goes unchecked. */
static void every_err_file_has_its_config(void **state)
{
        struct dirent **list;
        int n = scandir(corpus_dir(), &list, NULL, alphasort), orphans = 0;

        assert_true(n > 0);
        for (int i = 0; i < n; i++) {
                const char *name = list[i]->d_name;
                if (ends_with(name, ".err")) {
                        char base[512];
                        const char *suffixes[] = {".json", ".process.json", ".resources.json"};
                        bool found = false;
                        for (size_t k = 0; k < 3 && !found; k++) {
                                snprintf(base, sizeof(base), "%s/%.*s%s", corpus_dir(),
                                         (int)(strlen(name) - 4), name, suffixes[k]);
                                found = access(base, R_OK) == 0;
                        }
                        if (!found) {
                                print_error("%s: no config beside it\n", name);
                                orphans++;
                        }
                }
                free(list[i]);
        }
        free(list);
        assert_int_equal(orphans, 0);
}

/* Each prefix of a good config is malformed JSON: a clean error with a position, nothing leaked. */
static void every_truncation_fails_cleanly(void **state)
{
        char *json = spec_default_json(false);
        size_t len = strlen(json);

        for (size_t cut = 0; cut < len - 1; cut++) {
                struct spec *s = NULL;
                struct error err = ERROR_INIT;
                assert_int_equal(spec_parse(json, cut, "config.json", &s, &err), -EINVAL);
                assert_null(s);
                assert_non_null(strstr(err.msg, "config.json: line "));
        }
        free(json);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(every_bad_config_is_rejected_with_its_message),
            cmocka_unit_test(every_err_file_has_its_config),
            cmocka_unit_test(every_truncation_fails_cleanly),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
