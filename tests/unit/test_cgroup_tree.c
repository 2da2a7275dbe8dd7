/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cgroup writers against a temporary tree laid out like /sys/fs/cgroup (v1, hybrid, pure
 * v2). A tmpfs makes no interface files: where the kernel would have them (cpuset.cpus of a new
 * cpuset, cgroup.controllers of a v2 parent, cgroup.procs) the test makes them first.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"
#include "util/fs.h"

#define CG    "/bt/1/c1"
#define CGREL "bt/1/c1"

static char tree[256];

static void mkdirs(const char *rel)
{
        char path[1024];

        snprintf(path, sizeof(path), "%s/%s", tree, rel);
        assert_int_equal(mkdir_p(path, 0755, NULL), 0);
}

static void put_file(const char *rel, const char *text)
{
        char path[1024];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", tree, rel);
        f = fopen(path, "we");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

/* The text of a file of the tree ("" when missing). */
static const char *get(const char *rel)
{
        static char buf[4][512];
        static int next;
        char path[1024], *out = buf[next++ % 4];
        _cleanup_free_ char *text = NULL;

        snprintf(path, sizeof(path), "%s/%s", tree, rel);
        out[0] = '\0';
        if (read_file_at(AT_FDCWD, path, &text, NULL, NULL) == 0)
                snprintf(out, 512, "%s", text);
        return out;
}

static bool exists(const char *rel)
{
        char path[1024];

        snprintf(path, sizeof(path), "%s/%s", tree, rel);
        return access(path, F_OK) == 0;
}

static int setup(void **state)
{
        const char *tmp = getenv("TMPDIR");

        snprintf(tree, sizeof(tree), "%s/brownie-cgtest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        return mkdtemp(tree) ? 0 : -1;
}

static int teardown(void **state)
{
        char parent[256], *slash;
        _cleanup_close_ int fd = -1;

        snprintf(parent, sizeof(parent), "%s", tree);
        slash = strrchr(parent, '/');
        *slash = '\0';
        fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return fd < 0 ? -errno : rm_rf_at(fd, slash + 1);
}

/* A mountinfo text naming the hierarchies under the tree: "cpu,cpuacct" "cpuset" ... and an optional
 * unified one ("unified" for hybrid, "" for pure v2 at the root). */
static const char *mountinfo(const char *const *v1, const char *unified)
{
        static char text[4096];
        size_t off = 0;
        int id = 30;

        off += snprintf(text + off, sizeof(text) - off, "%d 1 0:%d / %s rw - %s %s rw\n", id, id, tree,
                        unified && !*unified ? "cgroup2" : "tmpfs", "none");
        for (; v1 && *v1; v1++, id++)
                off +=
                    snprintf(text + off, sizeof(text) - off, "%d 30 0:%d / %s/%s rw - cgroup cgroup rw,%s\n",
                             id + 1, id + 1, tree, *v1, *v1);
        if (unified && *unified)
                off += snprintf(text + off, sizeof(text) - off,
                                "99 30 0:99 / %s/%s rw - cgroup2 cgroup2 rw\n", tree, unified);
        return text;
}

static const char *const v1_set[] = {"pids", "memory", "cpu,cpuacct", "name=systemd", NULL};

/* name=systemd is mounted at "<tree>/name=systemd" here: the mount point is only a name. */
static struct cgroup *resolve(const char *const *v1, const char *unified)
{
        struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        for (const char *const *p = v1; p && *p; p++)
                mkdirs(*p);
        if (unified && *unified)
                mkdirs(unified);
        assert_int_equal(cgroup_resolve_at(mountinfo(v1, unified), tree, NULL, CG, "c1", false, &cg, &e), 0);
        return cg;
}

static void v1_create_makes_every_level_and_destroy_takes_it_back(void **state)
{
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = resolve(v1_set, NULL);
        struct error e = ERROR_INIT;

        assert_int_equal(cg->mode, CGROUP_MODE_V1);
        assert_int_equal(cgroup_create(cg, false, &e), 0);
        for (const char *const *p = v1_set; *p; p++) {
                char rel[256];
                snprintf(rel, sizeof(rel), "%s" CG, *p);
                assert_true(exists(rel));
        }
        assert_int_equal(cgroup_v2_fd(cg), -1);
        /* nested cgroups the container made go too; the parents stay */
        mkdirs("pids" CG "/sub/deeper");
        mkdirs("memory" CG "/sub");
        assert_int_equal(cgroup_destroy(cg, &e), 0);
        assert_false(exists("pids" CG));
        assert_false(exists("memory" CG));
        assert_false(exists("cpu,cpuacct" CG));
        assert_true(exists("pids/bt/1"));
        /* again: nothing to do */
        assert_int_equal(cgroup_destroy(cg, &e), 0);
}

static void create_failure_names_the_path_and_leaves_nothing(void **state)
{
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = resolve(v1_set, NULL);
        struct error e = ERROR_INIT;
        char want[512];

        put_file("cpu,cpuacct/bt", "not a directory"); /* third hierarchy fails */
        assert_int_equal(cgroup_create(cg, false, &e), -ENOTDIR);
        snprintf(want, sizeof(want), "open \"%s/cpu,cpuacct/bt\": not a directory", tree);
        assert_string_equal(e.msg, want);
        assert_false(exists("pids/bt")); /* made by this call, so taken back */
        assert_false(exists("memory/bt"));
}

static void cpuset_levels_inherit_cpus_and_mems(void **state)
{
        static const char *const v1[] = {"cpuset", NULL};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        mkdirs("cpuset" CG);
        put_file("cpuset/cpuset.cpus", "0-3\n");
        put_file("cpuset/cpuset.mems", "0\n");
        put_file("cpuset/bt/cpuset.cpus", "1\n"); /* set already: kept */
        put_file("cpuset/bt/cpuset.mems", "\n");
        put_file("cpuset/bt/1/cpuset.cpus", "");
        put_file("cpuset/bt/1/cpuset.mems", "");
        put_file("cpuset" CG "/cpuset.cpus", "");
        put_file("cpuset" CG "/cpuset.mems", "");
        cg = resolve(v1, NULL);
        assert_int_equal(cgroup_create(cg, false, &e), 0);
        assert_string_equal(get("cpuset/bt/cpuset.cpus"), "1\n");
        assert_string_equal(get("cpuset/bt/cpuset.mems"), "0");
        assert_string_equal(get("cpuset/bt/1/cpuset.cpus"), "1");
        assert_string_equal(get("cpuset" CG "/cpuset.cpus"), "1");
        assert_string_equal(get("cpuset" CG "/cpuset.mems"), "0");
}

static void v2_parents_delegate_their_controllers(void **state)
{
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;
        int fd;

        put_file("cgroup.controllers", "cpu memory pids\n");
        put_file("cgroup.subtree_control", "");
        mkdirs("bt/1");
        put_file("bt/cgroup.controllers", "cpu memory pids\n");
        put_file("bt/cgroup.subtree_control", "");
        put_file("bt/1/cgroup.controllers", "memory pids\n");
        put_file("bt/1/cgroup.subtree_control", "");
        cg = resolve(NULL, "");
        assert_int_equal(cg->mode, CGROUP_MODE_V2);
        assert_int_equal(cgroup_create(cg, false, &e), 0);
        assert_string_equal(get("cgroup.subtree_control"), "+cpu +memory +pids");
        assert_string_equal(get("bt/cgroup.subtree_control"), "+cpu +memory +pids");
        assert_string_equal(get("bt/1/cgroup.subtree_control"), "+memory +pids");
        assert_true(exists("bt/1/c1"));
        assert_false(exists("bt/1/c1/cgroup.subtree_control")); /* the leaf keeps its processes */
        fd = cgroup_v2_fd(cg);
        assert_true(fd >= 0);
        assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
        assert_int_equal(cgroup_destroy(cg, &e), 0);
        assert_false(exists("bt/1/c1"));
        assert_int_equal(cgroup_v2_fd(cg), -1);
}

static void hybrid_makes_the_unified_cgroup_too(void **state)
{
        static const char *const v1[] = {"pids", "memory", NULL};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        mkdirs("unified/bt/1");
        put_file("unified/cgroup.controllers", "hugetlb\n");
        put_file("unified/bt/cgroup.controllers", "hugetlb\n");
        put_file("unified/bt/1/cgroup.controllers", "hugetlb\n");
        put_file("unified/bt/1/cgroup.subtree_control", "");
        cg = resolve(v1, "unified");
        assert_int_equal(cg->mode, CGROUP_MODE_HYBRID);
        assert_int_equal(cgroup_create(cg, false, &e), 0);
        assert_true(exists("unified" CG));
        assert_string_equal(get("unified/bt/1/cgroup.subtree_control"), "+hugetlb");
        assert_int_equal(cgroup_v2_fd(cg), -1); /* clone3 cannot place into v1: cgroup_enter does */
        assert_int_equal(cgroup_destroy(cg, &e), 0);
        assert_false(exists("unified" CG));
}

static void enter_writes_the_pid_everywhere(void **state)
{
        static const char *const v1[] = {"pids", "memory", NULL};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = resolve(v1, NULL);
        struct error e = ERROR_INIT;
        char want[512];

        assert_int_equal(cgroup_create(cg, false, &e), 0);
        put_file("pids" CG "/cgroup.procs", "");
        put_file("memory" CG "/cgroup.procs", "");
        assert_int_equal(cgroup_enter(cg, 4242, NULL, &e), 0);
        assert_string_equal(get("pids" CG "/cgroup.procs"), "4242");
        assert_string_equal(get("memory" CG "/cgroup.procs"), "4242");
        unlink(strcat(strcpy(want, tree), "/memory" CG "/cgroup.procs"));
        assert_int_equal(cgroup_enter(cg, 7, NULL, &e), -ENOENT);
        snprintf(want, sizeof(want), "open \"%s/memory" CG "/cgroup.procs\": no such file or directory",
                 tree);
        assert_string_equal(e.msg, want);
}

static void apply_pids_and_memory_on_v1_and_v2(void **state)
{
        static const char *const v1[] = {"pids", "memory", NULL};
        struct spec_memory mem = {.has_limit = true, .limit = 1048576};
        struct spec_resources r = {.has_pids_limit = true, .pids_limit = 100, .memory = &mem};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = resolve(v1, NULL);
        _cleanup_(cleanup_cgroupp) struct cgroup *cg2 = NULL;
        struct error e = ERROR_INIT;

        assert_int_equal(cgroup_create(cg, false, &e), 0);
        put_file("pids" CG "/pids.max", "max\n");
        put_file("memory" CG "/memory.limit_in_bytes", "9223372036854771712\n");
        assert_int_equal(cgroup_apply(cg, &r, &e), 0);
        assert_string_equal(get("pids" CG "/pids.max"), "100");
        assert_string_equal(get("memory" CG "/memory.limit_in_bytes"), "1048576");
        r.pids_limit = 0;
        assert_int_equal(cgroup_apply(cg, &r, &e), 0);
        assert_string_equal(get("pids" CG "/pids.max"), "max");

        /* pure v2, in another tree */
        assert_int_equal(teardown(state), 0);
        assert_int_equal(setup(state), 0);
        put_file("cgroup.controllers", "memory pids\n");
        mkdirs("bt/1");
        put_file("bt/cgroup.controllers", "memory pids\n");
        put_file("bt/1/cgroup.controllers", "memory pids\n");
        cg2 = resolve(NULL, "");
        assert_int_equal(cgroup_create(cg2, false, &e), 0);
        put_file(CGREL "/pids.max", "max\n");
        put_file(CGREL "/memory.max", "max\n");
        r.pids_limit = -1;
        assert_int_equal(cgroup_apply(cg2, &r, &e), 0);
        assert_string_equal(get(CGREL "/pids.max"), "max");
        assert_string_equal(get(CGREL "/memory.max"), "1048576");
        r.pids_limit = 64;
        mem.limit = -1;
        assert_int_equal(cgroup_apply(cg2, &r, &e), 0);
        assert_string_equal(get(CGREL "/pids.max"), "64");
        assert_string_equal(get(CGREL "/memory.max"), "max");
}

static void a_missing_file_or_controller_is_named(void **state)
{
        static const char *const v1[] = {"pids", NULL};
        struct spec_memory mem = {.has_limit = true, .limit = 1048576};
        struct spec_resources r = {.has_pids_limit = true, .pids_limit = 5, .memory = &mem};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = resolve(v1, NULL);
        struct error e = ERROR_INIT;
        char want[512];

        assert_int_equal(cgroup_create(cg, false, &e), 0);
        assert_int_equal(cgroup_apply(cg, &r, &e), -ENOENT);
        snprintf(want, sizeof(want),
                 "linux.resources.pids.limit: open \"%s/pids" CG "/pids.max\": no such file or directory",
                 tree);
        assert_string_equal(e.msg, want);
        put_file("pids" CG "/pids.max", "max\n");
        assert_int_equal(cgroup_apply(cg, &r, &e), -ENOENT);
        assert_non_null(strstr(e.msg, "linux.resources.memory"));
        assert_non_null(strstr(e.msg, "memory cgroup controller is not mounted"));
}

static void a_failed_update_puts_back_what_it_changed(void **state)
{
        static const char *const v1[] = {"pids", "memory", NULL};
        struct spec_memory mem = {.has_limit = true, .limit = 1048576};
        struct spec_resources r = {.has_pids_limit = true, .pids_limit = 5, .memory = &mem};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = resolve(v1, NULL);
        struct error e = ERROR_INIT;

        assert_int_equal(cgroup_create(cg, false, &e), 0);
        put_file("pids" CG "/pids.max", "max\n");
        assert_int_equal(cgroup_update(cg, &r, &e), -ENOENT); /* memory.limit_in_bytes is missing */
        assert_string_equal(get("pids" CG "/pids.max"), "max");
}

static void each_controller_goes_where_the_host_has_it(void **state)
{
        static const char *const v1[] = {"pids", "blkio", NULL};
        struct spec_hugepage_limit huge = {.page_size = "2MB", .limit = 4194304};
        struct spec_network net = {.has_class_id = true, .class_id = 1};
        struct spec_resources r = {.hugepage_limits = &huge, .n_hugepage_limits = 1};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        mkdirs("unified/bt/1");
        put_file("unified/cgroup.controllers", "hugetlb\n");
        put_file("unified/bt/cgroup.controllers", "hugetlb\n");
        put_file("unified/bt/1/cgroup.controllers", "hugetlb\n");
        cg = resolve(v1, "unified");
        assert_int_equal(cgroup_create(cg, false, &e), 0);
        /* hybrid: hugetlb is not bound to v1 here, so the unified hierarchy's file takes it */
        put_file("unified" CG "/hugetlb.2MB.max", "max\n");
        assert_int_equal(cgroup_apply(cg, &r, &e), 0);
        assert_string_equal(get("unified" CG "/hugetlb.2MB.max"), "4194304");
        /* net_cls exists in neither: named */
        r.n_hugepage_limits = 0;
        r.network = &net;
        assert_int_equal(cgroup_apply(cg, &r, &e), -ENOENT);
        assert_string_equal(e.msg, "linux.resources.network.classID: the net_cls cgroup controller is not "
                                   "mounted (it is cgroup v1 only)");
}

/* A pure v2 tree with the memory controller delegated down to the container's cgroup, made; its
 * memory.max is "max". */
static struct cgroup *v2_memory_cgroup(void)
{
        struct cgroup *cg;
        struct error e = ERROR_INIT;

        put_file("cgroup.controllers", "memory\n");
        mkdirs("bt/1");
        put_file("bt/cgroup.controllers", "memory\n");
        put_file("bt/1/cgroup.controllers", "memory\n");
        cg = resolve(NULL, "");
        assert_int_equal(cgroup_create(cg, false, &e), 0);
        put_file(CGREL "/memory.max", "max\n");
        return cg;
}

static void v2_check_before_update_compares_with_usage(void **state)
{
        struct spec_memory mem = {
            .has_limit = true, .limit = 1000, .has_check_before_update = true, .check_before_update = true};
        struct spec_resources r = {.memory = &mem};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        cg = v2_memory_cgroup();
        put_file(CGREL "/memory.current", "4096\n");
        assert_int_equal(cgroup_update(cg, &r, &e), -EBUSY);
        assert_non_null(strstr(e.msg, "below the current usage 4096"));
        assert_string_equal(get(CGREL "/memory.max"), "max\n");
        mem.limit = 8192;
        assert_int_equal(cgroup_update(cg, &r, &e), 0);
        assert_string_equal(get(CGREL "/memory.max"), "8192");
}

/* The spec's swap is memory+swap; v2's memory.swap.max is swap alone. An update of swap without a limit
 * counts against the limit the cgroup has; with none there, it is refused. */
static void v2_swap_alone_uses_the_current_limit(void **state)
{
        struct spec_memory mem = {.has_swap = true, .swap = 3 << 20};
        struct spec_resources r = {.memory = &mem};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        cg = v2_memory_cgroup();
        put_file(CGREL "/memory.swap.max", "max\n");
        assert_int_equal(cgroup_update(cg, &r, &e), -EINVAL);
        assert_non_null(strstr(e.msg, "memory.swap: 3145728 needs a memory limit"));
        put_file(CGREL "/memory.max", "1048576\n");
        assert_int_equal(cgroup_update(cg, &r, &e), 0);
        assert_string_equal(get(CGREL "/memory.swap.max"), "2097152");
        mem.swap = 1 << 19;
        assert_int_equal(cgroup_update(cg, &r, &e), -EINVAL);
        assert_non_null(strstr(e.msg, "must be at least the memory limit 1048576"));
        mem.swap = -1;
        assert_int_equal(cgroup_update(cg, &r, &e), 0);
        assert_string_equal(get(CGREL "/memory.swap.max"), "max");
}

static void pids_are_read_recursively(void **state)
{
        static const char *const v1[] = {"memory", "pids", NULL};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = resolve(v1, "unified");
        _cleanup_free_ pid_t *pids = NULL;
        struct error e = ERROR_INIT;
        size_t n = 99;

        /* no cgroup: no process, no error */
        assert_int_equal(cgroup_pids(cg, &pids, &n, &e), 0);
        assert_int_equal(n, 0);
        mkdirs("pids" CG "/a/b");
        mkdirs("memory" CG);
        put_file("memory" CG "/cgroup.procs", "1\n");
        put_file("pids" CG "/cgroup.procs", "10\n11\n");
        put_file("pids" CG "/a/cgroup.procs", "");
        put_file("pids" CG "/a/b/cgroup.procs", "12\n");
        assert_int_equal(cgroup_pids(cg, &pids, &n, &e), 0);
        assert_int_equal(n, 3); /* from the pids hierarchy, not memory's */
        assert_int_equal(pids[0], 10);
        assert_int_equal(pids[1], 11);
        assert_int_equal(pids[2], 12);
}

static void destroy_names_a_cgroup_that_stays(void **state)
{
        static const char *const v1[] = {"pids", NULL};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = resolve(v1, NULL);
        struct error e = ERROR_INIT;
        char want[512];

        assert_int_equal(cgroup_create(cg, false, &e), 0);
        put_file("pids" CG "/stray", "x"); /* tmpfs: rmdir says ENOTEMPTY, not retried */
        assert_int_equal(cgroup_destroy(cg, &e), -ENOTEMPTY);
        snprintf(want, sizeof(want), "remove cgroup \"%s/pids" CG "\": directory not empty", tree);
        assert_string_equal(e.msg, want);
}

/* A relative cgroupsPath below own cgroups that differ per hierarchy, as runc's v1 driver places it;
 * a later command finds every one again from what create saved, and removes them. */
static void relative_path_goes_below_each_hierarchys_own_cgroup(void **state)
{
        static const char *const v1[] = {"pids", "memory", "cpu,cpuacct", "name=systemd", NULL};
        static const char self[] = "1:name=systemd:/sd\n2:pids:/p/q\n3:memory:/\n4:cpuacct,cpu:/c\n0::/u\n";
        static const char *const made[] = {"pids/p/q/x/c1", "memory/x/c1", "cpu,cpuacct/c/x/c1",
                                           "name=systemd/sd/x/c1", "unified/u/x/c1"};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL, *again = NULL;
        struct cgroup_saved_path saved[CGROUP_MAX_HIERARCHIES];
        struct error e = ERROR_INIT;
        int n;

        mkdirs("pids/p/q");
        mkdirs("cpu,cpuacct/c");
        mkdirs("name=systemd/sd");
        mkdirs("memory");
        mkdirs("unified/u/x");
        put_file("unified/cgroup.controllers", "");
        put_file("unified/u/cgroup.controllers", "");
        put_file("unified/u/x/cgroup.controllers", "");
        assert_int_equal(
            cgroup_resolve_at(mountinfo(v1, "unified"), tree, self, "x/c1", "c1", false, &cg, &e), 0);
        assert_int_equal(cgroup_create(cg, false, &e), 0);
        for (size_t i = 0; i < ARRAY_SIZE(made); i++)
                assert_true(exists(made[i]));
        assert_false(exists("pids/x"));
        assert_false(exists("memory/p"));
        assert_false(exists("cpu,cpuacct/x"));
        assert_false(exists("unified/x"));
        /* each hierarchy's processes go to its own place */
        put_file("memory/x/c1/cgroup.procs", "");
        put_file("pids/p/q/x/c1/cgroup.procs", "");
        put_file("cpu,cpuacct/c/x/c1/cgroup.procs", "");
        put_file("name=systemd/sd/x/c1/cgroup.procs", "");
        put_file("unified/u/x/c1/cgroup.procs", "");
        assert_int_equal(cgroup_enter(cg, 4242, NULL, &e), 0);
        assert_string_equal(get("memory/x/c1/cgroup.procs"), "4242");
        assert_string_equal(get("cpu,cpuacct/c/x/c1/cgroup.procs"), "4242");
        for (size_t i = 0; i < ARRAY_SIZE(made); i++) { /* tmpfs: a file would keep the directory */
                char path[1024];
                snprintf(path, sizeof(path), "%s/%s/cgroup.procs", tree, made[i]);
                assert_int_equal(unlink(path), 0);
        }
        /* found again from the saved paths alone, then removed where it is */
        n = cgroup_hierarchies(cg);
        for (int i = 0; i < n; i++)
                cgroup_hierarchy(cg, i, (const char **)&saved[i].hierarchy, (const char **)&saved[i].path);
        assert_int_equal(cgroup_resolve_saved_at(mountinfo(v1, "unified"), tree, cgroup_path(cg), saved,
                                                 (size_t)n, &again, &e),
                         0);
        assert_int_equal(cgroup_destroy(again, &e), 0);
        for (size_t i = 0; i < ARRAY_SIZE(made); i++)
                assert_false(exists(made[i]));
        assert_true(exists("pids/p/q"));
        assert_true(exists("cpu,cpuacct/c"));
        assert_true(exists("unified/u/x"));
        assert_true(exists("memory/x")); /* made by create: a parent, left as runc leaves it */
}

/* Pure v2: a relative path goes below the parent of our own cgroup. */
static void v2_relative_path_goes_below_our_parent(void **state)
{
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        mkdirs("svc/rt");
        put_file("cgroup.controllers", "");
        put_file("svc/cgroup.controllers", "");
        assert_int_equal(
            cgroup_resolve_at(mountinfo(NULL, ""), tree, "0::/svc/rt\n", "c1", "c1", false, &cg, &e), 0);
        assert_int_equal(cgroup_create(cg, false, &e), 0);
        assert_true(exists("svc/c1"));
        assert_false(exists("svc/rt/c1"));
        assert_int_equal(cgroup_destroy(cg, &e), 0);
        assert_false(exists("svc/c1"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
        const struct CMUnitTest tests[] = {
            T(v1_create_makes_every_level_and_destroy_takes_it_back),
            T(create_failure_names_the_path_and_leaves_nothing),
            T(cpuset_levels_inherit_cpus_and_mems),
            T(v2_parents_delegate_their_controllers),
            T(hybrid_makes_the_unified_cgroup_too),
            T(enter_writes_the_pid_everywhere),
            T(apply_pids_and_memory_on_v1_and_v2),
            T(a_missing_file_or_controller_is_named),
            T(a_failed_update_puts_back_what_it_changed),
            T(each_controller_goes_where_the_host_has_it),
            T(v2_check_before_update_compares_with_usage),
            T(v2_swap_alone_uses_the_current_limit),
            T(pids_are_read_recursively),
            T(destroy_names_a_cgroup_that_stays),
            T(relative_path_goes_below_each_hierarchys_own_cgroup),
            T(v2_relative_path_goes_below_our_parent),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
