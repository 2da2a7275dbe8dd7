/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/seccomp_filter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "plan/seccomp_enosys.h"
#include "util/cleanup.h"
#include "util/log.h"

static uint32_t action_of(enum spec_seccomp_action a, bool has_errno, uint32_t errno_ret)
{
        switch (a) {
        case SECCOMP_ACTION_KILL:
        case SECCOMP_ACTION_KILL_THREAD:
                return SCMP_ACT_KILL_THREAD;
        case SECCOMP_ACTION_KILL_PROCESS:
                return SCMP_ACT_KILL_PROCESS;
        case SECCOMP_ACTION_TRAP:
                return SCMP_ACT_TRAP;
        case SECCOMP_ACTION_ERRNO:
                return SCMP_ACT_ERRNO(has_errno ? errno_ret : EPERM);
        case SECCOMP_ACTION_TRACE:
                return SCMP_ACT_TRACE(has_errno ? errno_ret : EPERM);
        case SECCOMP_ACTION_ALLOW:
                return SCMP_ACT_ALLOW;
        case SECCOMP_ACTION_LOG:
                return SCMP_ACT_LOG;
        case SECCOMP_ACTION_NOTIFY:
                return SCMP_ACT_NOTIFY;
        }
        return SCMP_ACT_KILL_PROCESS;
}

static enum scmp_compare op_of(enum spec_seccomp_op op)
{
        static const enum scmp_compare ops[] = {
            [SECCOMP_OP_NE] = SCMP_CMP_NE,
            [SECCOMP_OP_LT] = SCMP_CMP_LT,
            [SECCOMP_OP_LE] = SCMP_CMP_LE,
            [SECCOMP_OP_EQ] = SCMP_CMP_EQ,
            [SECCOMP_OP_GE] = SCMP_CMP_GE,
            [SECCOMP_OP_GT] = SCMP_CMP_GT,
            [SECCOMP_OP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
        };
        return ops[op];
}

static void cleanup_seccomp_ctx(scmp_filter_ctx *ctx)
{
        if (*ctx)
                seccomp_release(*ctx);
}

/* The flags as seccomp(2) takes them, for a filter loaded by hand (the ENOSYS stub, WAIT_KILLABLE_RECV). */
static unsigned kernel_flags(const struct spec_seccomp *s)
{
        unsigned flags = 0;

        for (size_t i = 0; i < s->n_flags; i++) {
                const char *f = s->flags[i];

                if (!strcmp(f, "SECCOMP_FILTER_FLAG_TSYNC"))
                        flags |= SECCOMP_FILTER_FLAG_TSYNC;
                else if (!strcmp(f, "SECCOMP_FILTER_FLAG_LOG"))
                        flags |= SECCOMP_FILTER_FLAG_LOG;
                else if (!strcmp(f, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"))
                        flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
                else if (!strcmp(f, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"))
                        flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
        }
        return flags;
}

static int set_flags(scmp_filter_ctx ctx, const struct spec_seccomp *s, struct error *err)
{
        /* no_new_privs is process.noNewPrivileges' to decide, not libseccomp's (it sets it by default). */
        int r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);

        if (r < 0)
                return error_errno(err, r, "linux.seccomp: keep no_new_privs as the process asks");
        for (size_t i = 0; i < s->n_flags; i++) {
                const char *f = s->flags[i];
                enum scmp_filter_attr attr;

                if (!strcmp(f, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"))
                        continue; /* libseccomp 2.5 has no attribute for it: loaded by hand (load_by_hand) */
                if (!strcmp(f, "SECCOMP_FILTER_FLAG_TSYNC"))
                        attr = SCMP_FLTATR_CTL_TSYNC;
                else if (!strcmp(f, "SECCOMP_FILTER_FLAG_LOG"))
                        attr = SCMP_FLTATR_CTL_LOG;
                else if (!strcmp(f, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"))
                        attr = SCMP_FLTATR_CTL_SSB;
                else
                        return error_set(err, ENOTSUP,
                                         "linux.seccomp.flags[%zu]: \"%s\" is not supported by this build", i,
                                         f);
                r = seccomp_attr_set(ctx, attr, 1);
                if (r < 0)
                        return error_errno(err, r, "linux.seccomp.flags[%zu]: \"%s\"", i, f);
        }
        return 0;
}

static int add_arches(scmp_filter_ctx ctx, const struct spec_seccomp *s, struct error *err)
{
        for (size_t i = 0; i < s->n_architectures; i++) {
                char name[64];
                const char *a = s->architectures[i];
                uint32_t arch;
                int r;

                if (!strncasecmp(a, "SCMP_ARCH_", 10))
                        a += 10;
                snprintf(name, sizeof(name), "%s", a);
                for (char *p = name; *p; p++)
                        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
                arch = seccomp_arch_resolve_name(name);
                if (arch == 0)
                        return error_set(err, EINVAL, "linux.seccomp.architectures[%zu]: unknown \"%s\"", i,
                                         s->architectures[i]);
                r = seccomp_arch_add(ctx, arch);
                if (r < 0 && r != -EEXIST)
                        return error_errno(err, r, "linux.seccomp.architectures[%zu]: \"%s\"", i,
                                           s->architectures[i]);
        }
        return 0;
}

/* All conditions on distinct arguments are ANDed in one rule; repeated indexes become one rule each. */
static int add_rule(scmp_filter_ctx ctx, uint32_t action, int nr, const struct spec_seccomp_syscall *sc)
{
        struct scmp_arg_cmp cmp[6];
        bool seen[6] = {false}, distinct = sc->n_args <= 6;
        int r;

        for (size_t i = 0; i < sc->n_args && distinct; i++) {
                if (sc->args[i].index >= 6 || seen[sc->args[i].index])
                        distinct = false;
                else
                        seen[sc->args[i].index] = true;
        }
        for (size_t i = 0; i < sc->n_args && i < 6; i++)
                cmp[i] = (struct scmp_arg_cmp){.arg = sc->args[i].index,
                                               .op = op_of(sc->args[i].op),
                                               .datum_a = sc->args[i].value,
                                               .datum_b = sc->args[i].value_two};
        if (sc->n_args == 0 || distinct)
                return seccomp_rule_add_array(ctx, action, nr, (unsigned)sc->n_args, cmp);
        for (size_t i = 0; i < sc->n_args && i < 6; i++) {
                r = seccomp_rule_add_array(ctx, action, nr, 1, &cmp[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The architectures of the filter (the profile's and the native one) with the highest syscall number the
 * profile names on each, for the ENOSYS stub (plan/seccomp_enosys.h). An architecture on which it names
 * none is left out. Returns the count. */
static size_t enosys_abis(const struct spec_seccomp *s, struct enosys_abi *out, size_t max)
{
        uint32_t tokens[max];
        size_t nt = 0, n = 0;

        tokens[nt++] = seccomp_arch_native();
        for (size_t i = 0; i < s->n_architectures && nt < max; i++) {
                const char *a = s->architectures[i];
                char name[64];
                uint32_t t;

                if (!strncasecmp(a, "SCMP_ARCH_", 10))
                        a += 10;
                snprintf(name, sizeof(name), "%s", a);
                for (char *p = name; *p; p++)
                        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
                t = seccomp_arch_resolve_name(name);
                if (t)
                        tokens[nt++] = t;
        }
        for (size_t k = 0; k < nt; k++) {
                bool found = false;
                int max_nr = 0;

                for (size_t i = 0; i < s->n_syscalls; i++)
                        for (size_t j = 0; j < s->syscalls[i].n_names; j++) {
                                int nr =
                                    seccomp_syscall_resolve_name_arch(tokens[k], s->syscalls[i].names[j]);

                                if (nr >= 0 &&
                                    (!found || nr > max_nr)) /* < 0: unknown there, or multiplexed */
                                        max_nr = nr;
                                found |= nr >= 0;
                        }
                if (found)
                        out[n++] = (struct enosys_abi){
                            .audit_arch = tokens[k] == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : tokens[k],
                            .x32 = tokens[k] == SCMP_ARCH_X32,
                            .max_nr = (uint32_t)max_nr};
        }
        return n;
}

/* runc's rule: a default action that lets syscalls through (allow, log, trace) needs no stub. */
static bool wants_enosys_stub(const struct spec_seccomp *s)
{
        return s->default_action != SECCOMP_ACTION_ALLOW && s->default_action != SECCOMP_ACTION_LOG &&
               s->default_action != SECCOMP_ACTION_TRACE;
}

/*
 * The filter libseccomp built, loaded with seccomp(2) itself after the n instructions of prefix (the
 * ENOSYS stub), and for flags libseccomp 2.5 cannot set (WAIT_KILLABLE_RECV, which the kernel takes only
 * with a listener). Returns the listener fd with SECCOMP_FILTER_FLAG_NEW_LISTENER, else 0.
 */
static int load_by_hand(scmp_filter_ctx ctx, unsigned flags, const struct sock_filter *prefix, size_t n,
                        struct error *err)
{
        _cleanup_close_ int memfd = memfd_create("seccomp-bpf", MFD_CLOEXEC);
        _cleanup_free_ struct sock_filter *insns = NULL;
        struct sock_fprog prog;
        off_t size;
        int r, fd;

        if (memfd < 0)
                return error_errno(err, errno, "linux.seccomp: memfd");
        r = seccomp_export_bpf(ctx, memfd);
        if (r < 0)
                return error_errno(err, r, "linux.seccomp: export the filter");
        size = lseek(memfd, 0, SEEK_END);
        if (size <= 0 || size % (off_t)sizeof(*insns) ||
            size / (off_t)sizeof(*insns) + (off_t)n > BPF_MAXINSNS)
                return error_set(err, E2BIG, "linux.seccomp: the filter has %lld bytes", (long long)size);
        insns = malloc((size_t)size + n * sizeof(*insns));
        if (!insns)
                return error_errno(err, ENOMEM, "linux.seccomp");
        if (n)
                memcpy(insns, prefix, n * sizeof(*insns));
        if (pread(memfd, insns + n, (size_t)size, 0) != size)
                return error_errno(err, errno, "linux.seccomp: read the exported filter");
        prog =
            (struct sock_fprog){.len = (unsigned short)(n + (size_t)size / sizeof(*insns)), .filter = insns};
        fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
        if (fd < 0)
                return error_errno(err, errno, "load the seccomp filter (flags %#x)", flags);
        return fd;
}

int seccomp_apply(const struct spec_seccomp *s, struct error *err)
{
        _cleanup_(cleanup_seccomp_ctx) scmp_filter_ctx ctx = NULL;
        uint32_t def = action_of(s->default_action, s->has_default_errno_ret, s->default_errno_ret);
        bool notify = false;
        int r;

        ctx = seccomp_init(def);
        if (!ctx)
                return error_set(err, EINVAL, "linux.seccomp: cannot initialise the filter");
        r = add_arches(ctx, s, err);
        if (r < 0)
                return r;
        r = set_flags(ctx, s, err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < s->n_syscalls; i++) {
                const struct spec_seccomp_syscall *sc = &s->syscalls[i];
                uint32_t action = action_of(sc->action, sc->has_errno_ret, sc->errno_ret);

                if (action == def)
                        continue; /* libseccomp refuses a rule that repeats the default */
                notify |= sc->action == SECCOMP_ACTION_NOTIFY;
                for (size_t j = 0; j < sc->n_names; j++) {
                        int nr = seccomp_syscall_resolve_name(sc->names[j]);
                        if (nr == __NR_SCMP_ERROR) {
                                log_debug("linux.seccomp.syscalls[%zu]: \"%s\" unknown on this architecture, "
                                          "skipped",
                                          i, sc->names[j]);
                                continue;
                        }
                        r = add_rule(ctx, action, nr, sc);
                        if (r < 0)
                                return error_errno(err, r, "linux.seccomp.syscalls[%zu]: rule for \"%s\"", i,
                                                   sc->names[j]);
                }
        }
        if (wants_enosys_stub(s)) {
                struct enosys_abi abis[32];
                struct sock_filter stub[SECCOMP_ENOSYS_MAX_INSNS(32)];
                size_t n = enosys_abis(s, abis, 32);
                unsigned flags = kernel_flags(s);

                if (notify)
                        flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER |
                                 (flags & SECCOMP_FILTER_FLAG_TSYNC ? SECCOMP_FILTER_FLAG_TSYNC_ESRCH : 0);
                else
                        flags &= ~(unsigned)SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
                if (n)
                        return load_by_hand(ctx, flags, stub, seccomp_enosys_build(abis, n, stub), err);
        }
        if ((kernel_flags(s) & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) && notify)
                return load_by_hand(ctx, kernel_flags(s) | SECCOMP_FILTER_FLAG_NEW_LISTENER, NULL, 0, err);
        r = seccomp_load(ctx);
        if (r < 0)
                return error_errno(err, r, "load the seccomp filter");
        if (notify) {
                r = seccomp_notify_fd(ctx);
                if (r < 0)
                        return error_errno(err, r, "seccomp listener fd");
                return r;
        }
        return 0;
}
