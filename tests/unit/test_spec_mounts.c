/* SPDX-License-Identifier: Apache-2.0 */
/* Mount options to the typed fields of struct spec_mount, one option (or a short sequence) at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <linux/mount.h>

#include <cmocka.h>

#include "model/spec.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

/* Parses one mount {type, options} and returns it (the spec stays owned by *keep). */
static const struct spec_mount *one(const char *type, const char *options, struct spec **keep)
{
        char json[2048];
        struct error err = ERROR_INIT;

        snprintf(
            json, sizeof(json),
            "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"mounts\": [{\"destination\": \"/m\", "
            "\"source\": \"/src\", \"type\": \"%s\", \"options\": [%s]}]}",
            type, options);
        if (spec_parse(json, strlen(json), "config.json", keep, &err) < 0)
                fail_msg("%s [%s]: %s", type, options, err.msg);
        return &(*keep)->mounts[0];
}

struct flag_case {
        const char *option;
        unsigned long set, clear;
};

static void flags(void **state)
{
        static const struct flag_case cases[] = {
            {"\"defaults\"", 0, 0},
            {"\"ro\"", MS_RDONLY, 0},
            {"\"rw\"", 0, MS_RDONLY},
            {"\"nosuid\"", MS_NOSUID, 0},
            {"\"suid\"", 0, MS_NOSUID},
            {"\"nodev\"", MS_NODEV, 0},
            {"\"dev\"", 0, MS_NODEV},
            {"\"noexec\"", MS_NOEXEC, 0},
            {"\"exec\"", 0, MS_NOEXEC},
            {"\"sync\"", MS_SYNCHRONOUS, 0},
            {"\"async\"", 0, MS_SYNCHRONOUS},
            {"\"dirsync\"", MS_DIRSYNC, 0},
            {"\"remount\"", MS_REMOUNT, 0},
            {"\"mand\"", MS_MANDLOCK, 0},
            {"\"nomand\"", 0, MS_MANDLOCK},
            {"\"noatime\"", MS_NOATIME, 0},
            {"\"atime\"", 0, MS_NOATIME},
            {"\"nodiratime\"", MS_NODIRATIME, 0},
            {"\"diratime\"", 0, MS_NODIRATIME},
            {"\"relatime\"", MS_RELATIME, 0},
            {"\"norelatime\"", 0, MS_RELATIME},
            {"\"strictatime\"", MS_STRICTATIME, 0},
            {"\"nostrictatime\"", 0, MS_STRICTATIME},
            {"\"lazytime\"", MS_LAZYTIME, 0},
            {"\"nolazytime\"", 0, MS_LAZYTIME},
            {"\"iversion\"", MS_I_VERSION, 0},
            {"\"noiversion\"", 0, MS_I_VERSION},
            {"\"silent\"", MS_SILENT, 0},
            {"\"loud\"", 0, MS_SILENT},
            {"\"nosymfollow\"", MS_NOSYMFOLLOW, 0},
            {"\"symfollow\"", 0, MS_NOSYMFOLLOW},
            /* the last word wins */
            {"\"ro\", \"rw\"", 0, MS_RDONLY},
            {"\"rw\", \"ro\", \"nosuid\"", MS_RDONLY | MS_NOSUID, 0},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct spec *s = NULL;
                const struct spec_mount *m = one("tmpfs", cases[i].option, &s);
                if (m->flags != cases[i].set || m->clear_flags != cases[i].clear)
                        fail_msg("%s: flags %#lx/%#lx, want %#lx/%#lx", cases[i].option, m->flags,
                                 m->clear_flags, cases[i].set, cases[i].clear);
                assert_null(m->data);
                assert_false(m->bind);
                spec_free(s);
        }
}

struct attr_case {
        const char *option;
        uint64_t set, clr;
        bool atime;
};

static void recursive_attrs(void **state)
{
        static const struct attr_case cases[] = {
            {"\"rro\"", MOUNT_ATTR_RDONLY, 0, false},
            {"\"rrw\"", 0, MOUNT_ATTR_RDONLY, false},
            {"\"rnosuid\"", MOUNT_ATTR_NOSUID, 0, false},
            {"\"rsuid\"", 0, MOUNT_ATTR_NOSUID, false},
            {"\"rnodev\"", MOUNT_ATTR_NODEV, 0, false},
            {"\"rdev\"", 0, MOUNT_ATTR_NODEV, false},
            {"\"rnoexec\"", MOUNT_ATTR_NOEXEC, 0, false},
            {"\"rexec\"", 0, MOUNT_ATTR_NOEXEC, false},
            {"\"rnodiratime\"", MOUNT_ATTR_NODIRATIME, 0, false},
            {"\"rdiratime\"", 0, MOUNT_ATTR_NODIRATIME, false},
            {"\"rnosymfollow\"", MOUNT_ATTR_NOSYMFOLLOW, 0, false},
            {"\"rsymfollow\"", 0, MOUNT_ATTR_NOSYMFOLLOW, false},
            {"\"ratime\"", MOUNT_ATTR_RELATIME, 0, true},
            {"\"rrelatime\"", MOUNT_ATTR_RELATIME, 0, true},
            {"\"rnoatime\"", MOUNT_ATTR_NOATIME, 0, true},
            {"\"rstrictatime\"", MOUNT_ATTR_STRICTATIME, 0, true},
            /* one atime mode replaces the other; "not that mode" undoes it */
            {"\"rnoatime\", \"rstrictatime\"", MOUNT_ATTR_STRICTATIME, 0, true},
            {"\"rstrictatime\", \"rnostrictatime\"", 0, 0, false},
            {"\"rnoatime\", \"rnostrictatime\"", MOUNT_ATTR_NOATIME, 0, true},
            {"\"rnorelatime\"", 0, 0, false},
            {"\"rro\", \"rrw\", \"rnoexec\"", MOUNT_ATTR_NOEXEC, MOUNT_ATTR_RDONLY, false},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct spec *s = NULL;
                const struct spec_mount *m = one("bind", cases[i].option, &s);
                if (m->attr_set != cases[i].set || m->attr_clr != cases[i].clr ||
                    m->attr_atime_set != cases[i].atime)
                        fail_msg("%s: attrs %#llx/%#llx/%d", cases[i].option, (unsigned long long)m->attr_set,
                                 (unsigned long long)m->attr_clr, m->attr_atime_set);
                assert_true(m->bind);
                assert_int_equal(m->flags, 0);
                spec_free(s);
        }
}

static void bind_and_propagation(void **state)
{
        static const struct {
                const char *type, *options;
                bool bind, recursive;
                enum spec_propagation prop;
                bool prop_recursive;
        } cases[] = {
            {"none", "\"bind\"", true, false, PROPAGATION_NONE, false},
            {"none", "\"rbind\"", true, true, PROPAGATION_NONE, false},
            {"bind", "", true, false, PROPAGATION_NONE, false},
            {"bind", "\"rbind\", \"shared\"", true, true, PROPAGATION_SHARED, false},
            {"none", "\"bind\", \"rshared\"", true, false, PROPAGATION_SHARED, true},
            {"none", "\"bind\", \"slave\"", true, false, PROPAGATION_SLAVE, false},
            {"none", "\"bind\", \"rslave\"", true, false, PROPAGATION_SLAVE, true},
            {"none", "\"bind\", \"private\"", true, false, PROPAGATION_PRIVATE, false},
            {"none", "\"bind\", \"rprivate\"", true, false, PROPAGATION_PRIVATE, true},
            {"none", "\"bind\", \"unbindable\"", true, false, PROPAGATION_UNBINDABLE, false},
            {"none", "\"bind\", \"runbindable\"", true, false, PROPAGATION_UNBINDABLE, true},
            {"tmpfs", "\"rprivate\"", false, false, PROPAGATION_PRIVATE, true},
            {"none", "\"bind\", \"rshared\", \"private\"", true, false, PROPAGATION_PRIVATE, false},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct spec *s = NULL;
                const struct spec_mount *m = one(cases[i].type, cases[i].options, &s);
                assert_int_equal(m->bind, cases[i].bind);
                assert_int_equal(m->recursive, cases[i].recursive);
                assert_int_equal(m->propagation, cases[i].prop);
                assert_int_equal(m->propagation_recursive, cases[i].prop_recursive);
                spec_free(s);
        }
}

#define USERNS                                                                                               \
        "\"linux\": {\"namespaces\": [{\"type\": \"user\"}, {\"type\": \"mount\"}], \"uidMappings\": "       \
        "[{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}], \"gidMappings\": [{\"containerID\": "  \
        "0, "                                                                                                \
        "\"hostID\": 100000, \"size\": 65536}]}"
#define MAPS(u, g) ", \"uidMappings\": [" u "], \"gidMappings\": [" g "]"

/* One mount {type, options, more fields} in a config with `top` fields ("" or a "linux" object). */
static int parse_mount(const char *type, const char *options, const char *more, const char *top,
                       struct spec **keep, struct error *err)
{
        char json[4096];

        snprintf(json, sizeof(json),
                 "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"mounts\": [{\"destination\": "
                 "\"/m\", \"source\": \"/src\", \"type\": \"%s\", \"options\": [%s]%s}]%s%s}",
                 type, options, more, *top ? ", " : "", top);
        return spec_parse(json, strlen(json), "config.json", keep, err);
}

static void idmap_and_tmpcopyup(void **state)
{
        struct error err = ERROR_INIT;
        struct spec *s = NULL;
        const struct spec_mount *m;

        assert_int_equal(parse_mount("none", "\"rbind\", \"idmap\"", "", USERNS, &s, &err), 0);
        assert_true(s->mounts[0].idmap && !s->mounts[0].ridmap);
        spec_free(s);
        assert_int_equal(parse_mount("none", "\"rbind\", \"ridmap\"", "", USERNS, &s, &err), 0);
        assert_true(s->mounts[0].idmap && s->mounts[0].ridmap);
        spec_free(s);
        m = one("tmpfs", "\"tmpcopyup\", \"size=1m\"", &s);
        assert_true(m->tmpcopyup);
        assert_string_equal(m->data, "size=1m");
        spec_free(s);
}

/* config.md and runc: mount mappings need no user namespace; "idmap" alone takes the container's. */
static void idmap_rules(void **state)
{
        static const struct {
                const char *type, *options, *more, *top, *msg; /* msg NULL: accepted */
        } cases[] = {
            {"none", "\"bind\"",
             MAPS("{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}",
                  "{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}"),
             "", NULL},
            {"none", "\"bind\", \"idmap\"", "", USERNS, NULL},
            {"none", "\"rbind\", \"idmap\"", "",
             "\"linux\": {\"namespaces\": [{\"type\": \"user\", \"path\": \"/proc/1/ns/user\"}]}", NULL},
            {"none", "\"rbind\", \"ridmap\"", "", "",
             "config.json: mounts[0].options[1]: \"ridmap\" without uidMappings and gidMappings takes the "
             "container's user namespace mappings, but there is no user namespace"},
            {"tmpfs", "\"nosuid\", \"idmap\"", "", USERNS,
             "config.json: mounts[0].options[1]: \"idmap\": id-mapped mounts must be bind mounts"},
            {"tmpfs", "\"idmap\"",
             MAPS("{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}",
                  "{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}"),
             "", "config.json: mounts[0].uidMappings: id-mapped mounts must be bind mounts"},
            {"none", "\"bind\"",
             MAPS("{\"containerID\": 0, \"hostID\": 1000, \"size\": 10}, {\"containerID\": 5, \"hostID\": "
                  "2000, \"size\": 1}",
                  "{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}"),
             "", "config.json: mounts[0].uidMappings[1]: container ids 5-5 overlap those of [0] (0-9)"},
            {"none", "\"bind\"",
             MAPS("{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}",
                  "{\"containerID\": 0, \"hostID\": 1000, \"size\": 2}, {\"containerID\": 7, \"hostID\": "
                  "999, \"size\": 2}"),
             "", "config.json: mounts[0].gidMappings[1]: host ids 999-1000 overlap those of [0] (1000-1001)"},
            {"none", "\"bind\"",
             MAPS("{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}, {\"containerID\": 1, \"hostID\": "
                  "1001, \"size\": 4294967295}",
                  "{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}"),
             "",
             "config.json: mounts[0].uidMappings[1].size: 4294967295 ids from 1 (container) / 1001 (host) "
             "go past 4294967295"},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct error err = ERROR_INIT;
                struct spec *s = NULL;
                int r = parse_mount(cases[i].type, cases[i].options, cases[i].more, cases[i].top, &s, &err);

                if (!cases[i].msg) {
                        if (r < 0)
                                fail_msg("case %zu: %s", i, err.msg);
                } else {
                        assert_true(r < 0);
                        assert_string_equal(err.msg, cases[i].msg);
                }
                spec_free(s);
        }
}

static void id_ranges_overlap(void **state)
{
        assert_false(spec_id_ranges_overlap(0, 10, 10, 5));
        assert_true(spec_id_ranges_overlap(0, 9, 10, 5));
        assert_true(spec_id_ranges_overlap(9, 0, 5, 10));
        assert_false(spec_id_ranges_overlap(4294967295u, 0, 1, 4294967295u));
        assert_true(spec_id_ranges_overlap(4294967295u, 4294967295u, 1, 1));
        assert_true(spec_id_ranges_overlap(0, 100, 4294967295u, 1));
}

/* Options the kernel gets as data: kept in order, joined with ','; unknown ones only for unknown types. */
static void data_options(void **state)
{
        static const struct {
                const char *type, *options, *data;
        } cases[] = {
            {"tmpfs", "\"size=65536k\", \"nosuid\", \"mode=755\", \"nr_inodes=1k\", \"huge=within_size\"",
             "size=65536k,mode=755,nr_inodes=1k,huge=within_size"},
            {"tmpfs", "\"uid=1000\", \"gid=1000\", \"inode64\", \"noswap\"",
             "uid=1000,gid=1000,inode64,noswap"},
            {"tmpfs", "\"context=\\\"system_u:object_r:container_file_t:s0:c1,c2\\\"\"",
             "context=\"system_u:object_r:container_file_t:s0:c1,c2\""},
            {"devpts", "\"newinstance\", \"ptmxmode=0666\", \"mode=0620\", \"gid=5\", \"max=1024\"",
             "newinstance,ptmxmode=0666,mode=0620,gid=5,max=1024"},
            {"proc", "\"hidepid=invisible\", \"subset=pid\"", "hidepid=invisible,subset=pid"},
            {"cgroup", "\"ro\", \"cpu\", \"cpuacct\", \"name=systemd\", \"xattr\"",
             "cpu,cpuacct,name=systemd,xattr"},
            {"cgroup2", "\"nsdelegate\", \"memory_recursiveprot\"", "nsdelegate,memory_recursiveprot"},
            {"overlay", "\"lowerdir=/l1:/l2\", \"upperdir=/u\", \"workdir=/w\", \"userxattr\"",
             "lowerdir=/l1:/l2,upperdir=/u,workdir=/w,userxattr"},
            {"nfs", "\"vers=4\", \"ro\", \"whatever\"", "vers=4,whatever"},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct spec *s = NULL;
                const struct spec_mount *m = one(cases[i].type, cases[i].options, &s);
                assert_string_equal(m->data, cases[i].data);
                spec_free(s);
        }
}

/* runc's default mounts translate as runc would mount them. */
static void default_spec_mounts(void **state)
{
        char *json = spec_default_json(false);
        struct spec *s = NULL;
        struct error err = ERROR_INIT;

        assert_int_equal(spec_parse(json, strlen(json), "config.json", &s, &err), 0);
        assert_string_equal(s->mounts[1].destination, "/dev");
        assert_int_equal(s->mounts[1].flags, MS_NOSUID | MS_STRICTATIME);
        assert_string_equal(s->mounts[1].data, "mode=755,size=65536k");
        assert_string_equal(s->mounts[2].data, "newinstance,ptmxmode=0666,mode=0620,gid=5");
        assert_int_equal(s->mounts[5].flags, MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY);
        assert_null(s->mounts[5].data);
        assert_int_equal(s->mounts[6].flags, MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RELATIME | MS_RDONLY);
        spec_free(s);
        free(json);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(flags),
            cmocka_unit_test(recursive_attrs),
            cmocka_unit_test(bind_and_propagation),
            cmocka_unit_test(idmap_and_tmpcopyup),
            cmocka_unit_test(idmap_rules),
            cmocka_unit_test(id_ranges_overlap),
            cmocka_unit_test(data_options),
            cmocka_unit_test(default_spec_mounts),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
