/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan/seccomp_enosys: the ENOSYS stub, run here on a small interpreter of the classic BPF it uses, in
 * front of a stand-in for the profile's filter (one instruction: "the profile decides"). A syscall above
 * the highest the profile names for its ABI gets ENOSYS; any other, or another architecture, reaches
 * the profile.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "plan/seccomp_enosys.h"

#define PROFILE        0x7fff0042u /* the stand-in filter's verdict */
#define ENOSYS_VERDICT (SECCOMP_RET_ERRNO | ENOSYS)

/* Runs the stub and the stand-in on one syscall; fails the test on an instruction it does not know. */
static uint32_t run(const struct enosys_abi *abis, size_t n, uint32_t arch, uint32_t nr)
{
        struct sock_filter prog[SECCOMP_ENOSYS_MAX_INSNS(8) + 1];
        struct seccomp_data d = {.nr = (int)nr, .arch = arch};
        size_t len, pc = 0;
        uint32_t a = 0;

        assert_true(n <= 8);
        len = seccomp_enosys_build(abis, n, prog);
        assert_true(len <= SECCOMP_ENOSYS_MAX_INSNS(n));
        prog[len++] = (struct sock_filter){.code = BPF_RET | BPF_K, .k = PROFILE};
        while (pc < len) {
                const struct sock_filter *i = &prog[pc++];

                switch (i->code) {
                case BPF_LD | BPF_W | BPF_ABS:
                        assert_true(i->k == offsetof(struct seccomp_data, nr) ||
                                    i->k == offsetof(struct seccomp_data, arch));
                        a = i->k == offsetof(struct seccomp_data, nr) ? (uint32_t)d.nr : d.arch;
                        break;
                case BPF_JMP | BPF_JA:
                        pc += i->k;
                        break;
                case BPF_JMP | BPF_JEQ | BPF_K:
                        pc += a == i->k ? i->jt : i->jf;
                        break;
                case BPF_JMP | BPF_JGT | BPF_K:
                        pc += a > i->k ? i->jt : i->jf;
                        break;
                case BPF_JMP | BPF_JSET | BPF_K:
                        pc += (a & i->k) ? i->jt : i->jf;
                        break;
                case BPF_RET | BPF_K:
                        return i->k;
                default:
                        fail_msg("unexpected instruction %#x at %zu", i->code, pc - 1);
                }
        }
        fail_msg("ran off the end");
        return 0;
}

static void test_native_only(void **state)
{
        const struct enosys_abi abis[] = {{AUDIT_ARCH_AARCH64, false, 441}};

        (void)state;
        assert_int_equal(run(abis, 1, AUDIT_ARCH_AARCH64, 0), PROFILE);
        assert_int_equal(run(abis, 1, AUDIT_ARCH_AARCH64, 441), PROFILE);
        assert_int_equal(run(abis, 1, AUDIT_ARCH_AARCH64, 442), ENOSYS_VERDICT);
        assert_int_equal(run(abis, 1, AUDIT_ARCH_AARCH64, 1000), ENOSYS_VERDICT);
        /* another architecture: the profile decides (it kills or refuses what it does not hold) */
        assert_int_equal(run(abis, 1, AUDIT_ARCH_X86_64, 1000), PROFILE);
}

static void test_x86_64_and_x32_and_i386(void **state)
{
        const struct enosys_abi abis[] = {{AUDIT_ARCH_X86_64, false, 435},
                                          {AUDIT_ARCH_I386, false, 440},
                                          {AUDIT_ARCH_X86_64, true, SECCOMP_X32_BIT | 547},
                                          {AUDIT_ARCH_X86_64, false, 300}}; /* twice: the highest stays */

        (void)state;
        assert_int_equal(run(abis, 4, AUDIT_ARCH_X86_64, 435), PROFILE);
        assert_int_equal(run(abis, 4, AUDIT_ARCH_X86_64, 436), ENOSYS_VERDICT);
        assert_int_equal(run(abis, 4, AUDIT_ARCH_X86_64, SECCOMP_X32_BIT | 547), PROFILE);
        assert_int_equal(run(abis, 4, AUDIT_ARCH_X86_64, SECCOMP_X32_BIT | 548), ENOSYS_VERDICT);
        assert_int_equal(run(abis, 4, AUDIT_ARCH_I386, 440), PROFILE);
        assert_int_equal(run(abis, 4, AUDIT_ARCH_I386, 441), ENOSYS_VERDICT);
        assert_int_equal(run(abis, 4, AUDIT_ARCH_AARCH64, 1000), PROFILE);
}

static void test_x86_64_without_x32(void **state)
{
        const struct enosys_abi abis[] = {{AUDIT_ARCH_X86_64, false, 435}};

        (void)state;
        assert_int_equal(run(abis, 1, AUDIT_ARCH_X86_64, 1000), ENOSYS_VERDICT);
        /* an x32 call is not compared with x86_64's numbers: the profile decides */
        assert_int_equal(run(abis, 1, AUDIT_ARCH_X86_64, SECCOMP_X32_BIT | 1), PROFILE);
        assert_int_equal(run(abis, 1, AUDIT_ARCH_X86_64, SECCOMP_X32_BIT | 1000), PROFILE);
}

static void test_x32_only(void **state)
{
        const struct enosys_abi abis[] = {{AUDIT_ARCH_X86_64, true, SECCOMP_X32_BIT | 547}};

        (void)state;
        assert_int_equal(run(abis, 1, AUDIT_ARCH_X86_64, SECCOMP_X32_BIT | 548), ENOSYS_VERDICT);
        assert_int_equal(run(abis, 1, AUDIT_ARCH_X86_64, 1000), PROFILE);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_native_only),
            cmocka_unit_test(test_x86_64_and_x32_and_i386),
            cmocka_unit_test(test_x86_64_without_x32),
            cmocka_unit_test(test_x32_only),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
