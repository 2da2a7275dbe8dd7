/* SPDX-License-Identifier: Apache-2.0 */
/*
 * features: what this build really supports on the running kernel, as the
 * runtime-spec's features.md describes it. Clients switch features on from
 * it, so nothing is listed that does not work (the systemd driver is the
 * system manager's only, not a user's; AppArmor, SELinux, idmapped mounts and
 * Intel RDT follow what the host has).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/seccomp.h>

#include <json-c/json.h>
#include <seccomp.h>
#include <sys/capability.h>

#include "engine.h"
#include "linux/caps.h"
#include "linux/lsm.h"
#include "linux/resctrl/resctrl.h"
#include "model/names.h"
#include "model/spec.h"
#include "util/cleanup.h"

static json_object *strings(const char *const *v, size_t n)
{
        json_object *a = json_object_new_array();

        for (size_t i = 0; i < n; i++)
                json_object_array_add(a, json_object_new_string(v[i]));
        return a;
}

/* A closed set of the model's names, as its lookups know them. */
static json_object *name_set(enum name_set set)
{
        const char *v[NAMES_MAX];

        return strings(v, names_of(set, v, NAMES_MAX));
}

static json_object *enabled(bool on)
{
        json_object *o = json_object_new_object();

        json_object_object_add(o, "enabled", json_object_new_boolean(on));
        return o;
}

static json_object *namespaces(void)
{
        const char *ns[NS__COUNT];
        size_t n = 0;

        for (int t = 0; t < NS__COUNT; t++) {
                char path[64];
                snprintf(path, sizeof(path), "/proc/self/ns/%s", spec_ns_proc_name(t));
                if (access(path, F_OK) == 0)
                        ns[n++] = spec_ns_name(t);
        }
        return strings(ns, n);
}

static json_object *capabilities(void)
{
        json_object *a = json_object_new_array();
        int last = caps_last_cap();

        for (int c = 0; c <= last; c++) {
                char *name = cap_to_name(c), upper[64];
                size_t i;
                if (!name)
                        continue;
                for (i = 0; name[i] && i < sizeof(upper) - 1; i++)
                        upper[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 'a' + 'A' : name[i]);
                upper[i] = '\0';
                cap_free(name);
                if (strncmp(upper, "CAP_", 4) == 0)
                        json_object_array_add(a, json_object_new_string(upper));
        }
        return a;
}

static json_object *seccomp_features(void)
{
        static const char *const archs[] = {
            "SCMP_ARCH_AARCH64",   "SCMP_ARCH_ARM",    "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",
            "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
            "SCMP_ARCH_PPC",       "SCMP_ARCH_PPC64",  "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_RISCV64",
            "SCMP_ARCH_S390",      "SCMP_ARCH_S390X",  "SCMP_ARCH_X32",      "SCMP_ARCH_X86",
            "SCMP_ARCH_X86_64"};
        const char *supported[] = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                                   "SECCOMP_FILTER_FLAG_SPEC_ALLOW", NULL};
        const char *arch_ok[sizeof(archs) / sizeof(archs[0])];
        json_object *o = json_object_new_object();
        size_t n = 0;

        for (size_t i = 0; i < sizeof(archs) / sizeof(archs[0]); i++) {
                char name[32];
                size_t k;
                for (k = 0; archs[i][10 + k] && k < sizeof(name) - 1; k++) {
                        char c = archs[i][10 + k];
                        name[k] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
                }
                name[k] = '\0';
                if (seccomp_arch_resolve_name(name))
                        arch_ok[n++] = archs[i];
        }
        json_object_object_add(o, "enabled", json_object_new_boolean(1));
        json_object_object_add(o, "actions", name_set(NAMES_SECCOMP_ACTION));
        json_object_object_add(o, "operators", name_set(NAMES_SECCOMP_OP));
        json_object_object_add(o, "archs", strings(arch_ok, n));
        json_object_object_add(o, "knownFlags", name_set(NAMES_SECCOMP_FLAG));
        /* The kernel checks the flags before it reads the program: EFAULT for a NULL one means it knows them.
         */
        if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                    SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV | SECCOMP_FILTER_FLAG_NEW_LISTENER, NULL) < 0 &&
            errno == EFAULT)
                supported[3] = "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV";
        json_object_object_add(o, "supportedFlags", strings(supported, supported[3] ? 4 : 3));
        return o;
}

static json_object *cgroup_features(void)
{
        json_object *o = json_object_new_object();

        json_object_object_add(o, "v1", json_object_new_boolean(1));
        json_object_object_add(o, "v2", json_object_new_boolean(1));
        json_object_object_add(o, "systemd", json_object_new_boolean(1));
        json_object_object_add(o, "systemdUser", json_object_new_boolean(0));
        json_object_object_add(o, "rdma", json_object_new_boolean(1));
        return o;
}

static json_object *memory_policy(void)
{
        json_object *o = json_object_new_object();

        json_object_object_add(o, "modes", name_set(NAMES_MEMPOLICY_MODE));
        json_object_object_add(o, "flags", name_set(NAMES_MEMPOLICY_FLAG));
        return o;
}

/*
 * Id-mapped mounts need mount_setattr(2) and its MOUNT_ATTR_IDMAP, both from Linux 5.12: the call is
 * probed with a size the kernel refuses before doing anything (EINVAL), while a kernel without it (or
 * a seccomp profile that hides it) answers ENOSYS. Whether a given filesystem can be id-mapped varies
 * with the filesystem and the kernel (ext4, xfs, btrfs since 5.12, tmpfs since 6.3): that is only known
 * when a mount is made, and create then names the mount and its source in the error.
 */
static bool idmap_supported(void)
{
        return syscall(SYS_mount_setattr, -1, NULL, 0, NULL, (size_t)0) == 0 || errno != ENOSYS;
}

/*
 * linux.intelRdt works only where resctrl is mounted (create refuses it elsewhere, as the spec
 * requires), so that is when it is claimed; schemata with it, and enableMonitoring where the host
 * monitors (info/L3_MON).
 */
static json_object *intel_rdt_features(void)
{
        _cleanup_free_ char *root = NULL;
        _cleanup_close_ int fd = -1;
        bool on = resctrl_find(&root, NULL) == 0 && (fd = resctrl_open(root, NULL)) >= 0;
        json_object *o = json_object_new_object();

        json_object_object_add(o, "enabled", json_object_new_boolean(on));
        json_object_object_add(o, "schemata", json_object_new_boolean(on));
        json_object_object_add(o, "monitoring", json_object_new_boolean(on && resctrl_can_monitor(fd)));
        return o;
}

/* Implementation-specific keys (features.md): CDI devices, resolved by brownie itself (engine/cdi.c), and
 * checkpoint/restore through criu's command line (engine/checkpoint.c, restore.c). */
static json_object *annotations(void)
{
        json_object *o = json_object_new_object();

        json_object_object_add(o, "org.brownie.cdi.enabled", json_object_new_string("true"));
        json_object_object_add(o, "org.brownie.cdi.specVersions",
                               json_object_new_string("0.3.0-0.8.x,1.0.x"));
        json_object_object_add(o, "org.brownie.cdi.annotationPrefix", json_object_new_string("cdi.k8s.io/"));
        json_object_object_add(o, "org.brownie.checkpoint.enabled", json_object_new_string("true"));
        json_object_object_add(o, "org.brownie.checkpoint.criu",
                               json_object_new_string("command line (--criu, default \"criu\")"));
        return o;
}

int engine_features(FILE *out, struct error *err)
{
        static const char *const hooks[] = {"prestart",       "createRuntime", "createContainer",
                                            "startContainer", "poststart",     "poststop"};
        const char *opts[96];
        size_t n_opts = mount_option_names(opts, sizeof(opts) / sizeof(opts[0]));
        json_object *o = json_object_new_object(), *l = json_object_new_object(),
                    *ext = json_object_new_object();

        json_object_object_add(o, "ociVersionMin", json_object_new_string("1.0.0"));
        json_object_object_add(o, "ociVersionMax", json_object_new_string("1.3.0"));
        json_object_object_add(o, "hooks", strings(hooks, sizeof(hooks) / sizeof(hooks[0])));
        json_object_object_add(o, "mountOptions", strings(opts, n_opts));
        json_object_object_add(l, "namespaces", namespaces());
        json_object_object_add(l, "capabilities", capabilities());
        json_object_object_add(l, "cgroup", cgroup_features());
        json_object_object_add(l, "seccomp", seccomp_features());
        json_object_object_add(l, "apparmor", enabled(lsm_apparmor_enabled()));
        json_object_object_add(l, "selinux", enabled(lsm_selinux_enabled()));
        json_object_object_add(l, "intelRdt", intel_rdt_features());
        json_object_object_add(ext, "idmap", enabled(idmap_supported()));
        json_object_object_add(l, "mountExtensions", ext);
        json_object_object_add(l, "netDevices", enabled(access("/proc/self/ns/net", F_OK) == 0));
        json_object_object_add(l, "memoryPolicy", memory_policy());
        json_object_object_add(o, "linux", l);
        json_object_object_add(o, "annotations", annotations());
        fprintf(out, "%s\n",
                json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
        if (fflush(out) != 0)
                return error_errno(err, errno, "write features");
        return 0;
}
