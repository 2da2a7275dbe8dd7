/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/cgroup/cgroup_bpf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/bpf.h>

#include "plan/device_prog.h"
#include "util/cleanup.h"

#define MAX_ATTACHED 64

static int bpf(int cmd, union bpf_attr *attr)
{
        return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int prog_load(const struct device_rule *rules, size_t n, struct error *err)
{
        _cleanup_free_ struct bpf_insn *insns = calloc(DEVICE_PROG_MAX_INSNS(n), sizeof(*insns));
        _cleanup_free_ char *log = NULL;
        union bpf_attr attr;
        size_t count;
        int fd;

        if (!insns)
                return error_errno(err, ENOMEM, "device filter");
        count = device_prog_build(rules, n, insns);
        memset(&attr, 0, sizeof(attr));
        attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
        attr.insns = (uint64_t)(uintptr_t)insns;
        attr.insn_cnt = (uint32_t)count;
        attr.license = (uint64_t)(uintptr_t) "Apache-2.0";
        fd = bpf(BPF_PROG_LOAD, &attr);
        if (fd >= 0)
                return fd;
        if (errno == EPERM || errno == ENOSYS)
                return error_errno(err, errno, "load the device filter (bpf)");
        /* Load again with the verifier's log, to say why. */
        log = calloc(1, 65536);
        if (log) {
                attr.log_buf = (uint64_t)(uintptr_t)log;
                attr.log_size = 65536;
                attr.log_level = 1;
                fd = bpf(BPF_PROG_LOAD, &attr);
                if (fd >= 0)
                        return fd;
                char *last = strrchr(log, '\n');
                while (last && last > log && last[1] == '\0') {
                        *last = '\0';
                        last = strrchr(log, '\n');
                }
                return error_errno(err, errno, "load the device filter (%zu instructions): %s", count,
                                   last ? last + 1 : log);
        }
        return error_errno(err, errno, "load the device filter (%zu instructions)", count);
}

/* The ids of the device filters attached to the cgroup now. */
static int attached(int cgroup_fd, uint32_t *ids, uint32_t *n, struct error *err)
{
        union bpf_attr attr;

        memset(&attr, 0, sizeof(attr));
        attr.query.target_fd = (uint32_t)cgroup_fd;
        attr.query.attach_type = BPF_CGROUP_DEVICE;
        attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
        attr.query.prog_cnt = *n;
        if (bpf(BPF_PROG_QUERY, &attr) < 0)
                return error_errno(err, errno, "query the cgroup's device filters");
        *n = attr.query.prog_cnt < *n ? attr.query.prog_cnt : *n;
        return 0;
}

static int prog_fd_by_id(uint32_t id)
{
        union bpf_attr attr;

        memset(&attr, 0, sizeof(attr));
        attr.prog_id = id;
        return bpf(BPF_PROG_GET_FD_BY_ID, &attr);
}

static int attach(int cgroup_fd, int prog_fd, int replace_fd)
{
        union bpf_attr attr;

        memset(&attr, 0, sizeof(attr));
        attr.target_fd = (uint32_t)cgroup_fd;
        attr.attach_bpf_fd = (uint32_t)prog_fd;
        attr.attach_type = BPF_CGROUP_DEVICE;
        attr.attach_flags = BPF_F_ALLOW_MULTI;
        if (replace_fd >= 0) {
                attr.attach_flags |= BPF_F_REPLACE;
                attr.replace_bpf_fd = (uint32_t)replace_fd;
        }
        return bpf(BPF_PROG_ATTACH, &attr);
}

static int detach(int cgroup_fd, int prog_fd)
{
        union bpf_attr attr;

        memset(&attr, 0, sizeof(attr));
        attr.target_fd = (uint32_t)cgroup_fd;
        attr.attach_bpf_fd = (uint32_t)prog_fd;
        attr.attach_type = BPF_CGROUP_DEVICE;
        return bpf(BPF_PROG_DETACH, &attr);
}

int cgroup_bpf_devices_attach(int cgroup_fd, const struct device_rule *rules, size_t n, struct error *err)
{
        _cleanup_close_ int prog = -1, old = -1;
        uint32_t ids[MAX_ATTACHED], n_ids = MAX_ATTACHED;
        int r;

        prog = prog_load(rules, n, err);
        if (prog < 0)
                return prog;
        r = attached(cgroup_fd, ids, &n_ids, err);
        if (r < 0)
                return r;
        if (n_ids == 1 && (old = prog_fd_by_id(ids[0])) >= 0 && attach(cgroup_fd, prog, old) == 0)
                return 0;
        if (attach(cgroup_fd, prog, -1) < 0)
                return error_errno(err, errno, "attach the device filter");
        for (uint32_t i = 0; i < n_ids; i++) {
                _cleanup_close_ int fd = prog_fd_by_id(ids[i]);

                if (fd < 0 || detach(cgroup_fd, fd) < 0)
                        return error_errno(err, errno, "detach the earlier device filter %u", ids[i]);
        }
        return 0;
}
