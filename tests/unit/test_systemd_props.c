/* SPDX-License-Identifier: Apache-2.0 */
/* --systemd-cgroup without systemd: unit and slice names, and the unit properties of linux.resources. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "linux/cgroup/systemd_props.h"
#include "model/spec.h"
#include "util/cleanup.h"

/* The n-th property of that name (0: the first), or NULL. */
static const struct sd_prop *find(const struct sd_props *l, const char *name, int n)
{
        for (size_t i = 0; i < l->n; i++)
                if (!strcmp(l->p[i].name, name) && n-- == 0)
                        return &l->p[i];
        return NULL;
}

static uint64_t u64_of(const struct sd_props *l, const char *name)
{
        const struct sd_prop *p = find(l, name, 0);

        assert_non_null(p);
        assert_int_equal(p->kind, SD_PROP_U64);
        return p->u;
}

static struct spec_resources *resources(const char *json)
{
        struct spec_resources *r = NULL;
        struct error e = ERROR_INIT;

        if (spec_resources_parse(json, strlen(json), "resources.json", &r, &e) < 0)
                fail_msg("%s", e.msg);
        return r;
}

/* The properties of json on a v2 or v1 host, systemd of version sd_version, no device rules. */
static void props_of(const char *json, bool v2, int sd_version, struct sd_props *out)
{
        struct spec_resources *r = resources(json);
        struct error e = ERROR_INIT;

        memset(out, 0, sizeof(*out));
        if (sd_props_resources(r, NULL, 0, v2, sd_version, out, &e) < 0)
                fail_msg("%s", e.msg);
        spec_resources_free(r);
}

static void unit_names_and_defaults(void **state)
{
        struct error e = ERROR_INIT;
        struct sd_unit u;

        assert_int_equal(sd_unit_parse("system.slice:docker:abc", "x", &u, &e), 0);
        assert_string_equal(u.slice, "system.slice");
        assert_string_equal(u.unit, "docker-abc.scope");
        assert_false(u.is_slice);
        /* no cgroupsPath: runc's ":runc:<id>" with brownie's prefix */
        assert_int_equal(sd_unit_parse(NULL, "c1", &u, &e), 0);
        assert_string_equal(u.slice, "system.slice");
        assert_string_equal(u.unit, "brownie-c1.scope");
        assert_int_equal(sd_unit_parse("", "c1", &u, &e), 0);
        assert_string_equal(u.unit, "brownie-c1.scope");
        /* empty slice and prefix take the defaults; a nested slice is kept as named */
        assert_int_equal(sd_unit_parse("::n", "c1", &u, &e), 0);
        assert_string_equal(u.slice, "system.slice");
        assert_string_equal(u.unit, "brownie-n.scope");
        assert_int_equal(sd_unit_parse("a-b.slice:p:n", "c1", &u, &e), 0);
        assert_string_equal(u.slice, "a-b.slice");
        assert_string_equal(u.unit, "p-n.scope");
        /* a name that is a slice is the unit itself */
        assert_int_equal(sd_unit_parse("user.slice:p:my-x.slice", "c1", &u, &e), 0);
        assert_string_equal(u.unit, "my-x.slice");
        assert_true(u.is_slice);
}

static void unit_names_refused(void **state)
{
        static const char *const bad[] = {"abc",        "a:b",           "a:b:c:d",       "bad:p:n",
                                          "s.slice:p:", "s.slice:p:a/b", "a/b.slice:p:n", "s.slice:a/b:n"};
        struct error e = ERROR_INIT;
        struct sd_unit u;

        for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
                error_clear(&e);
                assert_int_equal(sd_unit_parse(bad[i], "x", &u, &e), -EINVAL);
                assert_non_null(strstr(e.msg, bad[i]));
        }
}

static void scope_and_slice_units(void **state)
{
        struct error e = ERROR_INIT;
        struct sd_props l = {0};
        const struct sd_prop *p;
        struct sd_unit u;

        assert_int_equal(sd_unit_parse("machine.slice:pfx:c1", "c1", &u, &e), 0);
        assert_int_equal(sd_props_unit(&u, 4242, true, &l, &e), 0);
        assert_string_equal(find(&l, "Description", 0)->s, "brownie container c1");
        assert_string_equal(find(&l, "Slice", 0)->s, "machine.slice");
        assert_int_equal(find(&l, "Delegate", 0)->kind, SD_PROP_BOOL);
        assert_int_equal(find(&l, "Delegate", 0)->u, 1);
        p = find(&l, "PIDs", 0);
        assert_non_null(p);
        assert_int_equal(p->kind, SD_PROP_PIDS);
        assert_int_equal(p->u, 4242);
        assert_non_null(find(&l, "IOAccounting", 0));
        assert_null(find(&l, "BlockIOAccounting", 0));
        assert_int_equal(find(&l, "DefaultDependencies", 0)->u, 0);
        assert_null(find(&l, "Wants", 0));

        /* v1 names, and a slice: Wants= its parent, no delegation, no pid */
        memset(&l, 0, sizeof(l));
        assert_int_equal(sd_unit_parse("a.slice:p:a-b.slice", "c1", &u, &e), 0);
        assert_int_equal(sd_props_unit(&u, 0, false, &l, &e), 0);
        assert_string_equal(find(&l, "Wants", 0)->s, "a.slice");
        assert_null(find(&l, "Slice", 0));
        assert_null(find(&l, "Delegate", 0));
        assert_null(find(&l, "PIDs", 0));
        assert_non_null(find(&l, "BlockIOAccounting", 0));
        assert_null(find(&l, "IOAccounting", 0));
}

static void memory_pids_io_v2_and_v1(void **state)
{
        static const char json[] =
            "{\"memory\": {\"limit\": 268435456, \"swap\": 536870912, \"reservation\": "
            "1048576}, \"pids\": {\"limit\": 100}, \"blockIO\": {\"weight\": 500}}";
        struct sd_props l;

        props_of(json, true, 252, &l);
        assert_int_equal(u64_of(&l, "MemoryMax"), 268435456);
        assert_int_equal(u64_of(&l, "MemoryLow"), 1048576);
        assert_int_equal(u64_of(&l, "MemorySwapMax"), 536870912 - 268435456); /* swap alone */
        assert_int_equal(u64_of(&l, "TasksMax"), 100);
        assert_int_equal(u64_of(&l, "IOWeight"), 1 + (500 - 10) * 9999 / 990);
        assert_null(find(&l, "MemoryLimit", 0));
        assert_null(find(&l, "BlockIOWeight", 0));

        props_of(json, false, 252, &l);
        assert_int_equal(u64_of(&l, "MemoryLimit"), 268435456);
        assert_int_equal(u64_of(&l, "BlockIOWeight"), 500);
        assert_null(find(&l, "MemoryMax", 0));
        assert_null(find(&l, "MemorySwapMax", 0));
        assert_null(find(&l, "IOWeight", 0));

        /* unlimited: systemd's infinity, swap too when memory is lifted */
        props_of("{\"memory\": {\"limit\": -1}, \"pids\": {\"limit\": -1}}", true, 252, &l);
        assert_true(u64_of(&l, "MemoryMax") == SD_INFINITY);
        assert_true(u64_of(&l, "MemorySwapMax") == SD_INFINITY);
        assert_true(u64_of(&l, "TasksMax") == SD_INFINITY);
        /* swap alone cannot be counted here: the files count it against memory.max */
        props_of("{\"memory\": {\"swap\": 1048576}}", true, 252, &l);
        assert_null(find(&l, "MemorySwapMax", 0));
}

static void shares_become_weight(void **state)
{
        struct sd_props l;

        props_of("{\"cpu\": {\"shares\": 1024}}", true, 252, &l);
        assert_int_equal(u64_of(&l, "CPUWeight"), 1 + (1024 - 2) * 9999 / 262142);
        assert_null(find(&l, "CPUShares", 0));
        props_of("{\"cpu\": {\"shares\": 1}}", true, 252, &l);
        assert_int_equal(u64_of(&l, "CPUWeight"), 1);
        props_of("{\"cpu\": {\"shares\": 300000}}", true, 252, &l);
        assert_int_equal(u64_of(&l, "CPUWeight"), 10000);
        props_of("{\"cpu\": {\"shares\": 1024}}", false, 252, &l);
        assert_int_equal(u64_of(&l, "CPUShares"), 1024);
        assert_null(find(&l, "CPUWeight", 0));
        /* cpu.idle 1 is CPUWeight=0 from systemd 252, and wins over the shares */
        props_of("{\"cpu\": {\"shares\": 1024, \"idle\": 1}}", true, 252, &l);
        assert_int_equal(u64_of(&l, "CPUWeight"), 0);
        assert_null(find(&l, "CPUWeight", 1));
        props_of("{\"cpu\": {\"shares\": 1024, \"idle\": 1}}", true, 251, &l);
        assert_int_equal(u64_of(&l, "CPUWeight"), 1 + (1024 - 2) * 9999 / 262142);
}

static void quota_per_second(void **state)
{
        struct sd_props l;

        assert_int_equal(sd_quota_per_sec(50000, 100000), 500000);
        assert_int_equal(sd_quota_per_sec(50000, 0), 500000);      /* the kernel's period */
        assert_int_equal(sd_quota_per_sec(12345, 100000), 130000); /* up to 10 ms steps, as runc */
        assert_int_equal(sd_quota_per_sec(25000, 50000), 500000);
        assert_true(sd_quota_per_sec(-1, 100000) == SD_INFINITY);
        /* the cgroup's file gets what systemd keeps */
        assert_int_equal(sd_quota_rounded(12345, 100000), 13000);
        assert_int_equal(sd_quota_rounded(12345, 0), 13000);
        assert_int_equal(sd_quota_rounded(50000, 100000), 50000);
        assert_int_equal(sd_quota_rounded(-1, 100000), -1);

        props_of("{\"cpu\": {\"quota\": 25000, \"period\": 50000}}", true, 252, &l);
        assert_int_equal(u64_of(&l, "CPUQuotaPerSecUSec"), 500000);
        assert_int_equal(u64_of(&l, "CPUQuotaPeriodUSec"), 50000);
        /* CPUQuotaPeriodUSec came with systemd 242 */
        props_of("{\"cpu\": {\"quota\": 25000, \"period\": 50000}}", true, 241, &l);
        assert_null(find(&l, "CPUQuotaPeriodUSec", 0));
        assert_int_equal(u64_of(&l, "CPUQuotaPerSecUSec"), 500000);
        /* a period alone lifts the quota */
        props_of("{\"cpu\": {\"quota\": -1, \"period\": 100000}}", false, 252, &l);
        assert_true(u64_of(&l, "CPUQuotaPerSecUSec") == SD_INFINITY);
        props_of("{\"cpu\": {\"shares\": 512}}", true, 252, &l);
        assert_null(find(&l, "CPUQuotaPerSecUSec", 0));
}

static void cpusets_as_bitmasks(void **state)
{
        uint8_t bytes[SD_BITMASK_MAX];
        const struct sd_prop *p;
        struct sd_props l;

        assert_int_equal(sd_cpu_bitmask("0-3,7", bytes, sizeof(bytes)), 1);
        assert_int_equal(bytes[0], 0x8f);
        assert_int_equal(sd_cpu_bitmask("8", bytes, sizeof(bytes)), 2);
        assert_int_equal(bytes[0], 0);
        assert_int_equal(bytes[1], 1);
        assert_int_equal(sd_cpu_bitmask("1,9-10", bytes, sizeof(bytes)), 2);
        assert_int_equal(bytes[0], 0x02);
        assert_int_equal(bytes[1], 0x06);
        assert_int_equal(sd_cpu_bitmask("3-1", bytes, sizeof(bytes)), -EINVAL);
        assert_int_equal(sd_cpu_bitmask("", bytes, sizeof(bytes)), -EINVAL);
        assert_int_equal(sd_cpu_bitmask("1024", bytes, sizeof(bytes)), -EINVAL);

        props_of("{\"cpu\": {\"cpus\": \"0-1\", \"mems\": \"0\"}}", true, 252, &l);
        p = find(&l, "AllowedCPUs", 0);
        assert_non_null(p);
        assert_int_equal(p->kind, SD_PROP_BITMASK);
        assert_int_equal(p->n_bytes, 1);
        assert_int_equal(p->bytes[0], 0x03);
        assert_int_equal(find(&l, "AllowedMemoryNodes", 0)->bytes[0], 0x01);
        /* AllowedCPUs came with systemd 244: older ones get the files only */
        props_of("{\"cpu\": {\"cpus\": \"0-1\", \"mems\": \"0\"}}", true, 243, &l);
        assert_null(find(&l, "AllowedCPUs", 0));
        assert_null(find(&l, "AllowedMemoryNodes", 0));
}

static void unified_keys(void **state)
{
        struct sd_props l;

        props_of("{\"unified\": {\"memory.high\": \"max\", \"memory.min\": \"4096\", \"pids.max\": \"0\", "
                 "\"io.max\": \"8:0 rbps=1\"}}",
                 true, 252, &l);
        assert_true(u64_of(&l, "MemoryHigh") == SD_INFINITY);
        assert_int_equal(u64_of(&l, "MemoryMin"), 4096);
        assert_int_equal(u64_of(&l, "TasksMax"), 1); /* systemd takes no 0 */
        assert_int_equal(l.n, 3);                    /* io.max has no property: the file only */
}

static const struct sd_device_allow *allowed(const struct sd_props *l, const char *path)
{
        const struct sd_prop *p = find(l, "DeviceAllow", 1);

        for (size_t i = 0; p && i < p->n_devices; i++)
                if (!strcmp(p->devices[i].path, path))
                        return &p->devices[i];
        return NULL;
}

static void device_rules_to_device_allow(void **state)
{
        const struct device_rule rules[] = {
            {false, 'a', -1, -1, "rwm"}, {true, 'c', 1, 3, "rwm"}, {true, 'c', 136, -1, "rw"},
            {true, 'b', -1, -1, "m"},    {false, 'c', 1, 3, "w"},  {true, 'a', 5, 1, "r"},
        };
        struct spec_resources r = {0};
        struct error e = ERROR_INIT;
        struct sd_props l = {0};

        assert_int_equal(sd_props_resources(&r, rules, ARRAY_SIZE(rules), true, 252, &l, &e), 0);
        /* the list is emptied first, then filled */
        assert_int_equal(find(&l, "DeviceAllow", 0)->n_devices, 0);
        assert_string_equal(find(&l, "DevicePolicy", 0)->s, "strict");
        assert_int_equal(find(&l, "DeviceAllow", 1)->n_devices, 5);
        assert_string_equal(allowed(&l, "/dev/char/1:3")->access, "rwm"); /* a later deny is brownie's */
        assert_string_equal(allowed(&l, "char-136")->access, "rw");
        assert_string_equal(allowed(&l, "block-*")->access, "m");
        assert_non_null(allowed(&l, "/dev/char/5:1"));
        assert_non_null(allowed(&l, "/dev/block/5:1"));
        sd_props_free(&l);

        /* before systemd 240 a major's group had a /proc/devices name: every node of the type then */
        assert_int_equal(sd_props_resources(&r, rules, 3, true, 239, &l, &e), 0);
        assert_non_null(allowed(&l, "char-*"));
        sd_props_free(&l);

        /* allow all: DevicePolicy=auto, nothing listed */
        {
                const struct device_rule open[] = {{false, 'a', -1, -1, "rwm"}, {true, 'a', -1, -1, "rwm"}};

                assert_int_equal(sd_props_resources(&r, open, ARRAY_SIZE(open), false, 252, &l, &e), 0);
                assert_string_equal(find(&l, "DevicePolicy", 0)->s, "auto");
                assert_null(find(&l, "DeviceAllow", 1));
                sd_props_free(&l);
        }
        /* no rules (an update that names none): no device properties at all */
        assert_int_equal(sd_props_resources(&r, rules, 0, true, 252, &l, &e), 0);
        assert_null(find(&l, "DevicePolicy", 0));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(unit_names_and_defaults),      cmocka_unit_test(unit_names_refused),
            cmocka_unit_test(scope_and_slice_units),        cmocka_unit_test(memory_pids_io_v2_and_v1),
            cmocka_unit_test(shares_become_weight),         cmocka_unit_test(quota_per_second),
            cmocka_unit_test(cpusets_as_bitmasks),          cmocka_unit_test(unified_keys),
            cmocka_unit_test(device_rules_to_device_allow),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
