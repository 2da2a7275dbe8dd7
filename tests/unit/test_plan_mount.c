/* SPDX-License-Identifier: Apache-2.0 */
/* plan/mount_plan, plan/root_plan, plan/mountinfo: the mount decisions, without a kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cmocka.h>

#include "plan/mount_plan.h"
#include "plan/mountinfo.h"
#include "plan/root_plan.h"

static struct spec_mount mount_of(const char *dest, const char *type, unsigned long flags)
{
        struct spec_mount m;

        memset(&m, 0, sizeof(m));
        m.destination = (char *)dest;
        m.type = (char *)type;
        m.flags = flags;
        return m;
}

static void clean(const char *in, const char *want)
{
        char out[64];

        assert_true(plan_clean_path(in, out, sizeof(out)));
        assert_string_equal(out, want);
}

static void clean_path_is_lexical_and_stays_below_root(void **state)
{
        clean("/", "/");
        clean("", "/");
        clean("//a//b/", "/a/b");
        clean("/a/./b/.", "/a/b");
        clean("/a/b/../c", "/a/c");
        clean("/../../etc", "/etc");
        clean("/a/../../..", "/");
        clean("relative/x", "/relative/x");
        clean("/..a/b..", "/..a/b..");
}

static void clean_path_reports_overflow(void **state)
{
        char out[8];

        assert_true(plan_clean_path("/abcdef", out, sizeof(out)));
        assert_false(plan_clean_path("/abcdefg", out, sizeof(out)));
        assert_false(plan_clean_path("/a", out, 1));
}

static void path_under_matches_components(void **state)
{
        assert_true(plan_path_under("/proc", "/proc"));
        assert_true(plan_path_under("/proc/sys", "/proc"));
        assert_false(plan_path_under("/procfs", "/proc"));
        assert_false(plan_path_under("/", "/proc"));
        assert_true(plan_path_under("/anything", "/"));
}

static void ms_to_attr_translates_and_orders_atime(void **state)
{
        assert_int_equal(plan_ms_to_attr(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC),
                         MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
        assert_int_equal(plan_ms_to_attr(MS_NOATIME), MOUNT_ATTR_NOATIME);
        assert_int_equal(plan_ms_to_attr(MS_RELATIME), MOUNT_ATTR_RELATIME);
        /* As the kernel reads them: strictatime wins over noatime. */
        assert_int_equal(plan_ms_to_attr(MS_NOATIME | MS_STRICTATIME), MOUNT_ATTR_STRICTATIME);
        assert_int_equal(plan_ms_to_attr(MS_NODIRATIME | MS_NOSYMFOLLOW),
                         MOUNT_ATTR_NODIRATIME | MOUNT_ATTR_NOSYMFOLLOW);
        assert_int_equal(plan_ms_to_attr(0), 0);
}

static void statfs_flags_become_ms_with_strictatime_implied(void **state)
{
        assert_int_equal(plan_statfs_to_ms(ST_RDONLY | ST_NOSUID | ST_RELATIME),
                         MS_RDONLY | MS_NOSUID | MS_RELATIME);
        assert_int_equal(plan_statfs_to_ms(ST_NODEV | ST_NOEXEC | ST_NOATIME),
                         MS_NODEV | MS_NOEXEC | MS_NOATIME);
        assert_int_equal(plan_statfs_to_ms(0), MS_STRICTATIME);
        assert_int_equal(plan_statfs_to_ms(ST_NODIRATIME), MS_NODIRATIME | MS_STRICTATIME);
}

static void propagation_flags(void **state)
{
        assert_int_equal(plan_propagation_flags(PROPAGATION_NONE, true), 0);
        assert_int_equal(plan_propagation_flags(PROPAGATION_SHARED, false), MS_SHARED);
        assert_int_equal(plan_propagation_flags(PROPAGATION_SLAVE, true), MS_SLAVE | MS_REC);
        assert_int_equal(plan_propagation_flags(PROPAGATION_PRIVATE, true), MS_PRIVATE | MS_REC);
        assert_int_equal(plan_propagation_flags(PROPAGATION_UNBINDABLE, false), MS_UNBINDABLE);
}

static void mount_kinds(void **state)
{
        struct spec_mount m = mount_of("/x", "tmpfs", 0);

        assert_int_equal(plan_mount_kind(&m), PLAN_MOUNT_FS);
        m.type = "proc";
        assert_int_equal(plan_mount_kind(&m), PLAN_MOUNT_PROC_SYSFS);
        m.type = "sysfs";
        assert_int_equal(plan_mount_kind(&m), PLAN_MOUNT_PROC_SYSFS);
        m.type = "cgroup";
        assert_int_equal(plan_mount_kind(&m), PLAN_MOUNT_CGROUP);
        m.type = "cgroup2";
        assert_int_equal(plan_mount_kind(&m), PLAN_MOUNT_FS);
        m.type = NULL;
        m.bind = true;
        assert_int_equal(plan_mount_kind(&m), PLAN_MOUNT_BIND);
        m.type = "proc";
        assert_int_equal(plan_mount_kind(&m), PLAN_MOUNT_BIND);
}

static void readonly_waits_for_tmpfs_and_dev_only(void **state)
{
        struct spec_mount t = mount_of("/run", "tmpfs", MS_RDONLY | MS_NOSUID);
        struct spec_mount d = mount_of("//dev/", "devtmpfs", MS_RDONLY);
        struct spec_mount p = mount_of("/proc", "proc", MS_RDONLY | MS_NOEXEC);
        struct spec_mount rw = mount_of("/tmp", "tmpfs", MS_NOSUID);

        assert_true(plan_mount_deferred_ro(&t));
        assert_int_equal(plan_mount_flags(&t), MS_NOSUID);
        assert_true(plan_mount_deferred_ro(&d));
        assert_int_equal(plan_mount_flags(&d), 0);
        assert_false(plan_mount_deferred_ro(&p));
        assert_int_equal(plan_mount_flags(&p), MS_RDONLY | MS_NOEXEC);
        assert_false(plan_mount_deferred_ro(&rw));
        /* Bind and remount bits never reach the mount(2) of a new filesystem. */
        p.flags |= MS_REMOUNT | MS_BIND | MS_REC;
        assert_int_equal(plan_mount_flags(&p), MS_RDONLY | MS_NOEXEC);
}

static void bind_needs_flags_only_when_asked(void **state)
{
        struct spec_mount m = mount_of("/d", NULL, MS_BIND | MS_REC);

        m.bind = true;
        assert_false(plan_bind_needs_flags(&m));
        m.flags |= MS_RDONLY;
        assert_true(plan_bind_needs_flags(&m));
        m.flags = MS_BIND;
        m.clear_flags = MS_NOSUID; /* "suid" alone: the remount still happens, clearing it */
        assert_true(plan_bind_needs_flags(&m));
}

static void bind_attr_sets_only_what_is_asked(void **state)
{
        struct plan_attr a = plan_bind_attr(MS_RDONLY | MS_NOSUID);

        assert_int_equal(a.set, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID);
        assert_int_equal(a.clr, MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NOSYMFOLLOW);
        /* No atime flag asked: the atime mode and nodiratime of the source stay. */
        assert_int_equal(a.clr & (MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME), 0);
}

static void bind_attr_replaces_atime_when_asked(void **state)
{
        struct plan_attr a = plan_bind_attr(MS_NOATIME);

        assert_int_equal(a.set, MOUNT_ATTR_NOATIME);
        assert_true(a.clr & MOUNT_ATTR_NODIRATIME);
        assert_int_equal(a.clr & MOUNT_ATTR__ATIME, MOUNT_ATTR__ATIME);

        /* nodiratime alone is relatime with nodiratime, as MS_REMOUNT gives it. */
        a = plan_bind_attr(MS_NODIRATIME);
        assert_int_equal(a.set, MOUNT_ATTR_NODIRATIME | MOUNT_ATTR_RELATIME);
        assert_false(a.clr & MOUNT_ATTR_NODIRATIME);

        a = plan_bind_attr(MS_STRICTATIME | MS_NODIRATIME);
        assert_int_equal(a.set, MOUNT_ATTR_STRICTATIME | MOUNT_ATTR_NODIRATIME);
}

static void locked_flags_are_kept_on_retry(void **state)
{
        unsigned long out = 0;
        const char *why = NULL;

        /* "ro" asked on a source locked nosuid,nodev,noexec,relatime: they are all kept. */
        assert_int_equal(plan_bind_locked_flags(MS_BIND | MS_RDONLY, 0,
                                                MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME, &out, &why),
                         0);
        assert_int_equal(out, MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME);
        /* Flags of the source that are not lockable are not taken. */
        assert_int_equal(
            plan_bind_locked_flags(MS_BIND | MS_NOEXEC, 0, MS_SYNCHRONOUS | MS_RELATIME, &out, &why), 0);
        assert_int_equal(out, MS_BIND | MS_NOEXEC | MS_RELATIME);
}

static void locked_flags_cannot_be_cleared_or_changed(void **state)
{
        unsigned long out = 0;
        const char *why = NULL;

        assert_int_equal(
            plan_bind_locked_flags(MS_BIND, MS_NOSUID | MS_NODEV, MS_NOSUID | MS_RELATIME, &out, &why),
            -EPERM);
        assert_string_equal(why, "cleared");
        assert_int_equal(out, MS_NOSUID);
        assert_int_equal(
            plan_bind_locked_flags(MS_BIND | MS_NOATIME, 0, MS_RELATIME | MS_NODIRATIME, &out, &why), -EPERM);
        assert_string_equal(why, "atime");
        assert_int_equal(out, MS_RELATIME | MS_NODIRATIME);
        /* The same atime as the locked one is fine. */
        assert_int_equal(plan_bind_locked_flags(MS_BIND | MS_RELATIME, 0, MS_RELATIME | MS_NODEV, &out, &why),
                         0);
        assert_int_equal(out, MS_BIND | MS_RELATIME | MS_NODEV);
}

static void flag_names(void **state)
{
        char out[64];

        assert_true(plan_ms_names(MS_RDONLY | MS_NOSUID | MS_NOATIME, out, sizeof(out)));
        assert_string_equal(out, "ro,nosuid,noatime");
        assert_true(plan_ms_names(0, out, sizeof(out)));
        assert_string_equal(out, "");
        assert_false(plan_ms_names(MS_NOSUID | MS_NODEV, out, 8));
}

static void recursive_attrs(void **state)
{
        struct spec_mount m = mount_of("/d", NULL, 0);
        struct plan_attr a;

        a = plan_rec_attr(&m);
        assert_int_equal(a.set | a.clr, 0);
        m.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID;
        m.attr_clr = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
        a = plan_rec_attr(&m);
        assert_int_equal(a.set, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID);
        assert_int_equal(a.clr, MOUNT_ATTR_NODEV);
        m.attr_set = MOUNT_ATTR_NOATIME;
        m.attr_clr = 0;
        m.attr_atime_set = true;
        a = plan_rec_attr(&m);
        assert_int_equal(a.clr, MOUNT_ATTR__ATIME);
}

static void tmpfs_keeps_covered_mode(void **state)
{
        char out[64];

        assert_true(plan_tmpfs_data(true, 041777, NULL, out, sizeof(out)));
        assert_string_equal(out, "mode=1777");
        assert_true(plan_tmpfs_data(true, 040755, "size=1m,mode=700", out, sizeof(out)));
        assert_string_equal(out, "mode=0755,size=1m,mode=700");
        assert_true(plan_tmpfs_data(false, 0, "size=1m", out, sizeof(out)));
        assert_string_equal(out, "size=1m");
        assert_true(plan_tmpfs_data(false, 0, NULL, out, sizeof(out)));
        assert_string_equal(out, "");
        assert_false(plan_tmpfs_data(true, 0755, "size=123456789", out, 16));
}

static void devpts_without_gid(void **state)
{
        char a[] = "newinstance,ptmxmode=0666,mode=0620,gid=5", b[] = "gid=5", c[] = "mode=0620",
             d[] = "gid=5,gidx=1,gid=6";

        assert_true(plan_data_drop_option(a, "gid"));
        assert_string_equal(a, "newinstance,ptmxmode=0666,mode=0620");
        assert_true(plan_data_drop_option(b, "gid"));
        assert_string_equal(b, "");
        assert_false(plan_data_drop_option(c, "gid"));
        assert_string_equal(c, "mode=0620");
        assert_true(plan_data_drop_option(d, "gid"));
        assert_string_equal(d, "gidx=1");
}

static void mount_label_as_context_option(void **state)
{
        char data[96] = "mode=0755,size=1m";

        assert_true(plan_mount_takes_label("tmpfs"));
        assert_true(plan_mount_takes_label("devpts"));
        assert_false(plan_mount_takes_label("proc"));
        assert_false(plan_mount_takes_label("cgroup2"));
        assert_false(plan_mount_takes_label("mqueue"));
        assert_true(plan_label_data(data, sizeof(data), "system_u:object_r:x_t:s0:c1,c2"));
        assert_string_equal(data, "mode=0755,size=1m,context=\"system_u:object_r:x_t:s0:c1,c2\"");
        data[0] = '\0';
        assert_true(plan_label_data(data, sizeof(data), "u:r:t:s0"));
        assert_string_equal(data, "context=\"u:r:t:s0\"");
        /* a context the mount's options already give stays the only one */
        snprintf(data, sizeof(data), "size=1m,rootcontext=u:r:t:s0");
        assert_true(plan_label_data(data, sizeof(data), "u:r:other_t:s0"));
        assert_string_equal(data, "size=1m,rootcontext=u:r:t:s0");
        snprintf(data, 24, "size=1m");
        assert_false(plan_label_data(data, 24, "system_u:object_r:x_t:s0"));
}

static void destination_checks(void **state)
{
        const char *why = NULL;

        assert_int_equal(plan_check_destination("/data", false, &why), 0);
        assert_int_equal(plan_check_destination("/", false, &why), -EPERM);
        assert_non_null(why);
        assert_int_equal(plan_check_destination("/proc", true, &why), 0);
        assert_int_equal(plan_check_destination("/proc", false, &why), -EPERM);
        assert_int_equal(plan_check_destination("/proc/sys", true, &why), -EPERM);
        assert_int_equal(plan_check_destination("/proc/self/attr/exec", false, &why), -EPERM);
        assert_int_equal(plan_check_destination("/proc/meminfo", false, &why), 0);
        assert_int_equal(plan_check_destination("/proc/sys/kernel/ns_last_pid", false, &why), 0);
        assert_int_equal(plan_check_destination("/procfoo", false, &why), 0);
}

static void root_propagation_steps(void **state)
{
        /* Default: rslave before, nothing after. */
        assert_int_equal(plan_root_prepare_flags(PROPAGATION_NONE, false), MS_SLAVE | MS_REC);
        assert_int_equal(plan_root_parent_flags(PROPAGATION_NONE), MS_PRIVATE);
        assert_int_equal(plan_root_final_flags(PROPAGATION_NONE, true), 0);
        /* shared: before and after; the parent of the rootfs stays private for pivot_root. */
        assert_int_equal(plan_root_prepare_flags(PROPAGATION_SHARED, true), MS_SHARED | MS_REC);
        assert_int_equal(plan_root_parent_flags(PROPAGATION_SHARED), MS_PRIVATE);
        assert_int_equal(plan_root_final_flags(PROPAGATION_SHARED, false), MS_SHARED);
        /* slave: the parent follows it. */
        assert_int_equal(plan_root_prepare_flags(PROPAGATION_SLAVE, true), MS_SLAVE | MS_REC);
        assert_int_equal(plan_root_parent_flags(PROPAGATION_SLAVE), MS_SLAVE);
        assert_int_equal(plan_root_final_flags(PROPAGATION_SLAVE, true), 0);
        /* private: before only. */
        assert_int_equal(plan_root_prepare_flags(PROPAGATION_PRIVATE, false), MS_PRIVATE);
        assert_int_equal(plan_root_final_flags(PROPAGATION_PRIVATE, true), 0);
        /* unbindable: rslave before (the rootfs and bind sources must stay bindable), then on "/". */
        assert_int_equal(plan_root_prepare_flags(PROPAGATION_UNBINDABLE, true), MS_SLAVE | MS_REC);
        assert_int_equal(plan_root_final_flags(PROPAGATION_UNBINDABLE, false), MS_UNBINDABLE);
}

static void no_pivot_refuses_private(void **state)
{
        assert_true(plan_root_no_pivot_allowed(PROPAGATION_NONE));
        assert_true(plan_root_no_pivot_allowed(PROPAGATION_SHARED));
        assert_true(plan_root_no_pivot_allowed(PROPAGATION_SLAVE));
        assert_false(plan_root_no_pivot_allowed(PROPAGATION_PRIVATE));
}

static void mountinfo_line_is_parsed(void **state)
{
        char line[] = "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 shared:7 - ext3 /dev/root "
                      "rw,errors=continue\n";
        struct mountinfo_entry e;

        assert_int_equal(plan_mountinfo_parse(line, &e), 0);
        assert_int_equal(e.id, 36);
        assert_int_equal(e.parent, 35);
        assert_string_equal(e.root, "/mnt1");
        assert_string_equal(e.mount_point, "/mnt/with space");
        assert_string_equal(e.options, "rw,noatime");
        assert_string_equal(e.optional, "master:1 shared:7");
        assert_string_equal(e.fstype, "ext3");
        assert_string_equal(e.source, "/dev/root");
        assert_string_equal(e.super_options, "rw,errors=continue");
}

static void mountinfo_without_optional_fields(void **state)
{
        char line[] = "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw";
        char bad[] = "22 1 0:21 / /proc rw";
        struct mountinfo_entry e;

        assert_int_equal(plan_mountinfo_parse(line, &e), 0);
        assert_string_equal(e.optional, "");
        assert_string_equal(e.fstype, "proc");
        assert_int_equal(plan_mountinfo_parse(bad, &e), -EINVAL);
}

static void no_pivot_hides_full_host_proc_and_sysfs(void **state)
{
        char proc[] = "22 1 0:21 / /proc rw - proc proc rw";
        char sys[] = "23 1 0:22 / /sys rw - sysfs sysfs rw";
        char sub[] = "24 22 0:21 /sys /mnt/procsys rw - proc proc rw";
        char inside[] = "25 1 0:23 / /bundle/rootfs/proc rw - proc proc rw";
        char tmp[] = "26 1 0:24 / /tmp rw - tmpfs tmpfs rw";
        struct mountinfo_entry e;

        assert_int_equal(plan_mountinfo_parse(proc, &e), 0);
        assert_true(plan_no_pivot_hides(&e, "/bundle/rootfs"));
        assert_int_equal(plan_mountinfo_parse(sys, &e), 0);
        assert_true(plan_no_pivot_hides(&e, "/bundle/rootfs"));
        assert_int_equal(plan_mountinfo_parse(sub, &e), 0);
        assert_false(plan_no_pivot_hides(&e, "/bundle/rootfs"));
        assert_int_equal(plan_mountinfo_parse(inside, &e), 0);
        assert_false(plan_no_pivot_hides(&e, "/bundle/rootfs"));
        assert_int_equal(plan_mountinfo_parse(tmp, &e), 0);
        assert_false(plan_no_pivot_hides(&e, "/bundle/rootfs"));
}

/* Which mounts are id-mapped, and whose mappings they take. */
static void idmap_source_of_mappings(void **state)
{
        struct spec_id_mapping maps[] = {{0, 100000, 65536}};
        struct spec_mount m = mount_of("/m", NULL, 0);

        m.bind = true;
        assert_int_equal(plan_mount_idmap(&m), PLAN_IDMAP_NONE);
        m.idmap = true;
        assert_int_equal(plan_mount_idmap(&m), PLAN_IDMAP_CONTAINER);
        m.ridmap = true;
        assert_int_equal(plan_mount_idmap(&m), PLAN_IDMAP_CONTAINER);
        m.uid_mappings = m.gid_mappings = maps;
        m.n_uid_mappings = m.n_gid_mappings = 1;
        assert_int_equal(plan_mount_idmap(&m), PLAN_IDMAP_MOUNT);
        m.idmap = m.ridmap = false; /* mappings without the option: id-mapped all the same (runc) */
        assert_int_equal(plan_mount_idmap(&m), PLAN_IDMAP_MOUNT);
}

static void id_maps_compare_entry_by_entry(void **state)
{
        struct spec_id_mapping a[] = {{0, 1000, 1}, {1, 100000, 65535}};
        struct spec_id_mapping b[] = {{0, 1000, 1}, {1, 100000, 65535}};
        struct spec_id_mapping c[] = {{0, 1000, 1}, {1, 100000, 65534}};

        assert_true(plan_id_maps_equal(a, 2, b, 2));
        assert_true(plan_id_maps_equal(a, 0, c, 0));
        assert_false(plan_id_maps_equal(a, 2, c, 2));
        assert_false(plan_id_maps_equal(a, 1, b, 2));
        assert_false(plan_id_maps_equal(b + 1, 1, a, 1));
}

static void bind_source_is_relative_to_the_bundle(void **state)
{
        char out[32];

        assert_true(plan_bind_source("/b", "data", out, sizeof(out)));
        assert_string_equal(out, "/b/data");
        assert_true(plan_bind_source("/b", "/abs", out, sizeof(out)));
        assert_string_equal(out, "/abs");
        assert_true(plan_bind_source(NULL, "rel", out, sizeof(out)));
        assert_string_equal(out, "rel");
        assert_false(plan_bind_source("/bundle/long/enough", "to/overflow/thirty-two", out, sizeof(out)));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(clean_path_is_lexical_and_stays_below_root),
            cmocka_unit_test(clean_path_reports_overflow),
            cmocka_unit_test(path_under_matches_components),
            cmocka_unit_test(ms_to_attr_translates_and_orders_atime),
            cmocka_unit_test(statfs_flags_become_ms_with_strictatime_implied),
            cmocka_unit_test(propagation_flags),
            cmocka_unit_test(mount_kinds),
            cmocka_unit_test(readonly_waits_for_tmpfs_and_dev_only),
            cmocka_unit_test(bind_needs_flags_only_when_asked),
            cmocka_unit_test(bind_attr_sets_only_what_is_asked),
            cmocka_unit_test(bind_attr_replaces_atime_when_asked),
            cmocka_unit_test(locked_flags_are_kept_on_retry),
            cmocka_unit_test(locked_flags_cannot_be_cleared_or_changed),
            cmocka_unit_test(flag_names),
            cmocka_unit_test(recursive_attrs),
            cmocka_unit_test(tmpfs_keeps_covered_mode),
            cmocka_unit_test(devpts_without_gid),
            cmocka_unit_test(destination_checks),
            cmocka_unit_test(root_propagation_steps),
            cmocka_unit_test(no_pivot_refuses_private),
            cmocka_unit_test(mountinfo_line_is_parsed),
            cmocka_unit_test(mountinfo_without_optional_fields),
            cmocka_unit_test(no_pivot_hides_full_host_proc_and_sysfs),
            cmocka_unit_test(idmap_source_of_mappings),
            cmocka_unit_test(id_maps_compare_entry_by_entry),
            cmocka_unit_test(bind_source_is_relative_to_the_bundle),
            cmocka_unit_test(mount_label_as_context_option),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
