/* SPDX-License-Identifier: Apache-2.0 */
/* The model on good configs: every field lands where spec.h says, with the numbers the kernel wants. */
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
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/spec.h"

static struct spec *parse_ok(const char *json)
{
        struct spec *s = NULL;
        struct error err = ERROR_INIT;
        int r = spec_parse(json, strlen(json), "config.json", &s, &err);

        if (r < 0)
                fail_msg("rejected: %s", err.msg);
        return s;
}

static void default_spec_parses(void **state)
{
        for (int rootless = 0; rootless < 2; rootless++) {
                char *json = spec_default_json(rootless);
                struct spec *s = parse_ok(json);

                assert_string_equal(s->process->args[0], "sh");
                assert_null(s->process->args[1]);
                assert_true(s->process->terminal);
                assert_string_equal(s->root->path, "rootfs");
                assert_int_equal(s->n_mounts, 7);
                assert_true(spec_has_ns(s, NS_MOUNT));
                assert_int_equal(spec_has_ns(s, NS_USER), rootless);
                assert_int_equal(s->process->rlimits[0].type, RLIMIT_NOFILE);
                assert_true(s->process->capabilities->bounding & (1ULL << 5)); /* CAP_KILL */
                spec_free(s);
                free(json);
        }
}

static void client_versions_are_accepted(void **state)
{
        const char *versions[] = {"1.0.0", "1.0.2-dev", "1.1.0-rc.1", "1.2.0+dev", "1.3.0", "1.3.7"};
        char json[256];

        for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
                snprintf(json, sizeof(json), "{\"ociVersion\": \"%s\", \"root\": {\"path\": \"r\"}}",
                         versions[i]);
                spec_free(parse_ok(json));
        }
}

static void uint64_above_int64_max(void **state)
{
        struct spec *s =
            parse_ok("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"linux\": {\"seccomp\": {"
                     "\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"personality\"], "
                     "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1, \"args\": [{\"index\": 0, "
                     "\"value\": 18446744073709551615, \"valueTwo\": 9223372036854775808, \"op\": "
                     "\"SCMP_CMP_MASKED_EQ\"}]}]}}}");
        const struct spec_seccomp_arg *a = &s->linux->seccomp->syscalls[0].args[0];

        assert_true(a->value == UINT64_MAX);
        assert_true(a->value_two == 9223372036854775808ULL);
        assert_int_equal(a->op, SECCOMP_OP_MASKED_EQ);
        assert_int_equal(s->linux->seccomp->syscalls[0].action, SECCOMP_ACTION_ERRNO);
        assert_int_equal(s->linux->seccomp->syscalls[0].errno_ret, 1);
        spec_free(s);
}

static void mount_options_translate(void **state)
{
        struct spec *s = parse_ok("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"mounts\": ["
                                  "{\"destination\": \"/a\", \"source\": \"/x\", \"options\": [\"rbind\", "
                                  "\"ro\", \"nosuid\", \"rprivate\", \"rnoexec\"]},"
                                  "{\"destination\": \"/t\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", "
                                  "\"options\": [\"size=1m\", \"rw\", \"mode=755\", \"noatime\"]},"
                                  "{\"destination\": \"/o\", \"type\": \"overlay\", \"source\": \"o\", "
                                  "\"options\": [\"lowerdir=/l\", \"upperdir=/u\"]}]}");
        const struct spec_mount *a = &s->mounts[0], *t = &s->mounts[1], *o = &s->mounts[2];

        assert_true(a->bind && a->recursive);
        assert_int_equal(a->flags, MS_RDONLY | MS_NOSUID);
        assert_int_equal(a->propagation, PROPAGATION_PRIVATE);
        assert_true(a->propagation_recursive);
        assert_true(a->attr_set != 0);
        assert_null(a->data);
        assert_false(t->bind);
        assert_int_equal(t->flags, MS_NOATIME);
        assert_true(t->clear_flags & MS_RDONLY);
        assert_string_equal(t->data, "size=1m,mode=755");
        assert_string_equal(o->data, "lowerdir=/l,upperdir=/u");
        spec_free(s);
}

static void linux_fields_land(void **state)
{
        struct spec *s = parse_ok(
            "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\", \"readonly\": true}, \"hostname\": "
            "\"h\","
            "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 1, \"gid\": 2, \"umask\": "
            "18,"
            "\"additionalGids\": [3, 4]}, \"oomScoreAdj\": -5, \"noNewPrivileges\": true,"
            "\"scheduler\": {\"policy\": \"SCHED_BATCH\", \"nice\": 7}},"
            "\"linux\": {\"namespaces\": [{\"type\": \"uts\"}, {\"type\": \"network\", \"path\": "
            "\"/run/netns/x\"},"
            "{\"type\": \"user\"}], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 10}],"
            "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 2000, \"size\": 20}], \"cgroupsPath\": "
            "\"/a/b\","
            "\"rootfsPropagation\": \"rshared\", \"sysctl\": {\"net.ipv4.ip_forward\": \"1\"},"
            "\"devices\": [{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3, \"fileMode\": "
            "438}],"
            "\"resources\": {\"pids\": {\"limit\": 10}, \"memory\": {\"limit\": -1}, \"devices\": "
            "[{\"allow\": false}]}}}");

        assert_true(s->root->readonly);
        assert_int_equal(s->process->user.uid, 1);
        assert_int_equal(s->process->user.gid, 2);
        assert_int_equal(s->process->user.umask, 022);
        assert_int_equal(s->process->user.n_additional_gids, 2);
        assert_int_equal(s->process->oom_score_adj, -5);
        assert_true(s->process->no_new_privileges);
        assert_int_equal(s->process->scheduler->nice, 7);
        assert_int_equal(s->process->scheduler->priority, 0); /* absent: not the nice value */
        assert_true(spec_has_ns(s, NS_UTS));
        assert_string_equal(s->linux->namespaces[NS_NETWORK].path, "/run/netns/x");
        assert_null(s->linux->namespaces[NS_USER].path);
        assert_int_equal(s->linux->gid_mappings[0].host_id, 2000);
        assert_int_equal(s->linux->rootfs_propagation, PROPAGATION_SHARED);
        assert_string_equal(s->linux->sysctl[0].value, "1");
        assert_int_equal(s->linux->devices[0].file_mode, 0666);
        assert_int_equal(s->linux->resources->pids_limit, 10);
        assert_int_equal(s->linux->resources->memory->limit, -1);
        assert_false(s->linux->resources->devices[0].allow);
        spec_free(s);
}

static void process_json_is_validated_alike(void **state)
{
        struct spec_process *p = NULL;
        struct error err = ERROR_INIT;
        const char *bad = "{\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_BAR\", "
                          "\"soft\": 1, \"hard\": 1}]}";
        const char *good = "{\"args\": [\"sh\", \"-c\", \"true\"], \"cwd\": \"/tmp\", \"env\": [\"A=1\"]}";

        assert_int_equal(spec_process_parse(bad, strlen(bad), "process.json", &p, &err), -EINVAL);
        assert_string_equal(err.msg, "process.json: rlimits[0].type: unknown rlimit \"RLIMIT_BAR\"");
        assert_int_equal(spec_process_parse(good, strlen(good), "process.json", &p, &err), 0);
        assert_int_equal(p->n_args, 3);
        assert_string_equal(p->env[0], "A=1");
        spec_process_free(p);
}

/* The default spec carries runc's content: the masks, the read-only paths, the capabilities, the namespaces.
 */
static void default_spec_has_runcs_content(void **state)
{
        char *json = spec_default_json(false), *rl = spec_default_json(true);
        struct spec *s = parse_ok(json), *r = parse_ok(rl);
        const uint64_t caps =
            (1ULL << 29) | (1ULL << 5) | (1ULL << 10); /* AUDIT_WRITE, KILL, NET_BIND_SERVICE */

        assert_string_equal(s->oci_version, "1.2.0");
        assert_true(s->root->readonly);
        assert_int_equal(s->linux->n_masked_paths, 10);
        assert_string_equal(s->linux->masked_paths[0], "/proc/acpi");
        assert_int_equal(s->linux->n_readonly_paths, 5);
        assert_true(s->process->capabilities->bounding == caps && s->process->capabilities->ambient == caps);
        assert_false(s->process->capabilities->has_inheritable);
        assert_true(s->process->no_new_privileges);
        assert_string_equal(s->process->env[1], "TERM=xterm");
        assert_true(spec_has_ns(s, NS_NETWORK) && spec_has_ns(s, NS_IPC) && !spec_has_ns(s, NS_CGROUP));
        assert_false(s->linux->resources->devices[0].allow);
        assert_string_equal(s->mounts[2].destination, "/dev/pts");
        /* rootless: no network namespace of its own, a user namespace mapping the caller, /sys bound */
        assert_false(spec_has_ns(r, NS_NETWORK));
        assert_int_equal(r->linux->uid_mappings[0].host_id, getuid());
        assert_int_equal(r->linux->gid_mappings[0].host_id, getgid());
        assert_true(r->mounts[5].bind && r->mounts[5].recursive);
        assert_null(r->linux->resources);
        /* runc's layout: tabs, "key": value */
        assert_non_null(
            strstr(json, "{\n\t\"ociVersion\": \"1.2.0\",\n\t\"process\": {\n\t\t\"terminal\": true,"));
        spec_free(s);
        spec_free(r);
        free(json);
        free(rl);
}

static void load_names_the_file(void **state)
{
        char dir[] = "/tmp/brownie-test-spec-XXXXXX", path[64];
        struct spec *s = NULL;
        struct error err = ERROR_INIT;
        FILE *f;

        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/config.json", dir);
        assert_int_equal(spec_load(path, &s, &err), -ENOENT);
        assert_null(s);
        {
                char want[128];
                snprintf(want, sizeof(want), "open \"%s\": no such file or directory", path);
                assert_string_equal(err.msg, want);
        }
        f = fopen(path, "we");
        assert_non_null(f);
        fputs("{\"ociVersion\": \"1.2.0\",\n \"root\": {\"path\": 7}}\n", f);
        fclose(f);
        assert_int_equal(spec_load(path, &s, &err), -EINVAL);
        assert_string_equal(err.msg, "config.json: root.path: expected a string, got number");
        f = fopen(path, "we");
        assert_non_null(f);
        fputs("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}}", f);
        fclose(f);
        assert_int_equal(spec_load(path, &s, &err), 0);
        assert_string_equal(s->root->path, "rootfs");
        spec_free(s);
        unlink(path);
        rmdir(dir);
}

static void ns_names(void **state)
{
        static const char *const names[NS__COUNT][2] = {
            [NS_PID] = {"pid", "pid"},          [NS_NETWORK] = {"network", "net"},
            [NS_MOUNT] = {"mount", "mnt"},      [NS_IPC] = {"ipc", "ipc"},
            [NS_UTS] = {"uts", "uts"},          [NS_USER] = {"user", "user"},
            [NS_CGROUP] = {"cgroup", "cgroup"}, [NS_TIME] = {"time", "time"},
        };

        for (int t = 0; t < NS__COUNT; t++) {
                assert_string_equal(spec_ns_name(t), names[t][0]);
                assert_string_equal(spec_ns_proc_name(t), names[t][1]);
        }
}

/* Extensions are ignored, at the top and inside known objects. */
static void unknown_keys_are_ignored(void **state)
{
        struct spec *s =
            parse_ok("{\"ociVersion\": \"1.1.0\", \"root\": {\"path\": \"r\", \"x\": 1}, "
                     "\"vm\": {\"hypervisor\": {}}, \"windows\": null, "
                     "\"linux\": {\"futureField\": [1], \"resources\": {\"newController\": {}}}}");

        assert_string_equal(s->root->path, "r");
        spec_free(s);
}

static void resources_json_for_update(void **state)
{
        const char *json = "{\"memory\": {\"limit\": 1048576, \"swap\": -1}, \"pids\": {\"limit\": 50}, "
                           "\"cpu\": {\"quota\": -1}}";
        struct spec_resources *r = NULL;
        struct error err = ERROR_INIT;

        assert_int_equal(spec_resources_parse(json, strlen(json), "resources.json", &r, &err), 0);
        assert_true(r->memory->limit == 1048576 && r->memory->swap == -1);
        assert_true(r->has_pids_limit && r->pids_limit == 50);
        assert_true(r->cpu->has_quota && r->cpu->quota == -1);
        spec_resources_free(r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(default_spec_parses),
            cmocka_unit_test(client_versions_are_accepted),
            cmocka_unit_test(uint64_above_int64_max),
            cmocka_unit_test(mount_options_translate),
            cmocka_unit_test(linux_fields_land),
            cmocka_unit_test(process_json_is_validated_alike),
            cmocka_unit_test(default_spec_has_runcs_content),
            cmocka_unit_test(load_names_the_file),
            cmocka_unit_test(ns_names),
            cmocka_unit_test(unknown_keys_are_ignored),
            cmocka_unit_test(resources_json_for_update),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
