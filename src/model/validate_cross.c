/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks that span fields: settings that only make sense in a namespace the
 * container does not have (hostname without a UTS namespace, a network sysctl
 * in the host's network namespace) are rejected at create, as runc does.
 */
#include "validate_cross.h"

#include <errno.h>
#include <string.h>

static const char *const ipc_sysctls[] = {
    "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
    "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
};

static bool is_ipc_sysctl(const char *key)
{
        for (size_t i = 0; i < sizeof(ipc_sysctls) / sizeof(ipc_sysctls[0]); i++)
                if (!strcmp(key, ipc_sysctls[i]))
                        return true;
        return !strncmp(key, "fs.mqueue.", 10);
}

/* A namespace of the container's own: a new one, or one joined by path (which is not the host's, we trust).
 */
static bool has_own_ns(const struct spec *s, enum spec_ns_type t)
{
        return s->linux && s->linux->namespaces[t].present;
}

static int check_sysctl(const struct spec *s, const char *origin, const char *key, struct error *err)
{
        if (is_ipc_sysctl(key)) {
                if (!has_own_ns(s, NS_IPC))
                        return error_set(err, EINVAL,
                                         "%s: linux.sysctl: \"%s\" is not allowed without an ipc namespace",
                                         origin, key);
                return 0;
        }
        if (!strncmp(key, "net.", 4)) {
                if (!has_own_ns(s, NS_NETWORK))
                        return error_set(
                            err, EINVAL,
                            "%s: linux.sysctl: \"%s\" is not allowed without a network namespace", origin,
                            key);
                return 0;
        }
        if (!strcmp(key, "kernel.hostname") || !strcmp(key, "kernel.domainname")) {
                if (!has_own_ns(s, NS_UTS))
                        return error_set(err, EINVAL,
                                         "%s: linux.sysctl: \"%s\" is not allowed without a uts namespace",
                                         origin, key);
                return 0;
        }
        return error_set(err, EINVAL, "%s: linux.sysctl: \"%s\" is not in a separate kernel namespace",
                         origin, key);
}

int spec_validate_cross(const struct spec *s, const char *origin, struct error *err)
{
        if (s->hostname && *s->hostname && !has_own_ns(s, NS_UTS))
                return error_set(err, EINVAL, "%s: hostname: setting it requires a uts namespace", origin);
        if (s->domainname && *s->domainname && !has_own_ns(s, NS_UTS))
                return error_set(err, EINVAL, "%s: domainname: setting it requires a uts namespace", origin);
        if (!s->linux)
                return 0;
        for (size_t i = 0; i < s->linux->n_sysctl; i++) {
                int r = check_sysctl(s, origin, s->linux->sysctl[i].key, err);
                if (r < 0)
                        return r;
        }
        if ((s->linux->time_monotonic.present || s->linux->time_boottime.present) &&
            (!has_own_ns(s, NS_TIME) || s->linux->namespaces[NS_TIME].path))
                return error_set(err, EINVAL, "%s: linux.timeOffsets: they need a new time namespace",
                                 origin);
        return 0;
}
