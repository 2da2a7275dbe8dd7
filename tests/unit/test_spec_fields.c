/* SPDX-License-Identifier: Apache-2.0 */
/* One config with every field of config.md and config-linux.md: each lands where spec.h says. */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <linux/mempolicy.h>
#include <linux/mount.h>

#include <cmocka.h>

#include "model/spec.h"

/*
 * Allocation failure injection. The test is linked with -Wl,--wrap for these, so every allocation the model
 * (a static library) makes comes here: the Nth one can be made to fail, and the live count tells a leak.
 */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
void __wrap_free(void *p);

static long fail_at = -1, calls, live;
static bool failed;

static bool inject(void)
{
        if (calls++ != fail_at)
                return false;
        failed = true;
        return true;
}

void *__wrap_malloc(size_t n)
{
        void *p = inject() ? NULL : __real_malloc(n);
        live += p != NULL;
        return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
        void *p = inject() ? NULL : __real_calloc(n, size);
        live += p != NULL;
        return p;
}

void *__wrap_realloc(void *p, size_t n)
{
        void *q = inject() ? NULL : __real_realloc(p, n);
        live += q != NULL && p == NULL;
        return q;
}

char *__wrap_strdup(const char *s)
{
        char *p = inject() ? NULL : __real_strdup(s);
        live += p != NULL;
        return p;
}

void __wrap_free(void *p)
{
        live -= p != NULL;
        __real_free(p);
}

#define Q(...) #__VA_ARGS__

// clang-format off
static const char *full = Q({
        "ociVersion" : "1.3.0",
        "root" : {"path" : "/var/lib/c/rootfs", "readonly" : true},
        "mounts" : [
                {"destination" : "/proc", "type" : "proc", "source" : "proc", "options" : ["hidepid=2"]},
                {
                        "destination" : "/data",
                        "type" : "none",
                        "source" : "/srv/data",
                        "options" : [ "rbind", "ridmap", "rro", "rslave" ],
                        "uidMappings" : [ {"containerID" : 0, "hostID" : 100000, "size" : 65536} ],
                        "gidMappings" : [ {"containerID" : 0, "hostID" : 200000, "size" : 65536} ]
                }
        ],
        "process" : {
                "terminal" : true,
                "consoleSize" : {"height" : 40, "width" : 120},
                "user" : {
                        "uid" : 1000,
                        "gid" : 1001,
                        "umask" : 63,
                        "additionalGids" : [ 5, 4294967295 ],
                        "username" : "u"
                },
                "args" : [ "/bin/app", "--flag" ],
                "commandLine" : "app --flag",
                "env" : [ "PATH=/bin", "EMPTY=" ],
                "cwd" : "/work",
                "capabilities" : {
                        "bounding" : [ "CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE" ],
                        "effective" : ["CAP_CHOWN"],
                        "inheritable" : [],
                        "permitted" : [ "CAP_CHOWN", "CAP_KILL" ],
                        "ambient" : ["CAP_KILL"]
                },
                "rlimits" : [
                        {"type" : "RLIMIT_NOFILE", "soft" : 1024, "hard" : 4096},
                        {"type" : "RLIMIT_CORE", "soft" : 18446744073709551615, "hard" : 18446744073709551615}
                ],
                "noNewPrivileges" : true,
                "apparmorProfile" : "prof",
                "oomScoreAdj" : -999,
                "scheduler" : {
                        "policy" : "SCHED_DEADLINE",
                        "nice" : -5,
                        "flags" : [ "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM" ],
                        "runtime" : 10000000,
                        "deadline" : 20000000,
                        "period" : 30000000
                },
                "selinuxLabel" : "system_u:system_r:container_t:s0",
                "ioPriority" : {"class" : "IOPRIO_CLASS_IDLE", "priority" : 7},
                "execCPUAffinity" : {"initial" : "0-3,7", "final" : "1"}
        },
        "hostname" : "host",
        "domainname" : "example.org",
        "hooks" : {
                "prestart" : [ {"path" : "/bin/pre"} ],
                "createRuntime" : [
                        {"path" : "/bin/cr", "args" : [ "cr", "-x" ], "env" : ["A=1"], "timeout" : 5},
                        {"path" : "/bin/cr2"}
                ],
                "createContainer" : [ {"path" : "/bin/cc"} ],
                "startContainer" : [ {"path" : "/bin/sc"} ],
                "poststart" : [ {"path" : "/bin/ps"} ],
                "poststop" : [ {"path" : "/bin/pst", "timeout" : 1} ]
        },
        "annotations" : {"org.example.key" : "value", "b" : ""},
        "linux" : {
                "namespaces" : [
                        {"type" : "pid"}, {"type" : "network", "path" : "/run/netns/n"}, {"type" : "mount"},
                        {"type" : "ipc"}, {"type" : "uts"}, {"type" : "user"}, {"type" : "cgroup", "path" : ""},
                        {"type" : "time"}
                ],
                "uidMappings" : [
                        {"containerID" : 0, "hostID" : 100000, "size" : 1000},
                        {"containerID" : 1000, "hostID" : 1000, "size" : 1}
                ],
                "gidMappings" : [ {"containerID" : 0, "hostID" : 100000, "size" : 65536} ],
                "timeOffsets" : {"monotonic" : {"secs" : -86400, "nanosecs" : 5}, "boottime" : {"secs" : 3600}},
                "devices" : [
                        {"type" : "c", "path" : "/dev/fuse", "major" : 10, "minor" : 229, "fileMode" : 438,
                         "uid" : 0, "gid" : 0},
                        {"type" : "p", "path" : "/dev/fifo"}
                ],
                "netDevices" : {"eth1" : {"name" : "ctr%d"}, "dummy0" : {}},
                "cgroupsPath" : "/brownie/c1",
                "resources" : {
                        "devices" : [
                                {"allow" : false, "access" : "rwm"},
                                {"allow" : true, "type" : "c", "major" : 10, "minor" : 229, "access" : "wra"},
                                {"allow" : true, "type" : "b", "major" : 8, "minor" : -1}
                        ],
                        "memory" : {
                                "limit" : 536870912,
                                "reservation" : 268435456,
                                "swap" : -1,
                                "kernel" : -1,
                                "kernelTCP" : 1048576,
                                "swappiness" : 0,
                                "disableOOMKiller" : true,
                                "useHierarchy" : false,
                                "checkBeforeUpdate" : true
                        },
                        "cpu" : {
                                "shares" : 1024,
                                "quota" : 50000,
                                "burst" : 10000,
                                "period" : 100000,
                                "realtimeRuntime" : 950000,
                                "realtimePeriod" : 1000000,
                                "cpus" : "0-1",
                                "mems" : "0",
                                "idle" : 1
                        },
                        "blockIO" : {
                                "weight" : 500,
                                "leafWeight" : 300,
                                "weightDevice" : [ {"major" : 8, "minor" : 0, "weight" : 600} ],
                                "throttleReadBpsDevice" : [ {"major" : 8, "minor" : 0, "rate" : 1048576} ],
                                "throttleWriteBpsDevice" : [ {"major" : 8, "minor" : 16, "rate" : 2097152} ],
                                "throttleReadIOPSDevice" : [ {"major" : 8, "minor" : 0, "rate" : 100} ],
                                "throttleWriteIOPSDevice" : [ {"major" : 8, "minor" : 0, "rate" : 200} ]
                        },
                        "hugepageLimits" : [ {"pageSize" : "2MB", "limit" : 209715200} ],
                        "network" : {"classID" : 1048577, "priorities" : [ {"name" : "eth0", "priority" : 500} ]},
                        "pids" : {"limit" : -1},
                        "rdma" : {"mlx5_1" : {"hcaHandles" : 3, "hcaObjects" : 10000}},
                        "unified" : {"memory.high" : "max", "io.weight" : "default 100"}
                },
                "rootfsPropagation" : "rslave",
                "seccomp" : {
                        "defaultAction" : "SCMP_ACT_ERRNO",
                        "defaultErrnoRet" : 38,
                        "architectures" : [ "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64" ],
                        "flags" : [ "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW" ],
                        "listenerPath" : "/run/agent.sock",
                        "listenerMetadata" : "meta",
                        "syscalls" : [
                                {"names" : [ "read", "write" ], "action" : "SCMP_ACT_ALLOW"}, {
                                        "names" : ["personality"],
                                        "action" : "SCMP_ACT_ALLOW",
                                        "args" : [
                                                {"index" : 0, "value" : 8, "op" : "SCMP_CMP_EQ"},
                                                {"index" : 1, "value" : 255, "valueTwo" : 8,
                                                 "op" : "SCMP_CMP_MASKED_EQ"}
                                        ]
                                },
                                {"names" : ["mknod"], "action" : "SCMP_ACT_NOTIFY"},
                                {"names" : ["ptrace"], "action" : "SCMP_ACT_TRACE", "errnoRet" : 1},
                                {"names" : ["reboot"], "action" : "SCMP_ACT_KILL_PROCESS"}
                        ]
                },
                "sysctl" : {"net.ipv4.ip_forward" : "1", "kernel.shmmax" : "1024", "kernel.domainname" : "x"},
                "maskedPaths" : [ "/proc/kcore", "/sys/firmware" ],
                "readonlyPaths" : ["/proc/sys"],
                "mountLabel" : "system_u:object_r:container_file_t:s0",
                "intelRdt" : {
                        "closID" : "guaranteed",
                        "l3CacheSchema" : "L3:0=7f0",
                        "memBwSchema" : "MB:0=20",
                        "schemata" : [ "L2:0=f", "MB:0=20" ],
                        "enableCMT" : true,
                        "enableMBM" : false,
                        "enableMonitoring" : true
                },
                "personality" : {"domain" : "LINUX32", "flags" : []},
                "memoryPolicy" : {"mode" : "MPOL_INTERLEAVE", "nodes" : "0-1", "flags" : ["MPOL_F_STATIC_NODES"]}
        },
        "org.example.extension" : {"anything" : [ 1, 2, 3 ]}
});
// clang-format on

static struct spec *parse_full(void)
{
        struct spec *s = NULL;
        struct error err = ERROR_INIT;

        if (spec_parse(full, strlen(full), "config.json", &s, &err) < 0)
                fail_msg("rejected: %s", err.msg);
        return s;
}

static void top_root_mounts(void **state)
{
        struct spec *s = parse_full();
        const struct spec_mount *m = &s->mounts[1];

        assert_string_equal(s->oci_version, "1.3.0");
        assert_string_equal(s->root->path, "/var/lib/c/rootfs");
        assert_true(s->root->readonly);
        assert_string_equal(s->hostname, "host");
        assert_string_equal(s->domainname, "example.org");
        assert_int_equal(s->n_annotations, 2);
        assert_string_equal(s->annotations[0].key, "org.example.key");
        assert_string_equal(s->annotations[0].value, "value");
        assert_string_equal(s->annotations[1].value, "");
        assert_int_equal(s->n_mounts, 2);
        assert_string_equal(s->mounts[0].data, "hidepid=2");
        assert_null(s->mounts[0].options[1]);
        assert_string_equal(m->source, "/srv/data");
        assert_true(m->bind && m->recursive && m->idmap && m->ridmap);
        assert_true(m->attr_set & MOUNT_ATTR_RDONLY);
        assert_int_equal(m->propagation, PROPAGATION_SLAVE);
        assert_true(m->propagation_recursive);
        assert_int_equal(m->n_uid_mappings, 1);
        assert_int_equal(m->uid_mappings[0].host_id, 100000);
        assert_int_equal(m->gid_mappings[0].size, 65536);
        spec_free(s);
}

static void process(void **state)
{
        struct spec *s = parse_full();
        const struct spec_process *p = s->process;

        assert_true(p->terminal);
        assert_int_equal(p->console_size->height, 40);
        assert_int_equal(p->console_size->width, 120);
        assert_int_equal(p->user.uid, 1000);
        assert_int_equal(p->user.gid, 1001);
        assert_true(p->user.has_umask);
        assert_int_equal(p->user.umask, 077);
        assert_int_equal(p->user.n_additional_gids, 2);
        assert_true(p->user.additional_gids[1] == UINT32_MAX);
        assert_string_equal(p->user.username, "u");
        assert_int_equal(p->n_args, 2);
        assert_string_equal(p->args[1], "--flag");
        assert_null(p->args[2]);
        assert_string_equal(p->command_line, "app --flag");
        assert_int_equal(p->n_env, 2);
        assert_string_equal(p->env[1], "EMPTY=");
        assert_null(p->env[2]);
        assert_string_equal(p->cwd, "/work");
        assert_true(p->no_new_privileges);
        assert_string_equal(p->apparmor_profile, "prof");
        assert_true(p->has_oom_score_adj);
        assert_int_equal(p->oom_score_adj, -999);
        assert_string_equal(p->selinux_label, "system_u:system_r:container_t:s0");
        assert_int_equal(p->io_priority->class, 3);
        assert_int_equal(p->io_priority->priority, 7);
        assert_string_equal(p->exec_cpu_affinity->initial->text, "0-3,7");
        assert_int_equal(p->exec_cpu_affinity->initial->bits[0], 0x8f);
        assert_string_equal(p->exec_cpu_affinity->final->text, "1");
        assert_int_equal(p->exec_cpu_affinity->final->bits[0], 0x2);
        spec_free(s);
}

static void capabilities_rlimits_scheduler(void **state)
{
        struct spec *s = parse_full();
        const struct spec_process *p = s->process;
        const struct spec_capabilities *c = p->capabilities;

        assert_true(c->bounding == ((1ULL << 0) | (1ULL << 21) | (1ULL << 40)));
        assert_true(c->effective == 1ULL);
        assert_true(c->has_inheritable);
        assert_true(c->inheritable == 0);
        assert_true(c->permitted == ((1ULL << 0) | (1ULL << 5)));
        assert_true(c->ambient == (1ULL << 5));
        assert_true(c->has_bounding && c->has_effective && c->has_permitted && c->has_ambient);
        assert_int_equal(p->n_rlimits, 2);
        assert_int_equal(p->rlimits[0].type, RLIMIT_NOFILE);
        assert_true(p->rlimits[0].soft == 1024 && p->rlimits[0].hard == 4096);
        assert_int_equal(p->rlimits[1].type, RLIMIT_CORE);
        assert_true(p->rlimits[1].soft == UINT64_MAX && p->rlimits[1].hard == UINT64_MAX);
        assert_int_equal(p->scheduler->policy, 6 /* SCHED_DEADLINE */);
        assert_int_equal(p->scheduler->nice, -5);
        assert_int_equal(p->scheduler->priority, 0);
        assert_true(p->scheduler->flags == 0x03);
        assert_true(p->scheduler->runtime == 10000000 && p->scheduler->deadline == 20000000 &&
                    p->scheduler->period == 30000000);
        spec_free(s);
}

static void hooks(void **state)
{
        struct spec *s = parse_full();
        const struct spec_hooks *h = &s->hooks;

        for (int k = 0; k < HOOK__COUNT; k++)
                assert_int_equal(h->n[k], k == HOOK_CREATE_RUNTIME ? 2 : 1);
        assert_string_equal(h->list[HOOK_PRESTART][0].path, "/bin/pre");
        assert_null(h->list[HOOK_PRESTART][0].args);
        assert_false(h->list[HOOK_PRESTART][0].has_timeout);
        assert_string_equal(h->list[HOOK_CREATE_RUNTIME][0].args[1], "-x");
        assert_null(h->list[HOOK_CREATE_RUNTIME][0].args[2]);
        assert_string_equal(h->list[HOOK_CREATE_RUNTIME][0].env[0], "A=1");
        assert_int_equal(h->list[HOOK_CREATE_RUNTIME][0].timeout, 5);
        assert_string_equal(h->list[HOOK_CREATE_RUNTIME][1].path, "/bin/cr2");
        assert_string_equal(h->list[HOOK_CREATE_CONTAINER][0].path, "/bin/cc");
        assert_string_equal(h->list[HOOK_START_CONTAINER][0].path, "/bin/sc");
        assert_string_equal(h->list[HOOK_POSTSTART][0].path, "/bin/ps");
        assert_true(h->list[HOOK_POSTSTOP][0].has_timeout);
        assert_int_equal(h->list[HOOK_POSTSTOP][0].timeout, 1);
        spec_free(s);
}

static void linux_namespaces_devices(void **state)
{
        struct spec *s = parse_full();
        const struct spec_linux *l = s->linux;

        for (int t = 0; t < NS__COUNT; t++)
                assert_true(l->namespaces[t].present);
        assert_string_equal(l->namespaces[NS_NETWORK].path, "/run/netns/n");
        assert_null(l->namespaces[NS_CGROUP].path); /* "" is "create one" */
        assert_int_equal(l->n_uid_mappings, 2);
        assert_int_equal(l->uid_mappings[1].container_id, 1000);
        assert_int_equal(l->gid_mappings[0].size, 65536);
        assert_true(l->time_monotonic.present && l->time_boottime.present);
        assert_true(l->time_monotonic.secs == -86400);
        assert_int_equal(l->time_monotonic.nanosecs, 5);
        assert_true(l->time_boottime.secs == 3600);
        assert_int_equal(l->n_devices, 2);
        assert_int_equal(l->devices[0].type, 'c');
        assert_true(l->devices[0].major == 10 && l->devices[0].minor == 229);
        assert_true(l->devices[0].has_file_mode && l->devices[0].file_mode == 0666);
        assert_true(l->devices[0].has_uid && l->devices[0].has_gid);
        assert_int_equal(l->devices[1].type, 'p');
        assert_false(l->devices[1].has_file_mode);
        assert_int_equal(l->n_net_devices, 2);
        assert_string_equal(l->net_devices[0].host_name, "eth1");
        assert_string_equal(l->net_devices[0].name, "ctr%d");
        assert_null(l->net_devices[1].name);
        assert_string_equal(l->cgroups_path, "/brownie/c1");
        assert_int_equal(l->rootfs_propagation, PROPAGATION_SLAVE);
        assert_int_equal(l->n_sysctl, 3);
        assert_string_equal(l->sysctl[1].key, "kernel.shmmax");
        assert_int_equal(l->n_masked_paths, 2);
        assert_null(l->masked_paths[2]);
        assert_string_equal(l->readonly_paths[0], "/proc/sys");
        assert_string_equal(l->mount_label, "system_u:object_r:container_file_t:s0");
        assert_string_equal(l->intel_rdt->clos_id, "guaranteed");
        assert_string_equal(l->intel_rdt->l3_cache_schema, "L3:0=7f0");
        assert_string_equal(l->intel_rdt->mem_bw_schema, "MB:0=20");
        assert_int_equal(l->intel_rdt->n_schemata, 2);
        assert_true(l->intel_rdt->enable_cmt && !l->intel_rdt->enable_mbm && l->intel_rdt->enable_monitoring);
        assert_int_equal(l->personality->domain, PER_LINUX32);
        assert_int_equal(l->personality->flags, 0);
        assert_int_equal(l->memory_policy->mode, MPOL_INTERLEAVE);
        assert_string_equal(l->memory_policy->nodes->text, "0-1");
        assert_int_equal(l->memory_policy->nodes->bits[0], 0x3);
        assert_int_equal(l->memory_policy->flags, MPOL_F_STATIC_NODES);
        spec_free(s);
}

static void linux_resources(void **state)
{
        struct spec *s = parse_full();
        const struct spec_resources *r = s->linux->resources;

        assert_int_equal(r->n_devices, 3);
        assert_false(r->devices[0].allow);
        assert_int_equal(r->devices[0].type, 'a');
        assert_true(r->devices[0].major == -1 && !r->devices[0].has_major);
        assert_string_equal(r->devices[1].access,
                            "rw"); /* "wra": r, w and m in order, "a" dropped as runc does */
        assert_true(r->devices[2].has_minor && r->devices[2].minor == -1);
        assert_null(r->devices[2].access);
        assert_true(r->memory->limit == 536870912 && r->memory->reservation == 268435456);
        assert_true(r->memory->has_swap && r->memory->swap == -1);
        assert_true(r->memory->kernel == -1 && r->memory->kernel_tcp == 1048576);
        assert_true(r->memory->has_swappiness && r->memory->swappiness == 0);
        assert_true(r->memory->has_disable_oom_killer && r->memory->disable_oom_killer);
        assert_true(r->memory->has_use_hierarchy && !r->memory->use_hierarchy);
        assert_true(r->memory->has_check_before_update && r->memory->check_before_update);
        assert_true(r->cpu->shares == 1024 && r->cpu->quota == 50000 && r->cpu->burst == 10000);
        assert_true(r->cpu->period == 100000 && r->cpu->realtime_runtime == 950000);
        assert_true(r->cpu->realtime_period == 1000000 && r->cpu->has_idle && r->cpu->idle == 1);
        assert_string_equal(r->cpu->cpus, "0-1");
        assert_string_equal(r->cpu->mems, "0");
        assert_true(r->block_io->weight == 500 && r->block_io->leaf_weight == 300);
        assert_true(r->block_io->weight_device[0].has_weight &&
                    !r->block_io->weight_device[0].has_leaf_weight);
        assert_int_equal(r->block_io->weight_device[0].weight, 600);
        assert_true(r->block_io->throttle_read_bps[0].rate == 1048576);
        assert_true(r->block_io->throttle_write_bps[0].minor == 16);
        assert_true(r->block_io->throttle_read_iops[0].rate == 100);
        assert_true(r->block_io->throttle_write_iops[0].rate == 200);
        assert_string_equal(r->hugepage_limits[0].page_size, "2MB");
        assert_true(r->hugepage_limits[0].limit == 209715200);
        assert_true(r->network->has_class_id && r->network->class_id == 1048577);
        assert_string_equal(r->network->priorities[0].name, "eth0");
        assert_int_equal(r->network->priorities[0].priority, 500);
        assert_true(r->has_pids_limit && r->pids_limit == -1);
        assert_int_equal(r->n_rdma, 1);
        assert_string_equal(r->rdma[0].device, "mlx5_1");
        assert_true(r->rdma[0].hca_handles == 3 && r->rdma[0].hca_objects == 10000);
        assert_int_equal(r->n_unified, 2);
        assert_string_equal(r->unified[1].key, "io.weight");
        assert_string_equal(r->unified[1].value, "default 100");
        spec_free(s);
}

/* dockerd's resources: 0 is runc's "not set" where runc reads it so, a value where it does not. */
static void resources_zeros_are_unset(void **state)
{
        static const char json[] =
            "{\"memory\": {\"limit\": 0, \"reservation\": 0, \"swap\": 0, \"kernel\": 0, \"kernelTCP\": 0,"
            " \"swappiness\": 0},"
            " \"cpu\": {\"shares\": 0, \"quota\": 0, \"period\": 0, \"realtimeRuntime\": 0,"
            " \"realtimePeriod\": 0, \"burst\": 0, \"idle\": 0, \"cpus\": \"\", \"mems\": \"\"},"
            " \"pids\": {\"limit\": 0},"
            " \"blockIO\": {\"weight\": 0, \"leafWeight\": 0, \"weightDevice\": [{\"major\": 8, \"minor\": 0,"
            " \"weight\": 0}], \"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 0}]},"
            " \"network\": {\"classID\": 0}}";
        struct spec_resources *r = NULL;
        struct error err = ERROR_INIT;

        (void)state;
        assert_int_equal(spec_resources_parse(json, sizeof(json) - 1, "update.json", &r, &err), 0);
        assert_false(r->memory->has_limit || r->memory->has_reservation || r->memory->has_swap ||
                     r->memory->has_kernel || r->memory->has_kernel_tcp);
        assert_true(r->memory->has_swappiness && r->memory->swappiness == 0);
        assert_false(r->cpu->has_shares || r->cpu->has_quota || r->cpu->has_period ||
                     r->cpu->has_realtime_runtime || r->cpu->has_realtime_period);
        assert_true(r->cpu->has_burst && r->cpu->has_idle);
        assert_null(r->cpu->cpus);
        assert_null(r->cpu->mems);
        assert_false(r->has_pids_limit);
        assert_false(r->block_io->has_weight || r->block_io->has_leaf_weight ||
                     r->block_io->weight_device[0].has_weight);
        assert_int_equal(r->block_io->n_throttle_read_bps, 1); /* rate 0 lifts a limit: written */
        assert_false(r->network->has_class_id);
        spec_resources_free(r);
}

static void linux_seccomp(void **state)
{
        struct spec *s = parse_full();
        const struct spec_seccomp *sc = s->linux->seccomp;

        assert_int_equal(sc->default_action, SECCOMP_ACTION_ERRNO);
        assert_true(sc->has_default_errno_ret && sc->default_errno_ret == 38);
        assert_int_equal(sc->n_architectures, 3);
        assert_string_equal(sc->architectures[2], "SCMP_ARCH_AARCH64");
        assert_null(sc->architectures[3]);
        assert_string_equal(sc->flags[1], "SECCOMP_FILTER_FLAG_SPEC_ALLOW");
        assert_string_equal(sc->listener_path, "/run/agent.sock");
        assert_string_equal(sc->listener_metadata, "meta");
        assert_int_equal(sc->n_syscalls, 5);
        assert_int_equal(sc->syscalls[0].n_names, 2);
        assert_null(sc->syscalls[0].names[2]);
        assert_int_equal(sc->syscalls[1].n_args, 2);
        assert_int_equal(sc->syscalls[1].args[1].index, 1);
        assert_true(sc->syscalls[1].args[1].value == 255 && sc->syscalls[1].args[1].value_two == 8);
        assert_int_equal(sc->syscalls[1].args[1].op, SECCOMP_OP_MASKED_EQ);
        assert_int_equal(sc->syscalls[2].action, SECCOMP_ACTION_NOTIFY);
        assert_int_equal(sc->syscalls[3].action, SECCOMP_ACTION_TRACE);
        assert_true(sc->syscalls[3].has_errno_ret && sc->syscalls[3].errno_ret == 1);
        assert_false(sc->syscalls[4].has_errno_ret);
        assert_int_equal(sc->syscalls[4].action, SECCOMP_ACTION_KILL_PROCESS);
        spec_free(s);
}

/* The smallest config: only what is required; everything optional is absent, not zero-filled objects. */
static void minimal(void **state)
{
        const char *json = "{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"rootfs\"}}";
        struct spec *s = NULL;
        struct error err = ERROR_INIT;

        assert_int_equal(spec_parse(json, strlen(json), "config.json", &s, &err), 0);
        assert_null(s->process);
        assert_null(s->linux);
        assert_null(s->mounts);
        assert_int_equal(s->n_mounts, 0);
        assert_null(s->hostname);
        for (int k = 0; k < HOOK__COUNT; k++)
                assert_null(s->hooks.list[k]);
        assert_false(s->root->readonly);
        assert_false(spec_has_ns(s, NS_PID));
        spec_free(s);
}

/* JSON null is "absent", as encoding/json reads it for runc. */
static void nulls_are_absent(void **state)
{
        const char *json =
            "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"hostname\": null, "
            "\"mounts\": null, \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"env\": null, "
            "\"rlimits\": null, \"user\": {\"uid\": 0, \"gid\": 0, \"additionalGids\": null}}, "
            "\"linux\": {\"resources\": {\"memory\": {\"limit\": null}}, \"seccomp\": null}}";
        struct spec *s = NULL;
        struct error err = ERROR_INIT;

        if (spec_parse(json, strlen(json), "config.json", &s, &err) < 0)
                fail_msg("%s", err.msg);
        assert_null(s->hostname);
        assert_non_null(s->process->env); /* an empty vector for execve() */
        assert_null(s->process->env[0]);
        assert_false(s->linux->resources->memory->has_limit);
        assert_null(s->linux->seccomp);
        spec_free(s);
}

/*
 * Fails the 1st, 2nd, ... allocation of a parse until one succeeds: each failure gives -ENOMEM with a
 * message, never a half-filled success, and leaves nothing allocated.
 */
static void every_allocation_failure_is_clean(void **state)
{
        long n;

        for (n = 0;; n++) {
                struct spec *s = NULL;
                struct error err = ERROR_INIT;
                int r;

                fail_at = n;
                calls = live = 0;
                failed = false;
                r = spec_parse(full, strlen(full), "config.json", &s, &err);
                if (!failed) {
                        assert_int_equal(r, 0);
                        spec_free(s);
                        assert_int_equal(live, 0);
                        break;
                }
                if (r != -ENOMEM)
                        fail_msg("allocation %ld failed: returned %d (%s)", n, r, err.msg);
                assert_null(s);
                assert_non_null(strstr(err.msg, "cannot allocate memory"));
                if (live != 0)
                        fail_msg("allocation %ld failed: %ld blocks left (%s)", n, live, err.msg);
        }
        fail_at = -1;
        assert_true(n > 100); /* the wraps are in place: the full config takes hundreds of allocations */
}

/* Every test leaves the model's allocation count where it found it. */
static int no_leak(void **state)
{
        if (live == 0)
                return 0;
        print_error("%ld blocks of the model left allocated\n", live);
        return -1;
}

static int reset(void **state)
{
        live = 0;
        return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, reset, no_leak)

int main(void)
{
        const struct CMUnitTest tests[] = {
            T(top_root_mounts),
            T(process),
            T(capabilities_rlimits_scheduler),
            T(hooks),
            T(linux_namespaces_devices),
            T(linux_resources),
            T(resources_zeros_are_unset),
            T(linux_seccomp),
            T(minimal),
            T(nulls_are_absent),
            T(every_allocation_failure_is_clean),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
