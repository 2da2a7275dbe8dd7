/* SPDX-License-Identifier: Apache-2.0 */
#include "device_prog.h"

#include <stdbool.h>
#include <string.h>

/* The kernel's struct bpf_cgroup_dev_ctx: access_type (access << 16 | type), major, minor. */
enum { CTX_ACCESS_TYPE = 0, CTX_MAJOR = 4, CTX_MINOR = 8 };
/* Registers: R1 the context; R2 the access bits still undecided; R3 the type; R4, R5 the numbers. */
enum { R0 = BPF_REG_0, R1 = BPF_REG_1, R2 = BPF_REG_2, R3 = BPF_REG_3, R4 = BPF_REG_4, R5 = BPF_REG_5 };

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
        return (struct bpf_insn){.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
}

static int32_t access_bits(const char *access)
{
        int32_t bits = 0;

        for (const char *c = access; *c; c++)
                bits |= *c == 'm'   ? BPF_DEVCG_ACC_MKNOD
                        : *c == 'r' ? BPF_DEVCG_ACC_READ
                        : *c == 'w' ? BPF_DEVCG_ACC_WRITE
                                    : 0;
        return bits;
}

/* One rule: the tests that it matches, then its verdict. Jumps out of the block go to its end. */
static size_t rule_block(const struct device_rule *d, struct bpf_insn *out)
{
        int32_t bits = access_bits(d->access);
        size_t n = 0, tests = 0;
        struct bpf_insn body[4];
        size_t nb = 0;

        if (d->allow) {
                body[nb++] = insn(BPF_ALU | BPF_AND | BPF_K, R2, 0, 0, ~bits); /* these bits are allowed */
                body[nb++] = insn(BPF_JMP | BPF_JNE | BPF_K, R2, 0, 2, 0);     /* more to decide */
                body[nb++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 1);
                body[nb++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
        } else {
                body[nb++] =
                    insn(BPF_JMP | BPF_JSET | BPF_K, R2, 0, 1, bits); /* an undecided bit is denied */
                body[nb++] = insn(BPF_JMP | BPF_JA, 0, 0, 2, 0);
                body[nb++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 0);
                body[nb++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
        }
        tests = (d->type != 'a') + (d->major >= 0) + (d->minor >= 0);
        if (d->type != 'a') {
                int32_t type = d->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;
                out[n] = insn(BPF_JMP | BPF_JNE | BPF_K, R3, 0, (int16_t)(tests - n - 1 + nb), type);
                n++;
        }
        if (d->major >= 0) {
                out[n] =
                    insn(BPF_JMP | BPF_JNE | BPF_K, R4, 0, (int16_t)(tests - n - 1 + nb), (int32_t)d->major);
                n++;
        }
        if (d->minor >= 0) {
                out[n] =
                    insn(BPF_JMP | BPF_JNE | BPF_K, R5, 0, (int16_t)(tests - n - 1 + nb), (int32_t)d->minor);
                n++;
        }
        memcpy(&out[n], body, nb * sizeof(*body));
        return n + nb;
}

size_t device_prog_build(const struct device_rule *rules, size_t n, struct bpf_insn *out)
{
        size_t k = 0;

        out[k++] = insn(BPF_LDX | BPF_W | BPF_MEM, R2, R1, CTX_ACCESS_TYPE, 0);
        out[k++] = insn(BPF_ALU64 | BPF_MOV | BPF_X, R3, R2, 0, 0);
        out[k++] = insn(BPF_ALU | BPF_AND | BPF_K, R3, 0, 0, 0xffff); /* the type */
        out[k++] = insn(BPF_ALU | BPF_RSH | BPF_K, R2, 0, 0, 16);     /* the access bits asked for */
        out[k++] = insn(BPF_LDX | BPF_W | BPF_MEM, R4, R1, CTX_MAJOR, 0);
        out[k++] = insn(BPF_LDX | BPF_W | BPF_MEM, R5, R1, CTX_MINOR, 0);
        for (size_t i = n; i-- > 0;)
                k += rule_block(&rules[i], &out[k]);
        out[k++] =
            insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 1); /* bits no rule names are allowed, as on v1 */
        out[k++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
        return k;
}
