/* SPDX-License-Identifier: Apache-2.0 */
#include "plan/seccomp_enosys.h"

#include <errno.h>
#include <stddef.h>

#include <linux/audit.h>
#include <linux/seccomp.h>

/* One architecture of the stub: the highest number of its native ABI and of x32 (where it has one). */
struct arch_block {
        uint32_t audit_arch;
        bool has_native, has_x32;
        uint32_t native_max, x32_max;
};

static size_t block_size(const struct arch_block *b)
{
        /* ld arch, jeq, ld nr, [jset x32], one jgt per ABI */
        bool split = b->has_x32 || b->audit_arch == AUDIT_ARCH_X86_64;

        return 3 + (split ? 1 : 0) + (b->has_native ? 1 : 0) + (b->has_x32 ? 1 : 0);
}

static struct sock_filter stmt(uint16_t code, uint32_t k)
{
        return (struct sock_filter){.code = code, .k = k};
}

/* A conditional jump at index at, to the indexes yes and no (both after it). */
static struct sock_filter jump(uint16_t op, uint32_t k, size_t at, size_t yes, size_t no)
{
        return (struct sock_filter){.code = BPF_JMP | op | BPF_K,
                                    .jt = (uint8_t)(yes - at - 1),
                                    .jf = (uint8_t)(no - at - 1),
                                    .k = k};
}

size_t seccomp_enosys_build(const struct enosys_abi *abis, size_t n, struct sock_filter *out)
{
        struct arch_block blocks[n ? n : 1];
        size_t nb = 0, at = 0, cont, enosys;

        for (size_t i = 0; i < n; i++) {
                struct arch_block *b = NULL;

                for (size_t j = 0; j < nb && !b; j++)
                        if (blocks[j].audit_arch == abis[i].audit_arch)
                                b = &blocks[j];
                if (!b) {
                        b = &blocks[nb++];
                        *b = (struct arch_block){.audit_arch = abis[i].audit_arch};
                }
                if (abis[i].x32) {
                        b->x32_max = b->has_x32 && b->x32_max > abis[i].max_nr ? b->x32_max : abis[i].max_nr;
                        b->has_x32 = true;
                } else {
                        b->native_max =
                            b->has_native && b->native_max > abis[i].max_nr ? b->native_max : abis[i].max_nr;
                        b->has_native = true;
                }
        }
        cont = 0;
        for (size_t j = 0; j < nb; j++)
                cont += block_size(&blocks[j]);
        enosys = cont + 1;
        for (size_t j = 0; j < nb; j++) {
                const struct arch_block *b = &blocks[j];
                size_t next = at + block_size(b);

                out[at] = stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
                at++;
                out[at] = jump(BPF_JEQ, b->audit_arch, at, at + 1, next);
                at++;
                out[at] = stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
                at++;
                if (b->has_x32 || b->audit_arch == AUDIT_ARCH_X86_64) {
                        /* x32 numbers to the x32 check (or on, when the profile has no x32), the rest past it
                         */
                        size_t x32_check = at + 1, native_check = at + 1 + (b->has_x32 ? 1 : 0);

                        out[at] = jump(BPF_JSET, SECCOMP_X32_BIT, at, b->has_x32 ? x32_check : cont,
                                       b->has_native ? native_check : cont);
                        at++;
                        if (b->has_x32) {
                                out[at] = jump(BPF_JGT, b->x32_max, at, enosys, cont);
                                at++;
                        }
                }
                if (b->has_native) {
                        out[at] = jump(BPF_JGT, b->native_max, at, enosys, cont);
                        at++;
                }
        }
        out[at++] = stmt(BPF_JMP | BPF_JA, 1); /* cont: on to the profile's filter */
        out[at++] = stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));
        return at;
}
