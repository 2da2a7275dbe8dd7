/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan/device_prog: the cgroup v2 device filter. The compiled program runs here on a small
 * interpreter of the instructions it uses, and its verdicts are compared with v1's rule semantics
 * (per access bit, the last matching rule that names the bit decides; none: allowed) on fixed cases
 * and on many random rule lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/device_prog.h"

enum { ACC_M = BPF_DEVCG_ACC_MKNOD, ACC_R = BPF_DEVCG_ACC_READ, ACC_W = BPF_DEVCG_ACC_WRITE };

/* Runs prog on one request as the kernel would; fails the test on an instruction it does not know. */
static int run_prog(const struct bpf_insn *prog, size_t n, uint32_t access, uint32_t type, uint32_t major,
                    uint32_t minor)
{
        uint32_t ctx[3] = {access << 16 | type, major, minor};
        uint64_t reg[11] = {0};
        size_t pc = 0, steps = 0;

        reg[1] = (uint64_t)(uintptr_t)ctx;
        while (pc < n) {
                const struct bpf_insn *i = &prog[pc++];
                uint64_t *dst = &reg[i->dst_reg];
                int64_t imm = i->imm;

                assert_true(++steps < 100000);
                switch (i->code) {
                case BPF_LDX | BPF_W | BPF_MEM:
                        assert_int_equal(i->src_reg, 1);
                        assert_true(i->off >= 0 && i->off <= 8 && i->off % 4 == 0);
                        *dst = ctx[i->off / 4];
                        break;
                case BPF_ALU64 | BPF_MOV | BPF_X:
                        *dst = reg[i->src_reg];
                        break;
                case BPF_ALU64 | BPF_MOV | BPF_K:
                        *dst = (uint64_t)imm;
                        break;
                case BPF_ALU | BPF_AND | BPF_K:
                        *dst = (uint32_t)(*dst & (uint32_t)i->imm);
                        break;
                case BPF_ALU | BPF_RSH | BPF_K:
                        *dst = (uint32_t)((uint32_t)*dst >> i->imm);
                        break;
                case BPF_JMP | BPF_JNE | BPF_K:
                        if (*dst != (uint64_t)imm)
                                pc += i->off;
                        break;
                case BPF_JMP | BPF_JSET | BPF_K:
                        if (*dst & (uint64_t)imm)
                                pc += i->off;
                        break;
                case BPF_JMP | BPF_JA:
                        pc += i->off;
                        break;
                case BPF_JMP | BPF_EXIT:
                        return (int)reg[0];
                default:
                        fail_msg("unexpected instruction 0x%02x at %zu", i->code, pc - 1);
                }
        }
        fail_msg("the program runs off its end");
        return -1;
}

static bool rule_matches(const struct device_rule *d, char type, long major, long minor)
{
        return (d->type == 'a' || d->type == type) && (d->major < 0 || d->major == major) &&
               (d->minor < 0 || d->minor == minor);
}

/* v1 semantics, the reference. */
static int expected(const struct device_rule *rules, size_t n, uint32_t access, char type, long major,
                    long minor)
{
        static const struct {
                uint32_t bit;
                char c;
        } bits[] = {{ACC_M, 'm'}, {ACC_R, 'r'}, {ACC_W, 'w'}};

        for (size_t b = 0; b < 3; b++) {
                if (!(access & bits[b].bit))
                        continue;
                for (size_t i = n; i-- > 0;) {
                        if (!rule_matches(&rules[i], type, major, minor) ||
                            !strchr(rules[i].access, bits[b].c))
                                continue;
                        if (!rules[i].allow)
                                return 0;
                        break;
                }
        }
        return 1;
}

static int verdict(const struct device_rule *rules, size_t n, uint32_t access, char type, long major,
                   long minor)
{
        struct bpf_insn prog[DEVICE_PROG_MAX_INSNS(64)];
        size_t len;

        assert_true(n <= 64);
        len = device_prog_build(rules, n, prog);
        assert_true(len <= DEVICE_PROG_MAX_INSNS(n));
        return run_prog(prog, len, access, type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR,
                        (uint32_t)major, (uint32_t)minor);
}

static void deny_all_then_allow_some(void **state)
{
        const struct device_rule rules[] = {
            {false, 'a', -1, -1, "rwm"},
            {true, 'c', 1, 3, "rwm"},
            {true, 'c', 136, -1, "rw"},
            {true, 'b', 7, 0, "r"},
        };
        size_t n = 4;

        (void)state;
        assert_int_equal(verdict(rules, n, ACC_R | ACC_W, 'c', 1, 3), 1);
        assert_int_equal(verdict(rules, n, ACC_R, 'c', 1, 5), 0);
        assert_int_equal(verdict(rules, n, ACC_R, 'c', 136, 7), 1);
        assert_int_equal(verdict(rules, n, ACC_M, 'c', 136, 7), 0); /* the rule names no m */
        assert_int_equal(verdict(rules, n, ACC_R, 'b', 7, 0), 1);
        assert_int_equal(verdict(rules, n, ACC_R | ACC_W, 'b', 7, 0), 0); /* w is denied */
        assert_int_equal(verdict(rules, n, ACC_R, 'c', 7, 0), 0);         /* the type counts */
}

static void a_later_deny_wins_and_bits_are_decided_apart(void **state)
{
        const struct device_rule rules[] = {
            {false, 'a', -1, -1, "rwm"}, {true, 'c', 1, 9, "r"},  {true, 'c', 1, 9, "w"},
            {true, 'c', -1, -1, "rwm"},  {false, 'c', 1, 1, "w"},
        };
        size_t n = 5;

        (void)state;
        assert_int_equal(verdict(rules, n, ACC_R | ACC_W, 'c', 1, 9), 1); /* r and w from two rules */
        assert_int_equal(verdict(rules, n, ACC_R, 'c', 1, 1), 1);
        assert_int_equal(verdict(rules, n, ACC_W, 'c', 1, 1), 0);
        assert_int_equal(verdict(rules, n, ACC_R, 'b', 8, 0), 0);
}

static void no_rule_allows_everything(void **state)
{
        (void)state;
        assert_int_equal(verdict(NULL, 0, ACC_R | ACC_W | ACC_M, 'b', 8, 0), 1);
}

static void random_rule_lists_agree_with_v1(void **state)
{
        static const char *accesses[] = {"r", "w", "m", "rw", "rm", "wm", "rwm"};
        static const char types[] = {'a', 'b', 'c'};
        struct device_rule rules[24];
        unsigned seed = 20261128;

        (void)state;
        for (int round = 0; round < 2000; round++) {
                size_t n = (size_t)(rand_r(&seed) % 24);

                for (size_t i = 0; i < n; i++) {
                        rules[i].allow = rand_r(&seed) % 2;
                        rules[i].type = types[rand_r(&seed) % 3];
                        rules[i].major = rand_r(&seed) % 3 ? rand_r(&seed) % 4 : -1;
                        rules[i].minor = rand_r(&seed) % 3 ? rand_r(&seed) % 4 : -1;
                        strcpy(rules[i].access, accesses[rand_r(&seed) % 7]);
                }
                for (int q = 0; q < 20; q++) {
                        uint32_t access = (uint32_t)(1 + rand_r(&seed) % 7);
                        char type = rand_r(&seed) % 2 ? 'b' : 'c';
                        long major = rand_r(&seed) % 4, minor = rand_r(&seed) % 4;

                        assert_int_equal(verdict(rules, n, access, type, major, minor),
                                         expected(rules, n, access, type, major, minor));
                }
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(deny_all_then_allow_some),
            cmocka_unit_test(a_later_deny_wins_and_bits_are_decided_apart),
            cmocka_unit_test(no_rule_allows_everything),
            cmocka_unit_test(random_rule_lists_agree_with_v1),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
