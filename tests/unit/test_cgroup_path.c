/* SPDX-License-Identifier: Apache-2.0 */
/* cgroups without a filesystem: cgroupsPath rules, our own cgroup, the host's hierarchies from mountinfo. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/cgroup_internal.h"
#include "linux/cgroup/cgroup_sub.h"
#include "util/cleanup.h"

/* Interprets and returns the path (static buffer), or NULL with the error in *e. */
static const char *interp(const char *cgroups_path, const char *id, bool systemd, const char *own,
                          struct error *e)
{
        static char out[4096];
        _cleanup_free_ char *p = NULL;

        error_clear(e);
        if (cgroup_path_interpret(cgroups_path, id, systemd, own, &p, e) < 0)
                return NULL;
        snprintf(out, sizeof(out), "%s", p);
        return out;
}

static void absolute_paths_stay_and_are_normalised(void **state)
{
        struct error e = ERROR_INIT;

        assert_string_equal(interp("/brownie-test/1/c1", "c1", false, "/ignored", &e), "/brownie-test/1/c1");
        assert_string_equal(interp("/a//b/", "x", false, "/", &e), "/a/b");
        assert_string_equal(interp("/a.b/..c/c..", "x", false, "/", &e), "/a.b/..c/c..");
}

static void relative_and_missing_paths_go_below_our_cgroup(void **state)
{
        struct error e = ERROR_INIT;

        assert_string_equal(interp("a/b", "x", false, "/user/me", &e), "/user/me/a/b");
        assert_string_equal(interp("a/b", "x", false, "/", &e), "/a/b");
        assert_string_equal(interp(NULL, "c1", false, "/user/me", &e), "/user/me/c1");
        assert_string_equal(interp("", "c1", false, "/", &e), "/c1");
}

static void dot_components_and_the_root_are_refused(void **state)
{
        static const char *const bad[] = {"/a/../b", "../x", "/a/./b", "..", "/a/..", "a/./", "/x/\n"};
        struct error e = ERROR_INIT;

        for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
                assert_null(interp(bad[i], "x", false, "/", &e));
                assert_int_equal(e.code, EINVAL);
                assert_non_null(strstr(e.msg, bad[i]));
        }
        assert_null(interp("/", "x", false, "/", &e));
        assert_non_null(strstr(e.msg, "root cgroup"));
        assert_null(interp("//", "x", false, "/", &e));
        assert_null(interp(NULL, "", false, "/", &e));
        assert_null(interp(NULL, "a/b", false, "/", &e));
}

static void systemd_forms_map_to_cgroupfs_paths(void **state)
{
        struct error e = ERROR_INIT;

        assert_string_equal(interp("system.slice:docker:abc", "x", true, "/own", &e),
                            "/system.slice/docker-abc.scope");
        assert_string_equal(interp("a-b.slice:p:n", "x", true, "/", &e), "/a.slice/a-b.slice/p-n.scope");
        assert_string_equal(interp("a-b-c.slice:p:n", "x", true, "/", &e),
                            "/a.slice/a-b.slice/a-b-c.slice/p-n.scope");
        assert_string_equal(interp(":crio:abc", "x", true, "/", &e), "/system.slice/crio-abc.scope");
        assert_string_equal(interp("-.slice:p:n", "x", true, "/", &e), "/p-n.scope");
        assert_string_equal(interp("user.slice:p:my-x.slice", "x", true, "/", &e), "/user.slice/my-x.slice");
        /* unset: runc's "system.slice:runc:<id>", with brownie's prefix; an empty prefix is brownie too */
        assert_string_equal(interp(NULL, "c1", true, "/own", &e), "/system.slice/brownie-c1.scope");
        assert_string_equal(interp("::n", "c1", true, "/own", &e), "/system.slice/brownie-n.scope");
}

static void systemd_forms_are_checked(void **state)
{
        static const char *const bad[] = {
            "abc",          "a:b",          "a:b:c:d",    "/abs/path",  "bad:p:n",       "a--b.slice:p:n",
            "-a.slice:p:n", "a-.slice:p:n", ".slice:p:n", "s.slice:p:", "s.slice:p:a/b", "a/b.slice:p:n",
            "s.slice:a/b:n"};
        struct error e = ERROR_INIT;

        for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
                assert_null(interp(bad[i], "x", true, "/", &e));
                assert_int_equal(e.code, EINVAL);
                assert_non_null(strstr(e.msg, bad[i]));
        }
}

static void own_cgroup_from_proc_self_cgroup(void **state)
{
        static const char hybrid[] = "9:name=systemd:/sd\n8:pids:/p\n4:memory:/process_api/f7\n0::/u\n";
        static const char v1[] = "3:cpu,cpuacct:/c\n2:memory:/m\n";
        char own[256];

        cgroup_own_path("0::/a/b\n", CGROUP_MODE_V2, own, sizeof(own));
        assert_string_equal(own, "/a");
        cgroup_own_path("0::/a\n", CGROUP_MODE_V2, own, sizeof(own));
        assert_string_equal(own, "/");
        cgroup_own_path("0::/\n", CGROUP_MODE_V2, own, sizeof(own));
        assert_string_equal(own, "/");
        cgroup_own_path(hybrid, CGROUP_MODE_HYBRID, own, sizeof(own));
        assert_string_equal(own, "/sd");
        cgroup_own_path(v1, CGROUP_MODE_V1, own, sizeof(own));
        assert_string_equal(own, "/c");
        cgroup_own_path("0::/only\n", CGROUP_MODE_HYBRID, own, sizeof(own));
        assert_string_equal(own, "/only");
        cgroup_own_path(NULL, CGROUP_MODE_V1, own, sizeof(own));
        assert_string_equal(own, "/");
        cgroup_own_path("garbage\n", CGROUP_MODE_V2, own, sizeof(own));
        assert_string_equal(own, "/");
}

/* This VM's mountinfo, plus the kinds of lines that must not count. */
static const char hybrid_mountinfo[] =
    "25 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
    "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
    "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
    /* another mount of the pids hierarchy elsewhere, a named hierarchy we do not use, a cgroup
     * mount outside the root: none adds a hierarchy */
    "50 25 0:36 / /sys/fs/cgroup/pids2 rw - cgroup cgroup rw,pids\n"
    "51 31 0:40 / /sys/fs/cgroup/elogind rw - cgroup cgroup rw,name=elogind\n"
    "52 25 0:41 / /mnt/cg rw - cgroup cgroup rw,hugetlb\n"
    "bad line\n";

static void hybrid_host_from_mountinfo(void **state)
{
        struct cgroup cg = {.v2_fd = -1};
        struct error e = ERROR_INIT;
        bool v2;

        assert_int_equal(cgroup_discover_mountinfo(hybrid_mountinfo, "/sys/fs/cgroup", &cg, &e), 0);
        assert_int_equal(cg.mode, CGROUP_MODE_HYBRID);
        assert_int_equal(cg.n, 10);
        assert_string_equal(cgroup_find(&cg, "name=systemd")->mount, "/sys/fs/cgroup/systemd");
        assert_string_equal(cgroup_find(&cg, "cpu")->mount, "/sys/fs/cgroup/cpu");
        assert_string_equal(cgroup_find(&cg, "cpuset")->mount, "/sys/fs/cgroup/cpuset");
        assert_string_equal(cgroup_find(&cg, "pids")->mount, "/sys/fs/cgroup/pids");
        assert_string_equal(cgroup_find(&cg, "")->mount, "/sys/fs/cgroup/unified");
        assert_null(cgroup_find(&cg, "hugetlb"));
        assert_null(cgroup_find(&cg, "net_cls"));
        /* what v1 lacks goes to the unified hierarchy; what v1 has stays there */
        assert_string_equal(cgroup_controller(&cg, "hugetlb", &v2)->mount, "/sys/fs/cgroup/unified");
        assert_true(v2);
        assert_string_equal(cgroup_controller(&cg, "memory", &v2)->mount, "/sys/fs/cgroup/memory");
        assert_false(v2);
}

static void comounts_overmounts_and_escapes(void **state)
{
        static const char mi[] = "1 0 0:10 / /cg rw - tmpfs tmpfs rw\n"
                                 "2 1 0:11 / /cg/cpu,cpuacct rw - cgroup cgroup rw,nosuid,cpu,cpuacct\n"
                                 "3 1 0:12 / /cg/memory rw - cgroup cgroup rw,memory\n"
                                 "4 1 0:13 / /cg/memory rw - cgroup cgroup rw,pids\n"
                                 "5 1 0:14 / /cg/net\\040x rw shared:3 - cgroup cgroup rw,net_cls,net_prio\n";
        struct cgroup cg = {.v2_fd = -1};
        struct error e = ERROR_INIT;

        assert_int_equal(cgroup_discover_mountinfo(mi, "/cg/", &cg, &e), 0);
        assert_int_equal(cg.mode, CGROUP_MODE_V1);
        assert_int_equal(cg.n, 3);
        assert_string_equal(cgroup_find(&cg, "cpuacct")->name, "cpu,cpuacct");
        assert_ptr_equal(cgroup_find(&cg, "cpu"), cgroup_find(&cg, "cpuacct"));
        assert_null(cgroup_find(&cg, "cpuset"));
        assert_null(cgroup_find(&cg, "memory")); /* hidden by the pids mount on the same point */
        assert_string_equal(cgroup_find(&cg, "pids")->mount, "/cg/memory");
        assert_string_equal(cgroup_find(&cg, "net_prio")->mount, "/cg/net x");
        assert_null(cgroup_find(&cg, ""));
}

static void pure_v2_and_no_cgroups(void **state)
{
        static const char v2[] = "1 0 0:10 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n";
        static const char none[] = "1 0 0:10 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n";
        struct cgroup cg = {.v2_fd = -1};
        struct error e = ERROR_INIT;

        assert_int_equal(cgroup_discover_mountinfo(v2, "/sys/fs/cgroup", &cg, &e), 0);
        assert_int_equal(cg.mode, CGROUP_MODE_V2);
        assert_int_equal(cg.n, 1);
        assert_true(cg.h[0].v2);
        assert_string_equal(cg.h[0].mount, "/sys/fs/cgroup");
        assert_int_equal(cgroup_discover_mountinfo(none, "/sys/fs/cgroup", &cg, &e), -ENOENT);
        assert_non_null(strstr(e.msg, "/sys/fs/cgroup"));
}

static void resolve_at_puts_it_together(void **state)
{
        static const char v2[] = "1 0 0:10 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        assert_int_equal(
            cgroup_resolve_at(v2, "/sys/fs/cgroup", "0::/svc/runtime\n", "pods/c1", "c1", false, &cg, &e), 0);
        assert_string_equal(cgroup_path(cg), "/svc/pods/c1");
        assert_int_equal(cgroup_v2_fd(cg), -1); /* not created yet */
        cgroup_free(TAKE_PTR(cg));
        assert_int_equal(cgroup_resolve_at(hybrid_mountinfo, "/sys/fs/cgroup", "9:name=systemd:/sd\n0::/\n",
                                           NULL, "c2", false, &cg, &e),
                         0);
        assert_string_equal(cgroup_path(cg), "/sd/c2");
        cgroup_free(TAKE_PTR(cg));
        assert_int_equal(cgroup_resolve_at(v2, "/sys/fs/cgroup", NULL, "/a/../b", "c", false, &cg, &e),
                         -EINVAL);
        assert_null(cg);
}

/* A "cgroup" mount on a v1 or hybrid host binds each v1 hierarchy's cgroup into its tmpfs: criu is told
 * each bind by its directory there and its host source; the unified hierarchy is not among them. */
static void v1_binds_of_a_cgroup_mount(void **state)
{
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;
        char base[64], src[256];
        int i, r, n = 0;

        assert_int_equal(
            cgroup_resolve_at(hybrid_mountinfo, "/sys/fs/cgroup", "0::/\n", "/pods/c1", "c1", false, &cg, &e),
            0);
        for (i = 0; (r = cgroup_v1_bind(cg, i, base, sizeof(base), src, sizeof(src))) != -ENOENT; i++) {
                assert_true(r == 0 || r == 1);
                if (r == 0) {
                        assert_true(cg->h[i].v2);
                        continue;
                }
                n++;
                assert_false(cg->h[i].v2);
                if (!strcmp(base, "systemd"))
                        assert_string_equal(src, "/sys/fs/cgroup/systemd/pods/c1");
                if (!strcmp(base, "freezer"))
                        assert_string_equal(src, "/sys/fs/cgroup/freezer/pods/c1");
        }
        assert_int_equal(i, 10);
        assert_int_equal(n, 9);
        assert_int_equal(cgroup_v1_bind(cg, 0, base, sizeof(base), src, 8), -ENAMETOOLONG);
        assert_int_equal(cgroup_v1_bind(cg, -1, base, sizeof(base), src, sizeof(src)), -ENOENT);
}

/* The path of hierarchy name ("" unified) in a resolved cgroup. */
static const char *path_in(const struct cgroup *cg, const char *name)
{
        for (int i = 0; i < cgroup_hierarchies(cg); i++) {
                const char *n, *p;

                cgroup_hierarchy(cg, i, &n, &p);
                if (!strcmp(n, name))
                        return p;
        }
        fail_msg("no hierarchy \"%s\"", name);
        return NULL;
}

static void own_cgroup_of_each_hierarchy(void **state)
{
        static const char text[] = "9:name=systemd:/sd\n8:pids:/p\n4:memory:/a/b\n3:cpuacct,cpu:/\n0::/u/v\n";
        struct cgroup_hierarchy h = {.v2 = false};
        char own[256];

        snprintf(h.name, sizeof(h.name), "memory");
        cgroup_own_path_of(text, CGROUP_MODE_HYBRID, &h, own, sizeof(own));
        assert_string_equal(own, "/a/b");
        snprintf(h.name, sizeof(h.name), "cpu,cpuacct"); /* the same set in another order */
        cgroup_own_path_of(text, CGROUP_MODE_V1, &h, own, sizeof(own));
        assert_string_equal(own, "/");
        snprintf(h.name, sizeof(h.name), "cpu"); /* not the set "cpu,cpuacct": the primary own */
        cgroup_own_path_of(text, CGROUP_MODE_V1, &h, own, sizeof(own));
        assert_string_equal(own, "/sd");
        snprintf(h.name, sizeof(h.name), "name=systemd");
        cgroup_own_path_of(text, CGROUP_MODE_HYBRID, &h, own, sizeof(own));
        assert_string_equal(own, "/sd");
        /* the unified hierarchy: "0::" itself on hybrid, its parent on pure v2 */
        h.v2 = true;
        h.name[0] = '\0';
        cgroup_own_path_of(text, CGROUP_MODE_HYBRID, &h, own, sizeof(own));
        assert_string_equal(own, "/u/v");
        cgroup_own_path_of("0::/u/v\n", CGROUP_MODE_V2, &h, own, sizeof(own));
        assert_string_equal(own, "/u");
        cgroup_own_path_of("9:name=systemd:/sd\n", CGROUP_MODE_HYBRID, &h, own, sizeof(own));
        assert_string_equal(own, "/sd"); /* no "0::" line: the primary own */
}

static void relative_paths_go_below_each_hierarchys_own_cgroup(void **state)
{
        static const char self[] = "9:name=systemd:/sd\n8:pids:/p\n5:memory:/a/b\n4:cpu,cpuacct:/\n"
                                   "3:cpuset:/\n0::/u\n";
        static const char v2[] = "1 0 0:10 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        assert_int_equal(
            cgroup_resolve_at(hybrid_mountinfo, "/sys/fs/cgroup", self, "pods/c1", "c1", false, &cg, &e), 0);
        assert_string_equal(cgroup_path(cg), "/sd/pods/c1"); /* primary: name=systemd's, as before */
        assert_string_equal(path_in(cg, "memory"), "/a/b/pods/c1");
        assert_string_equal(path_in(cg, "pids"), "/p/pods/c1");
        assert_string_equal(path_in(cg, "cpuset"), "/pods/c1");
        assert_string_equal(path_in(cg, "name=systemd"), "/sd/pods/c1");
        assert_string_equal(path_in(cg, "cpu"), "/sd/pods/c1"); /* no "cpu" line: the primary own */
        assert_string_equal(path_in(cg, ""), "/u/pods/c1");
        cgroup_free(TAKE_PTR(cg));
        /* none: "<id>", relative the same way */
        assert_int_equal(
            cgroup_resolve_at(hybrid_mountinfo, "/sys/fs/cgroup", self, NULL, "c2", false, &cg, &e), 0);
        assert_string_equal(path_in(cg, "memory"), "/a/b/c2");
        assert_string_equal(path_in(cg, ""), "/u/c2");
        cgroup_free(TAKE_PTR(cg));
        /* absolute and systemd's: the same everywhere, whatever our own cgroups */
        assert_int_equal(
            cgroup_resolve_at(hybrid_mountinfo, "/sys/fs/cgroup", self, "/x/c3", "c3", false, &cg, &e), 0);
        for (int i = 0; i < cgroup_hierarchies(cg); i++) {
                const char *n, *p;
                cgroup_hierarchy(cg, i, &n, &p);
                assert_string_equal(p, "/x/c3");
        }
        assert_string_equal(cgroup_path(cg), "/x/c3");
        cgroup_free(TAKE_PTR(cg));
        assert_int_equal(cgroup_resolve_at(hybrid_mountinfo, "/sys/fs/cgroup", self, "system.slice:docker:c4",
                                           "c4", true, &cg, &e),
                         0);
        for (int i = 0; i < cgroup_hierarchies(cg); i++) {
                const char *n, *p;
                cgroup_hierarchy(cg, i, &n, &p);
                assert_string_equal(p, "/system.slice/docker-c4.scope");
        }
        cgroup_free(TAKE_PTR(cg));
        /* pure v2: the parent of ours, as before */
        assert_int_equal(
            cgroup_resolve_at(v2, "/sys/fs/cgroup", "0::/svc/runtime\n", "c5", "c5", false, &cg, &e), 0);
        assert_int_equal(cgroup_hierarchies(cg), 1);
        assert_string_equal(path_in(cg, ""), "/svc/c5");
        assert_string_equal(cgroup_path(cg), "/svc/c5");
}

static void saved_paths_are_found_again_by_hierarchy(void **state)
{
        static const struct cgroup_saved_path saved[] = {
            {"memory", "/a/b/c1"}, {"", "/u/c1"}, {"hugetlb", "/h/c1"}, /* not mounted: ignored */
        };
        static const struct cgroup_saved_path relative[] = {{"pids", "p/c1"}};
        static const struct cgroup_saved_path dots[] = {{"pids", "/p/../c1"}};
        _cleanup_(cleanup_cgroupp) struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;

        assert_int_equal(
            cgroup_resolve_saved_at(hybrid_mountinfo, "/sys/fs/cgroup", "/sd/c1", saved, 3, &cg, &e), 0);
        assert_string_equal(cgroup_path(cg), "/sd/c1");
        assert_string_equal(path_in(cg, "memory"), "/a/b/c1");
        assert_string_equal(path_in(cg, ""), "/u/c1");
        assert_string_equal(path_in(cg, "pids"), "/sd/c1"); /* not saved: the primary */
        cgroup_free(TAKE_PTR(cg));
        /* an older state: one path everywhere */
        assert_int_equal(
            cgroup_resolve_saved_at(hybrid_mountinfo, "/sys/fs/cgroup", "/x//c1/", NULL, 0, &cg, &e), 0);
        assert_string_equal(path_in(cg, "memory"), "/x/c1");
        assert_string_equal(path_in(cg, ""), "/x/c1");
        cgroup_free(TAKE_PTR(cg));
        assert_int_equal(
            cgroup_resolve_saved_at(hybrid_mountinfo, "/sys/fs/cgroup", "/c1", relative, 1, &cg, &e),
            -EINVAL);
        assert_non_null(strstr(e.msg, "p/c1"));
        assert_int_equal(cgroup_resolve_saved_at(hybrid_mountinfo, "/sys/fs/cgroup", "/c1", dots, 1, &cg, &e),
                         -EINVAL);
        assert_int_equal(cgroup_resolve_saved_at(hybrid_mountinfo, "/sys/fs/cgroup", NULL, NULL, 0, &cg, &e),
                         -EINVAL);
        assert_null(cg);
}

/* exec --cgroup, as runc parses it. */
static void exec_sub_cgroups_are_parsed_as_runc_does(void **state)
{
        struct error err = ERROR_INIT;
        struct cgroup_subs subs;
        const char *path;

        (void)state;
        assert_int_equal(cgroup_subs_parse((char *[]){"/a/b", NULL}, &subs, &err), 0);
        assert_int_equal(subs.n, 1);
        assert_string_equal(subs.s[0].controller, "");
        assert_string_equal(subs.s[0].path, "a/b");
        assert_int_equal(cgroup_subs_for(&subs, "memory", &path, &err), 0);
        assert_string_equal(path, "a/b");
        assert_int_equal(cgroup_subs_for(&subs, "", &path, &err), 0);
        assert_string_equal(path, "a/b");

        assert_int_equal(cgroup_subs_parse((char *[]){"cpu,memory:x", "pids:y", NULL}, &subs, &err), 0);
        assert_int_equal(subs.n, 3);
        assert_int_equal(cgroup_subs_for(&subs, "cpu,cpuacct", &path, &err), 0);
        assert_string_equal(path, "x");
        assert_int_equal(cgroup_subs_for(&subs, "pids", &path, &err), 0);
        assert_string_equal(path, "y");
        assert_int_equal(cgroup_subs_for(&subs, "freezer", &path, &err), 0);
        assert_null(path); /* stays in the container's own cgroup */

        assert_int_equal(cgroup_subs_parse((char *[]){"cpu:x", "cpuacct:z", NULL}, &subs, &err), 0);
        assert_int_equal(cgroup_subs_for(&subs, "cpu,cpuacct", &path, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "different paths"));

        assert_int_equal(cgroup_subs_parse((char *[]){"a", "b", NULL}, &subs, &err), -EINVAL);
        assert_string_equal(err.msg, "invalid --cgroup argument: a (missing <controller>: prefix)");
        assert_int_equal(cgroup_subs_parse((char *[]){"pids:a", "pids:b", NULL}, &subs, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "controller pids specified multiple times"));
        assert_int_equal(cgroup_subs_parse((char *[]){",pids:a", NULL}, &subs, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "empty <controller> prefix"));
        /* cleaned as runc joins them: up and down again stays below; above the cgroup is refused */
        assert_int_equal(cgroup_subs_parse((char *[]){"pids:a/../../b", NULL}, &subs, &err), -EINVAL);
        assert_string_equal(err.msg,
                            "invalid --cgroup argument pids:a/../../b: a/../../b is not a sub cgroup path");
        assert_int_equal(cgroup_subs_parse((char *[]){"..", NULL}, &subs, &err), -EINVAL);
        assert_non_null(strstr(err.msg, " .. is not a sub cgroup path"));
        assert_int_equal(cgroup_subs_parse((char *[]){"pids:/x/./a/../b//c/", NULL}, &subs, &err), 0);
        assert_string_equal(subs.s[0].path, "x/b/c");
        /* "/" and "a/.." are the container's cgroup itself */
        assert_int_equal(cgroup_subs_parse((char *[]){"pids:/", NULL}, &subs, &err), 0);
        assert_string_equal(subs.s[0].path, "");
        assert_int_equal(cgroup_subs_parse((char *[]){"a/..", NULL}, &subs, &err), 0);
        assert_string_equal(subs.s[0].path, "");
        assert_int_equal(cgroup_subs_parse(NULL, &subs, &err), 0);
        assert_int_equal(subs.n, 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(absolute_paths_stay_and_are_normalised),
            cmocka_unit_test(relative_and_missing_paths_go_below_our_cgroup),
            cmocka_unit_test(dot_components_and_the_root_are_refused),
            cmocka_unit_test(systemd_forms_map_to_cgroupfs_paths),
            cmocka_unit_test(systemd_forms_are_checked),
            cmocka_unit_test(own_cgroup_from_proc_self_cgroup),
            cmocka_unit_test(hybrid_host_from_mountinfo),
            cmocka_unit_test(comounts_overmounts_and_escapes),
            cmocka_unit_test(pure_v2_and_no_cgroups),
            cmocka_unit_test(resolve_at_puts_it_together),
            cmocka_unit_test(own_cgroup_of_each_hierarchy),
            cmocka_unit_test(relative_paths_go_below_each_hierarchys_own_cgroup),
            cmocka_unit_test(saved_paths_are_found_again_by_hierarchy),
            cmocka_unit_test(exec_sub_cgroups_are_parsed_as_runc_does),
            cmocka_unit_test(v1_binds_of_a_cgroup_mount),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
