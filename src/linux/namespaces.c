/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "util/cleanup.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

uint64_t ns_clone_flag(enum spec_ns_type t)
{
        switch (t) {
        case NS_PID:
                return CLONE_NEWPID;
        case NS_NETWORK:
                return CLONE_NEWNET;
        case NS_MOUNT:
                return CLONE_NEWNS;
        case NS_IPC:
                return CLONE_NEWIPC;
        case NS_UTS:
                return CLONE_NEWUTS;
        case NS_USER:
                return CLONE_NEWUSER;
        case NS_CGROUP:
                return CLONE_NEWCGROUP;
        case NS_TIME:
                return CLONE_NEWTIME;
        case NS__COUNT:
                break;
        }
        return 0;
}

int ns_open(const char *path, enum spec_ns_type t, struct error *err)
{
        _cleanup_close_ int fd = -1;
        int type;

        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return error_errno(err, errno, "open %s namespace \"%s\"", spec_ns_name(t), path);
        type = ioctl(fd, NS_GET_NSTYPE);
        if (type < 0)
                return error_errno(err, errno, "\"%s\" is not a namespace", path);
        if ((uint64_t)type != ns_clone_flag(t))
                return error_set(err, EINVAL, "\"%s\" is not a %s namespace", path, spec_ns_name(t));
        return TAKE_FD(fd);
}

int ns_join_all(const struct spec *s, uint64_t skip, struct error *err)
{
        if (!s->linux)
                return 0;
        for (int t = 0; t < NS__COUNT; t++) {
                const struct spec_namespace *ns = &s->linux->namespaces[t];
                _cleanup_close_ int fd = -1;

                if (!ns->present || !ns->path || (ns_clone_flag(t) & skip))
                        continue;
                fd = ns_open(ns->path, t, err);
                if (fd < 0)
                        return fd;
                if (setns(fd, (int)ns_clone_flag(t)) < 0)
                        return error_errno(err, errno, "join %s namespace \"%s\"", spec_ns_name(t), ns->path);
        }
        return 0;
}
