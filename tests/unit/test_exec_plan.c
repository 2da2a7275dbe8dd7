/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan/exec_plan: when the container's programs may be exec'd through the exec stub (a new pid namespace,
 * no LSM label taken at exec, execveat and execve let through by the seccomp filter), and when the runtime
 * must re-execute itself sealed instead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plan/exec_plan.h"

static char *exec_names[] = {"execve", "execveat", NULL};
static char *other_names[] = {"read", "write", NULL};
static char *execveat_only[] = {"execveat", NULL};

/* A config with a new pid namespace and whatever filter the test gives. */
static struct spec config(struct spec_linux *l, struct spec_process *p, struct spec_seccomp *sc)
{
        *l = (struct spec_linux){.seccomp = sc};
        l->namespaces[NS_PID].present = true;
        return (struct spec){.linux = l, .process = p};
}

static void new_pidns_no_filter(void **state)
{
        struct spec_linux l;
        struct spec_process p = {0};
        struct spec s = config(&l, &p, NULL);

        assert_true(plan_exec_through_stub(&s));
}

static void pidns_joined_or_shared(void **state)
{
        struct spec_linux l;
        struct spec_process p = {0};
        struct spec s = config(&l, &p, NULL);

        l.namespaces[NS_PID].path = "/proc/1/ns/pid";
        assert_false(plan_exec_through_stub(&s));
        l.namespaces[NS_PID] = (struct spec_namespace){0};
        assert_false(plan_exec_through_stub(&s));
        s.linux = NULL;
        assert_false(plan_exec_through_stub(&s));
}

static void lsm_label_at_exec(void **state)
{
        struct spec_linux l;
        struct spec_process p = {.apparmor_profile = "docker-default"};
        struct spec s = config(&l, &p, NULL);

        assert_false(plan_exec_through_stub(&s));
        p = (struct spec_process){.selinux_label = "system_u:system_r:container_t:s0"};
        assert_false(plan_exec_through_stub(&s));
        p = (struct spec_process){.apparmor_profile = ""};
        assert_true(plan_exec_through_stub(&s));
}

/* Docker's way: everything refused but a list that names both. */
static void default_deny_with_exec_allowed(void **state)
{
        struct spec_seccomp_syscall rules[] = {
            {.names = exec_names, .n_names = 2, .action = SECCOMP_ACTION_ALLOW},
        };
        struct spec_seccomp sc = {.default_action = SECCOMP_ACTION_ERRNO, .syscalls = rules, .n_syscalls = 1};
        struct spec_linux l;
        struct spec_process p = {0};
        struct spec s = config(&l, &p, &sc);

        assert_true(plan_exec_through_stub(&s));
        rules[0].names = execveat_only; /* execve left to the default */
        rules[0].n_names = 1;
        assert_false(plan_exec_through_stub(&s));
        rules[0].names = other_names;
        rules[0].n_names = 2;
        assert_false(plan_exec_through_stub(&s));
}

static void default_allow_with_exec_refused(void **state)
{
        struct spec_seccomp_arg arg = {.index = 4, .value = 0x1000, .op = SECCOMP_OP_MASKED_EQ};
        struct spec_seccomp_syscall rules[] = {
            {.names = other_names, .n_names = 2, .action = SECCOMP_ACTION_ERRNO},
        };
        struct spec_seccomp sc = {.default_action = SECCOMP_ACTION_ALLOW, .syscalls = rules, .n_syscalls = 1};
        struct spec_linux l;
        struct spec_process p = {0};
        struct spec s = config(&l, &p, &sc);

        assert_true(plan_exec_through_stub(&s));
        rules[0].names = execveat_only;
        rules[0].n_names = 1;
        assert_false(plan_exec_through_stub(&s)); /* refused outright */
        rules[0].action = SECCOMP_ACTION_KILL_PROCESS;
        assert_false(plan_exec_through_stub(&s));
        rules[0].action = SECCOMP_ACTION_ERRNO; /* refused for some flags only */
        rules[0].args = &arg;
        rules[0].n_args = 1;
        assert_false(plan_exec_through_stub(&s));
        rules[0].action = SECCOMP_ACTION_LOG; /* logged, and let through */
        assert_true(plan_exec_through_stub(&s));
}

static void allowed_only_for_some_arguments(void **state)
{
        struct spec_seccomp_arg arg = {.index = 0, .value = 3, .op = SECCOMP_OP_EQ};
        struct spec_seccomp_syscall rules[] = {
            {.names = exec_names, .n_names = 2, .action = SECCOMP_ACTION_ALLOW, .args = &arg, .n_args = 1},
        };
        struct spec_seccomp sc = {.default_action = SECCOMP_ACTION_KILL, .syscalls = rules, .n_syscalls = 1};

        assert_false(plan_seccomp_allows(&sc, "execveat"));
        assert_true(plan_seccomp_allows(NULL, "execveat"));
        sc.default_action = SECCOMP_ACTION_NOTIFY;
        rules[0].n_args = 0;
        assert_true(plan_seccomp_allows(&sc, "execve"));
        assert_false(plan_seccomp_allows(&sc, "read"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(new_pidns_no_filter),
            cmocka_unit_test(pidns_joined_or_shared),
            cmocka_unit_test(lsm_label_at_exec),
            cmocka_unit_test(default_deny_with_exec_allowed),
            cmocka_unit_test(default_allow_with_exec_refused),
            cmocka_unit_test(allowed_only_for_some_arguments),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
