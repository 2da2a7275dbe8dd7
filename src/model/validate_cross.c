/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks that span fields: settings that only make sense in a namespace the container does not have
 * (hostname without a UTS namespace, a network sysctl in the host's network namespace, id mappings without
 * a user namespace) are rejected before anything is created, as runc does.
 */
#include "validate_cross.h"

#include <stdio.h>
#include <string.h>

#include "util/cleanup.h"

static const char *const ipc_sysctls[] = {
    "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
    "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
};

static bool is_ipc_sysctl(const char *key)
{
        for (size_t i = 0; i < ARRAY_SIZE(ipc_sysctls); i++)
                if (!strcmp(key, ipc_sysctls[i]))
                        return true;
        return !strncmp(key, "fs.mqueue.", 10);
}

/* A namespace of the container's own: a new one, or one joined by path (not the host's, we trust). */
static bool has_ns(const struct spec *s, enum spec_ns_type t)
{
        return s->linux && s->linux->namespaces[t].present;
}

static int check_sysctl(const struct jctx *j, const struct spec *s, const char *key)
{
        char p[JPATH_MAX];
        const char *ns = NULL;
        bool ok = false;

        jpath_key(p, sizeof(p), "linux.sysctl", key);
        if (is_ipc_sysctl(key)) {
                ns = "an ipc";
                ok = has_ns(s, NS_IPC);
        } else if (!strncmp(key, "net.", 4)) {
                ns = "a network";
                ok = has_ns(s, NS_NETWORK);
        } else if (!strcmp(key, "kernel.hostname") || !strcmp(key, "kernel.domainname")) {
                ns = "a uts";
                ok = has_ns(s, NS_UTS);
        } else {
                return jerr(j, p, "not in a separate kernel namespace");
        }
        return ok ? 0 : jerr(j, p, "not allowed without %s namespace", ns);
}

/* A user namespace and the id mappings go together (runc's rule). */
static int check_userns(const struct jctx *j, const struct spec *s)
{
        const struct spec_linux *l = s->linux;
        bool userns = has_ns(s, NS_USER);
        bool maps = l && (l->n_uid_mappings || l->n_gid_mappings);

        if (maps && !userns)
                return jerr(j, l->n_uid_mappings ? "linux.uidMappings" : "linux.gidMappings",
                            "id mappings are given but there is no user namespace");
        if (!userns)
                return 0;
        if (l->namespaces[NS_USER].path && maps)
                return jerr(j, "linux.uidMappings",
                            "id mappings cannot be given for a joined user namespace");
        if (!l->namespaces[NS_USER].path && (!l->n_uid_mappings || !l->n_gid_mappings))
                return jerr(j, l->n_uid_mappings ? "linux.gidMappings" : "linux.uidMappings",
                            "a new user namespace needs both uidMappings and gidMappings");
        return 0;
}

/* config.md: "idmap"/"ridmap" without mappings of the mount's own take the container's user namespace's
 * (runc: the new namespace's maps, or the one joined by path); with no user namespace it is an error. */
static int check_idmap_mounts(const struct jctx *j, const struct spec *s)
{
        char p[JPATH_MAX + 32];

        if (has_ns(s, NS_USER))
                return 0;
        for (size_t i = 0; i < s->n_mounts; i++) {
                const struct spec_mount *m = &s->mounts[i];
                size_t k;

                if (!m->idmap || m->n_uid_mappings)
                        continue;
                for (k = 0; k < m->n_options; k++)
                        if (!strcmp(m->options[k], "idmap") || !strcmp(m->options[k], "ridmap"))
                                break;
                snprintf(p, sizeof(p), "mounts[%zu].options[%zu]", i, k);
                return jerr(j, p,
                            "\"%s\" without uidMappings and gidMappings takes the container's user namespace "
                            "mappings, but there is no user namespace",
                            m->options[k]);
        }
        return 0;
}

int spec_validate_cross(const struct jctx *j, const struct spec *s)
{
        const struct spec_linux *l = s->linux;
        int r;

        if (s->hostname && *s->hostname && !has_ns(s, NS_UTS))
                return jerr(j, "hostname", "setting it requires a uts namespace");
        if (s->domainname && *s->domainname && !has_ns(s, NS_UTS))
                return jerr(j, "domainname", "setting it requires a uts namespace");
        if ((r = check_userns(j, s)) < 0 || (r = check_idmap_mounts(j, s)) < 0 || !l)
                return r;
        for (size_t i = 0; i < l->n_sysctl; i++)
                if ((r = check_sysctl(j, s, l->sysctl[i].key)) < 0)
                        return r;
        if ((l->time_monotonic.present || l->time_boottime.present) &&
            (!has_ns(s, NS_TIME) || l->namespaces[NS_TIME].path))
                return jerr(j, "linux.timeOffsets", "they need a new time namespace");
        /* maskedPaths/readonlyPaths without a mount namespace are not applied (create warns): not an error.
         */
        if (l->n_net_devices && !has_ns(s, NS_NETWORK))
                return jerr(j, "linux.netDevices", "moving devices needs a network namespace");
        return 0;
}
