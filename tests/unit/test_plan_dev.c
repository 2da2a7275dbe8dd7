/* SPDX-License-Identifier: Apache-2.0 */
/* plan/dev_plan: whether /dev is populated, which nodes in which order, which links. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plan/dev_plan.h"

static struct spec_linux lx;
static struct spec sp;
static struct spec_mount mounts[2];
static struct spec_device devs[3];

static void reset(void)
{
        memset(&lx, 0, sizeof(lx));
        memset(&sp, 0, sizeof(sp));
        memset(mounts, 0, sizeof(mounts));
        memset(devs, 0, sizeof(devs));
        sp.linux = &lx;
        sp.mounts = mounts;
}

static void dev_is_set_up_unless_bound_from_the_host(void **state)
{
        reset();
        assert_true(plan_needs_dev_setup(&sp));
        mounts[0].destination = "/dev";
        mounts[0].type = "tmpfs";
        sp.n_mounts = 1;
        assert_true(plan_needs_dev_setup(&sp));
        mounts[1].destination = "/dev/";
        mounts[1].bind = true;
        sp.n_mounts = 2;
        assert_false(plan_needs_dev_setup(&sp));
        mounts[1].destination = "/dev/shm";
        assert_true(plan_needs_dev_setup(&sp));
}

static void default_devices_in_spec_order(void **state)
{
        static const char *const want[] = {"/dev/null",   "/dev/zero",    "/dev/full",
                                           "/dev/random", "/dev/urandom", "/dev/tty"};
        struct plan_device out[8];
        size_t n;

        reset();
        sp.linux = NULL;
        assert_int_equal(plan_devices_max(&sp), 6);
        n = plan_devices(&sp, out, 8);
        assert_int_equal(n, 6);
        for (size_t i = 0; i < n; i++) {
                assert_string_equal(out[i].path, want[i]);
                assert_int_equal(out[i].type, 'c');
                assert_int_equal(out[i].mode, 0666);
                assert_int_equal(out[i].uid, 0);
        }
        assert_int_equal(out[0].major, 1);
        assert_int_equal(out[0].minor, 3);
        assert_int_equal(out[5].major, 5);
        assert_int_equal(out[5].minor, 0);
}

static void spec_devices_follow_and_replace_defaults(void **state)
{
        struct plan_device out[16];
        size_t n;

        reset();
        devs[0] = (struct spec_device){.type = 'c',
                                       .path = "/dev//null",
                                       .major = 1,
                                       .minor = 3,
                                       .has_file_mode = true,
                                       .file_mode = 020600,
                                       .has_uid = true,
                                       .uid = 7};
        devs[1] = (struct spec_device){
            .type = 'u', .path = "/dev/fuse", .major = 10, .minor = 229, .has_gid = true, .gid = 9};
        devs[2] = (struct spec_device){.type = 'p', .path = "/dev/fifo", .major = 3, .minor = 4};
        lx.devices = devs;
        lx.n_devices = 3;
        assert_int_equal(plan_devices_max(&sp), 9);
        n = plan_devices(&sp, out, 16);
        assert_int_equal(n, 8);
        /* The default /dev/null is dropped: the spec's comes after the other defaults. */
        assert_string_equal(out[0].path, "/dev/zero");
        assert_string_equal(out[5].path, "/dev//null");
        assert_int_equal(out[5].mode, 0600);
        assert_int_equal(out[5].uid, 7);
        assert_int_equal(out[5].gid, 0);
        assert_string_equal(out[6].path, "/dev/fuse");
        assert_int_equal(out[6].type, 'c');
        assert_int_equal(out[6].mode, 0666);
        assert_int_equal(out[6].gid, 9);
        assert_int_equal(out[7].type, 'p');
        assert_int_equal(out[7].major, 0);
        assert_int_equal(out[7].minor, 0);
}

static void ptmx_is_never_a_node(void **state)
{
        struct plan_device out[16];
        size_t n;

        reset();
        devs[0] = (struct spec_device){.type = 'c', .path = "/dev/ptmx", .major = 5, .minor = 2};
        lx.devices = devs;
        lx.n_devices = 1;
        n = plan_devices(&sp, out, 16);
        assert_int_equal(n, 6);
        for (size_t i = 0; i < n; i++)
                assert_string_not_equal(out[i].path, "/dev/ptmx");
}

static void devices_respect_max(void **state)
{
        struct plan_device out[2];

        reset();
        assert_int_equal(plan_devices(&sp, out, 2), 2);
}

static void links_with_and_without_kcore(void **state)
{
        struct plan_link l[PLAN_DEV_LINKS_MAX];
        size_t n;

        n = plan_dev_links(true, l, PLAN_DEV_LINKS_MAX);
        assert_int_equal(n, 6);
        assert_string_equal(l[0].path, "/dev/fd");
        assert_string_equal(l[0].target, "/proc/self/fd");
        assert_string_equal(l[3].path, "/dev/stderr");
        assert_string_equal(l[3].target, "/proc/self/fd/2");
        assert_string_equal(l[4].path, "/dev/core");
        assert_string_equal(l[4].target, "/proc/kcore");
        assert_string_equal(l[5].path, "/dev/ptmx");
        assert_string_equal(l[5].target, "pts/ptmx");
        n = plan_dev_links(false, l, PLAN_DEV_LINKS_MAX);
        assert_int_equal(n, 5);
        for (size_t i = 0; i < n; i++)
                assert_string_not_equal(l[i].path, "/dev/core");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(dev_is_set_up_unless_bound_from_the_host),
            cmocka_unit_test(default_devices_in_spec_order),
            cmocka_unit_test(spec_devices_follow_and_replace_defaults),
            cmocka_unit_test(ptmx_is_never_a_node),
            cmocka_unit_test(devices_respect_max),
            cmocka_unit_test(links_with_and_without_kcore),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
