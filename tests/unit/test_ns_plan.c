/* SPDX-License-Identifier: Apache-2.0 */
/* plan_namespaces: which namespaces clone3 creates, which the init unshares, when a staging child is needed.
 */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plan/ns_plan.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static struct spec_linux lx;
static struct spec sp;

static void reset(void)
{
        memset(&lx, 0, sizeof(lx));
        memset(&sp, 0, sizeof(sp));
        sp.linux = &lx;
}

static void add(enum spec_ns_type t, const char *path)
{
        lx.namespaces[t].present = true;
        lx.namespaces[t].path = (char *)path;
}

static void no_linux_no_namespaces(void **state)
{
        struct ns_plan p;

        reset();
        sp.linux = NULL;
        plan_namespaces(&sp, false, &p);
        assert_int_equal(p.clone_flags, 0);
        assert_int_equal(p.unshare_flags, 0);
        assert_false(p.staged);
}

static void all_new_on_v2_go_into_clone_but_time(void **state)
{
        struct ns_plan p;

        reset();
        for (int t = 0; t < NS__COUNT; t++)
                add(t, NULL);
        plan_namespaces(&sp, true, &p);
        assert_false(p.staged);
        assert_int_equal(p.clone_flags, CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC |
                                            CLONE_NEWUTS | CLONE_NEWUSER | CLONE_NEWCGROUP);
        assert_int_equal(p.unshare_flags, CLONE_NEWTIME);
}

static void cgroup_ns_deferred_without_clone_into_cgroup(void **state)
{
        struct ns_plan p;

        reset();
        add(NS_PID, NULL);
        add(NS_CGROUP, NULL);
        plan_namespaces(&sp, false, &p);
        assert_int_equal(p.clone_flags, CLONE_NEWPID);
        assert_int_equal(p.unshare_flags, CLONE_NEWCGROUP);
}

static void joined_without_userns_is_fast(void **state)
{
        struct ns_plan p;

        reset();
        add(NS_PID, NULL);
        add(NS_NETWORK, "/proc/1/ns/net");
        add(NS_MOUNT, NULL);
        plan_namespaces(&sp, true, &p);
        assert_false(p.staged);
        assert_int_equal(p.clone_flags, CLONE_NEWPID | CLONE_NEWNS);
}

static void new_userns_with_joined_net_is_staged(void **state)
{
        struct ns_plan p;

        reset();
        add(NS_USER, NULL);
        add(NS_PID, NULL);
        add(NS_MOUNT, NULL);
        add(NS_TIME, NULL);
        add(NS_NETWORK, "/run/netns/x");
        plan_namespaces(&sp, true, &p);
        assert_true(p.staged);
        assert_int_equal(p.clone_flags, 0);
        assert_int_equal(p.stage_flags, CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS);
        assert_true(p.stage_fork);
        assert_int_equal(p.unshare_flags, CLONE_NEWTIME);
}

static void joined_userns_is_staged_without_fork_when_no_new_pidns(void **state)
{
        struct ns_plan p;

        reset();
        add(NS_USER, "/proc/42/ns/user");
        add(NS_MOUNT, NULL);
        plan_namespaces(&sp, false, &p);
        assert_true(p.staged);
        assert_int_equal(p.stage_flags, CLONE_NEWNS);
        assert_false(p.stage_fork);
}

static void new_userns_with_joined_pidns_only_is_fast(void **state)
{
        struct ns_plan p;

        reset();
        add(NS_USER, NULL);
        add(NS_PID, "/proc/42/ns/pid");
        plan_namespaces(&sp, true, &p);
        assert_false(p.staged);
        assert_int_equal(p.clone_flags, CLONE_NEWUSER);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(no_linux_no_namespaces),
            cmocka_unit_test(all_new_on_v2_go_into_clone_but_time),
            cmocka_unit_test(cgroup_ns_deferred_without_clone_into_cgroup),
            cmocka_unit_test(joined_without_userns_is_fast),
            cmocka_unit_test(new_userns_with_joined_net_is_staged),
            cmocka_unit_test(joined_userns_is_staged_without_fork_when_no_new_pidns),
            cmocka_unit_test(new_userns_with_joined_pidns_only_is_fast),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
