/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ENOSYS stub that goes before a seccomp profile's filter, as runc puts one there: a syscall newer
 * than every syscall the profile names (for the caller's architecture) gets ENOSYS instead of the
 * profile's default action. A profile written before a syscall existed then tells a program "not
 * implemented", so that glibc falls back to the older call (clone3 to clone, faccessat2 to faccessat),
 * rather than "not permitted". Syscalls the profile knows keep going to its filter.
 *
 * On x86_64 the x32 ABI shares the architecture (AUDIT_ARCH_X86_64) and marks its syscall numbers
 * with __X32_SYSCALL_BIT: each ABI is compared with its own highest number, and one the profile does not
 * list goes on to the filter (which decides for an architecture it does not hold).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/filter.h>

#define SECCOMP_X32_BIT 0x40000000u

/* One ABI of the profile: its audit architecture, and the highest syscall number the profile names. */
struct enosys_abi {
        uint32_t audit_arch; /* AUDIT_ARCH_*: x32's is AUDIT_ARCH_X86_64 */
        bool x32;            /* the x32 ABI (numbers with SECCOMP_X32_BIT) */
        uint32_t max_nr;     /* as the kernel sees it: x32's with its bit */
};

/* Instructions the stub needs at most for n ABIs (the size of out for seccomp_enosys_build). */
#define SECCOMP_ENOSYS_MAX_INSNS(n) (6 * (n) + 2)

/* Builds the stub into out (room for SECCOMP_ENOSYS_MAX_INSNS(n)); returns the instruction count. Its
 * last instructions fall through to what follows it (the profile's filter), which must start afresh
 * (libseccomp's loads the architecture first). An ABI listed twice keeps its highest number. */
size_t seccomp_enosys_build(const struct enosys_abi *abis, size_t n, struct sock_filter *out);
