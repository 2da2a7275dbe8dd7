/* SPDX-License-Identifier: Apache-2.0 */
/* CDI in the model: names, spec files (JSON and YAML alike), their refusals, and edits applied to a config.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include <cmocka.h>

#include "model/cdi.h"

static const char good_json[] =
    "{\"cdiVersion\": \"0.6.0\", \"kind\": \"vendor.com/gpu\", \"annotations\": {\"a\": \"b\"},\n"
    " \"devices\": [\n"
    "  {\"name\": \"0\", \"annotations\": {\"x\": \"y\"}, \"containerEdits\": {\n"
    "    \"env\": [\"GPU=0\", \"SHARED=dev\"],\n"
    "    \"deviceNodes\": [{\"path\": \"/dev/gpu0\", \"hostPath\": \"/dev/host0\", \"type\": \"c\", "
    "\"major\": 195,\n"
    "                      \"minor\": 0, \"permissions\": \"rw\", \"fileMode\": 438, \"uid\": 5, \"gid\": "
    "6}]}},\n"
    "  {\"name\": \"all\", \"containerEdits\": {\"deviceNodes\": [{\"path\": \"/dev/gpu0\", \"type\": "
    "\"c\",\n"
    "    \"major\": 195, \"minor\": 0, \"permissions\": \"none\"}], \"additionalGids\": [0, 44, 44]}}],\n"
    " \"containerEdits\": {\"env\": [\"SHARED=spec\"],\n"
    "  \"mounts\": [{\"hostPath\": \"/usr/lib/drv\", \"containerPath\": \"/usr/lib/drv\",\n"
    "              \"options\": [\"ro\", \"nosuid\", \"nodev\", \"bind\"]}],\n"
    "  \"hooks\": [{\"hookName\": \"createContainer\", \"path\": \"/usr/bin/ldconfig-hook\", \"args\": "
    "[\"h\", \"x\"],\n"
    "             \"env\": [\"A=1\"], \"timeout\": 5},\n"
    "            {\"hookName\": \"poststop\", \"path\": \"/bin/true\"}],\n"
    "  \"intelRdt\": {\"closID\": \"gpu\", \"l3CacheSchema\": \"L3:0=ff\"}}}\n";

static const char good_yaml[] =
    "cdiVersion: \"0.6.0\"\n"
    "kind: vendor.com/gpu\n"
    "annotations: {a: b}\n"
    "devices:\n"
    "  - name: \"0\"\n"
    "    annotations: {x: y}\n"
    "    containerEdits:\n"
    "      env: [GPU=0, SHARED=dev]\n"
    "      deviceNodes:\n"
    "        - path: /dev/gpu0\n"
    "          hostPath: /dev/host0\n"
    "          type: c\n"
    "          major: 195\n"
    "          minor: 0\n"
    "          permissions: rw\n"
    "          fileMode: 0666\n"
    "          uid: 5\n"
    "          gid: 6\n"
    "  - name: all\n"
    "    containerEdits:\n"
    "      deviceNodes: [{path: /dev/gpu0, type: c, major: 195, minor: 0, permissions: "
    "none}]\n"
    "      additionalGids: [0, 44, 44]\n"
    "containerEdits:\n"
    "  env: [SHARED=spec]\n"
    "  mounts:\n"
    "    - hostPath: /usr/lib/drv\n"
    "      containerPath: /usr/lib/drv\n"
    "      options: [ro, nosuid, nodev, bind]\n"
    "  hooks:\n"
    "    - hookName: createContainer\n"
    "      path: /usr/bin/ldconfig-hook\n"
    "      args: [h, x]\n"
    "      env: [A=1]\n"
    "      timeout: 5\n"
    "    - {hookName: poststop, path: /bin/true}\n"
    "  intelRdt: {closID: gpu, l3CacheSchema: \"L3:0=ff\"}\n";

static struct cdi_spec *parse_ok(const char *text, bool yaml)
{
        struct error err = ERROR_INIT;
        struct cdi_spec *s = NULL;

        if (cdi_spec_parse(text, strlen(text), yaml, "x.spec", &s, &err) < 0)
                fail_msg("parse: %s", err.msg);
        return s;
}

static void names(void **state)
{
        struct error err = ERROR_INIT;
        size_t k = 0;

        assert_true(cdi_kind_valid("vendor.com/gpu"));
        assert_true(cdi_kind_valid("foo.bar.baz/foo-bar123.B_az"));
        assert_false(cdi_kind_valid("foo"));
        assert_false(cdi_kind_valid("vendor.com/foo/"));
        assert_false(cdi_kind_valid("vendor.com/foo/bar"));
        assert_false(cdi_kind_valid("1vendor.com/foo"));
        assert_false(cdi_kind_valid("vendor.com/-foo"));
        assert_true(cdi_device_name_valid("0"));
        assert_true(cdi_device_name_valid("GPU-1a:mig.2_x"));
        assert_false(cdi_device_name_valid("-a"));
        assert_false(cdi_device_name_valid("a-"));
        assert_false(cdi_device_name_valid("a/b"));
        assert_false(cdi_device_name_valid(""));
        assert_true(cdi_vendor_valid("nvidia.com"));
        assert_true(cdi_class_valid("gpu"));

        assert_int_equal(cdi_qualified_check("nvidia.com/gpu=all", &k, &err), 0);
        assert_int_equal(k, strlen("nvidia.com/gpu"));
        assert_int_equal(cdi_qualified_check("gpu0", NULL, &err), -EINVAL);
        assert_string_equal(err.msg,
                            "CDI device \"gpu0\": not a fully-qualified name (vendor.com/class=name)");
        assert_int_equal(cdi_qualified_check("nvidia.com=all", NULL, &err), -EINVAL);
        assert_int_equal(cdi_qualified_check("nvidia.com/gpu=", NULL, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "invalid device name \"\""));
        assert_int_equal(cdi_qualified_check("nvidia.com/g*u=0", NULL, &err), -EINVAL);
        assert_non_null(strstr(err.msg, "invalid kind \"nvidia.com/g*u\""));
}

static void spec_fields(void **state)
{
        struct cdi_spec *s = parse_ok(good_json, false);
        const struct cdi_node *n;

        assert_string_equal(s->kind, "vendor.com/gpu");
        assert_int_equal(s->n_devices, 2);
        assert_string_equal(s->devices[0].name, "0");
        n = &s->devices[0].edits.nodes[0];
        assert_string_equal(n->dev.path, "/dev/gpu0");
        assert_string_equal(n->host_path, "/dev/host0");
        assert_int_equal(n->dev.type, 'c');
        assert_int_equal(n->dev.major, 195);
        assert_true(n->dev.has_file_mode);
        assert_int_equal(n->dev.file_mode, 0666);
        assert_true(n->dev.has_uid && n->dev.uid == 5 && n->dev.has_gid && n->dev.gid == 6);
        assert_string_equal(n->permissions, "rw");
        assert_int_equal(s->edits.n_mounts, 1);
        assert_true(s->edits.mounts[0].bind);
        assert_int_equal(s->edits.mounts[0].flags, MS_RDONLY | MS_NOSUID | MS_NODEV);
        assert_int_equal(s->edits.n_hooks, 2);
        assert_int_equal(s->edits.hooks[0].kind, HOOK_CREATE_CONTAINER);
        assert_int_equal(s->edits.hooks[0].hook.timeout, 5);
        assert_int_equal(s->edits.hooks[1].kind, HOOK_POSTSTOP);
        assert_string_equal(s->edits.rdt->clos_id, "gpu");
        assert_int_equal(s->devices[1].edits.n_gids, 3);
        cdi_spec_free(s);
}

static char *edits_text(const struct cdi_edits *e)
{
        json_object *o = cdi_edits_to_json(e);
        char *t = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));

        json_object_put(o);
        return t;
}

/* The YAML spec is the JSON one: the same edits, field for field (YAML 1.1's octal 0666 included). */
static void yaml_is_json(void **state)
{
        struct cdi_spec *j = parse_ok(good_json, false), *y = parse_ok(good_yaml, true);

        assert_string_equal(j->kind, y->kind);
        assert_string_equal(j->version, y->version);
        assert_int_equal(j->n_devices, y->n_devices);
        for (size_t i = 0; i < j->n_devices; i++) {
                char *a = edits_text(&j->devices[i].edits), *b = edits_text(&y->devices[i].edits);

                assert_string_equal(j->devices[i].name, y->devices[i].name);
                assert_string_equal(a, b);
                free(a);
                free(b);
        }
        {
                char *a = edits_text(&j->edits), *b = edits_text(&y->edits);
                assert_string_equal(a, b);
                free(a);
                free(b);
        }
        cdi_spec_free(j);
        cdi_spec_free(y);
}

/* Edits to JSON and back give the same edits (what create keeps for start, exec and delete). */
static void edits_round_trip(void **state)
{
        struct cdi_spec *s = parse_ok(good_json, false);
        struct error err = ERROR_INIT;
        struct cdi_edits back = {0};
        json_object *o = cdi_edits_to_json(&s->edits);
        char *a = edits_text(&s->edits), *b;

        assert_int_equal(cdi_edits_parse(o, "cdi.json", "containerEdits[0]", &back, &err), 0);
        b = edits_text(&back);
        assert_string_equal(a, b);
        assert_int_equal(back.hooks[0].hook.n_args, 2);
        free(a);
        free(b);
        json_object_put(o);
        cdi_edits_clear(&back);
        cdi_spec_free(s);
}

struct bad_case {
        bool yaml;
        const char *text;
        const char *msg;
};

#define HEAD       "{\"cdiVersion\": \"0.6.0\", \"kind\": \"v.com/c\", "
#define DEV(edits) "\"devices\": [{\"name\": \"d\", \"containerEdits\": " edits "}]}"

static void bad_specs(void **state)
{
        static const struct bad_case cases[] = {
            {false, "{\"cdiVersion\": \"0.2.0\", \"kind\": \"v.com/c\", " DEV("{\"env\": [\"A=1\"]}"),
             "x.spec: cdiVersion: unsupported version \"0.2.0\" (supported: 0.3.0 to 0.8.x and 1.0.x)"},
            {false, "{\"cdiVersion\": \"1.1.0\", \"kind\": \"v.com/c\", " DEV("{\"env\": [\"A=1\"]}"),
             "x.spec: cdiVersion: unsupported version \"1.1.0\""},
            {false, "{\"cdiVersion\": \"zero\", \"kind\": \"v.com/c\", " DEV("{\"env\": [\"A=1\"]}"),
             "x.spec: cdiVersion: \"zero\" is not a version"},
            {false, "{\"cdiVersion\": \"0.6.0\", \"kind\": \"vcom\", " DEV("{\"env\": [\"A=1\"]}"),
             "x.spec: kind: invalid kind \"vcom\""},
            {false, HEAD "\"devices\": []}", "x.spec: devices: missing (a spec names at least one device)"},
            {false, HEAD "\"devices\": [{\"name\": \"d_\", \"containerEdits\": {\"env\": [\"A=1\"]}}]}",
             "x.spec: devices[0].name: invalid device name \"d_\""},
            {false, HEAD DEV("{}"), "x.spec: devices[0].containerEdits: empty (a device needs edits)"},
            {false, HEAD "\"devices\": [{\"name\": \"d\"}]}",
             "x.spec: devices[0].containerEdits: missing (a device needs edits)"},
            {false,
             HEAD
             "\"devices\": [{\"name\": \"d\", \"containerEdits\": {\"env\": [\"A=1\"]}}, {\"name\": \"d\", "
             "\"containerEdits\": {\"env\": [\"A=1\"]}}]}",
             "x.spec: devices[1].name: device \"d\" is defined twice"},
            {false, HEAD DEV("{\"env\": [\"=1\"]}"),
             "x.spec: devices[0].containerEdits.env[0]: \"=1\" is not KEY=VALUE"},
            {false, HEAD DEV("{\"envs\": [\"A=1\"]}"),
             "x.spec: devices[0].containerEdits.envs: unknown field"},
            {false, HEAD DEV("{\"deviceNodes\": [{\"path\": \"/dev/x\", \"permissions\": \"rwx\"}]}"),
             "x.spec: devices[0].containerEdits.deviceNodes[0].permissions: invalid permissions \"rwx\""},
            {false, HEAD DEV("{\"deviceNodes\": [{\"path\": \"/dev/x\", \"type\": \"char\"}]}"),
             "x.spec: devices[0].containerEdits.deviceNodes[0].type: invalid type \"char\" (b, c, u or p)"},
            {false, HEAD DEV("{\"deviceNodes\": [{\"path\": \"dev/x\"}]}"),
             "x.spec: devices[0].containerEdits.deviceNodes[0].path: \"dev/x\" must be an absolute path"},
            {false, HEAD DEV("{\"deviceNodes\": [{\"hostPath\": \"/dev/x\"}]}"),
             "x.spec: devices[0].containerEdits.deviceNodes[0].path: missing"},
            {false, HEAD DEV("{\"mounts\": [{\"hostPath\": \"/a\", \"containerPath\": \"/b\"}]}"),
             "x.spec: devices[0].containerEdits.mounts[0]: mount of \"/b\" has neither a type nor a bind "
             "option"},
            {false,
             HEAD DEV("{\"mounts\": [{\"hostPath\": \"/a\", \"containerPath\": \"/b\", \"options\": "
                      "[\"bind\", \"bogus\"]}]}"),
             "x.spec: devices[0].containerEdits.mounts[0].options[1]"},
            {false, HEAD DEV("{\"hooks\": [{\"hookName\": \"onStart\", \"path\": \"/bin/true\"}]}"),
             "x.spec: devices[0].containerEdits.hooks[0].hookName: unknown hook name \"onStart\""},
            {false, HEAD DEV("{\"hooks\": [{\"hookName\": \"poststop\", \"path\": \"true\"}]}"),
             "x.spec: devices[0].containerEdits.hooks[0].path: \"true\" must be an absolute path"},
            {false, HEAD DEV("{\"additionalGids\": [-1]}"),
             "x.spec: devices[0].containerEdits.additionalGids[0]"},
            {false, HEAD DEV("{\"intelRdt\": {\"closID\": \"a/b\"}}"),
             "x.spec: devices[0].containerEdits.intelRdt.closID: \"a/b\" is not a resctrl group name"},
            {false, "{\"cdiVersion\": ", "x.spec: line 1"},
            {true, "cdiVersion: 0.6.0\nkind: [\n", "x.spec: line "},
            {true, "- a\n- b\n", "x.spec: expected an object at the top level"},
            {true, "cdiVersion: 0.6.0\nkind: v.com/c\nkind: v.com/d\n",
             "x.spec: line 3: key \"kind\" given twice"},
            {true,
             "cdiVersion: 0.6.0\nkind: v.com/c\ndevices:\n  - name: d\n    containerEdits:\n"
             "      deviceNodes: [{path: /dev/x, fileMode: \"0666\"}]\n",
             "x.spec: devices[0].containerEdits.deviceNodes[0].fileMode: expected"},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct error err = ERROR_INIT;
                struct cdi_spec *s = NULL;
                int r =
                    cdi_spec_parse(cases[i].text, strlen(cases[i].text), cases[i].yaml, "x.spec", &s, &err);

                if (r != -EINVAL || !strstr(err.msg, cases[i].msg))
                        fail_msg("case %zu: got %d \"%s\", wanted \"%s\"", i, r, err.msg, cases[i].msg);
                assert_null(s);
        }
}

static struct spec *config(const char *extra)
{
        char json[4096];
        struct error err = ERROR_INIT;
        struct spec *s = NULL;

        snprintf(
            json, sizeof(json),
            "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}, \"process\": {\"cwd\": \"/\", "
            "\"args\": "
            "[\"sh\"], \"env\": [\"PATH=/bin\", \"SHARED=config\"], \"user\": {\"uid\": 1000, \"gid\": 1000, "
            "\"additionalGids\": [44]}}, \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\"}, "
            "{\"destination\": \"/a/b/c/d\", \"type\": \"tmpfs\"}, {\"destination\": \"/x\", \"type\": "
            "\"tmpfs\"}], \"linux\": {\"devices\": [{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": "
            "10, "
            "\"minor\": 229}], \"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}}%s}",
            extra);
        if (spec_parse(json, strlen(json), "config.json", &s, &err) < 0)
                fail_msg("config: %s", err.msg);
        return s;
}

static void apply(void **state)
{
        struct cdi_spec *c = parse_ok(good_json, false);
        struct spec *s = config("");
        struct error err = ERROR_INIT;
        struct cdi_base base;
        const struct spec_linux *l;

        cdi_base_of(s, &base);
        assert_int_equal(cdi_edits_apply(s, &base, &c->edits, c->origin, &err), 0);
        assert_int_equal(cdi_edits_apply(s, &base, &c->devices[0].edits, c->origin, &err), 0);
        assert_int_equal(cdi_edits_apply(s, &base, &c->devices[1].edits, c->origin, &err), 0);
        cdi_sort_mounts(s);
        /* env: the spec's value, then the device's, wins over the config's; new ones appended */
        assert_int_equal(s->process->n_env, 3);
        assert_string_equal(s->process->env[1], "SHARED=dev");
        assert_string_equal(s->process->env[2], "GPU=0");
        assert_null(s->process->env[3]);
        /* device nodes: the second device's node at the same path replaced the first's (an earlier edit's) */
        l = s->linux;
        assert_int_equal(l->n_devices, 2);
        assert_string_equal(l->devices[1].path, "/dev/gpu0");
        assert_int_equal(l->devices[1].major, 195);
        /* the process's uid and gid, not 0, when the node names none */
        assert_true(l->devices[1].has_uid && l->devices[1].uid == 1000);
        /* one allow rule: "rw" of the first node; "none" adds no rule */
        assert_int_equal(l->resources->n_devices, 2);
        assert_true(l->resources->devices[1].allow);
        assert_int_equal(l->resources->devices[1].type, 'c');
        assert_int_equal(l->resources->devices[1].major, 195);
        assert_string_equal(l->resources->devices[1].access, "rw");
        /* mounts: appended, then sorted stably by depth */
        assert_int_equal(s->n_mounts, 4);
        assert_string_equal(s->mounts[0].destination, "/proc");
        assert_string_equal(s->mounts[1].destination, "/x");
        assert_string_equal(s->mounts[2].destination, "/usr/lib/drv");
        assert_string_equal(s->mounts[3].destination, "/a/b/c/d");
        assert_true(s->mounts[2].bind);
        /* hooks, in order per kind */
        assert_int_equal(s->hooks.n[HOOK_CREATE_CONTAINER], 1);
        assert_string_equal(s->hooks.list[HOOK_CREATE_CONTAINER][0].path, "/usr/bin/ldconfig-hook");
        assert_string_equal(s->hooks.list[HOOK_CREATE_CONTAINER][0].args[1], "x");
        assert_int_equal(s->hooks.n[HOOK_POSTSTOP], 1);
        /* gids: 0 ignored, 44 already there */
        assert_int_equal(s->process->user.n_additional_gids, 1);
        assert_string_equal(l->intel_rdt->clos_id, "gpu");
        assert_int_equal(cdi_set_annotation(s, CDI_DEVICES_ANNOTATION, "vendor.com/gpu=0", &err), 0);
        assert_int_equal(cdi_set_annotation(s, CDI_DEVICES_ANNOTATION, "vendor.com/gpu=all", &err), 0);
        assert_int_equal(s->n_annotations, 1);
        assert_string_equal(s->annotations[0].value, "vendor.com/gpu=all");
        spec_free(s);
        cdi_spec_free(c);
}

static void collisions(void **state)
{
        static const char *const specs[] = {
            HEAD DEV("{\"deviceNodes\": [{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 1, \"minor\": "
                     "1}]}"),
            HEAD DEV(
                "{\"mounts\": [{\"hostPath\": \"/h\", \"containerPath\": \"/x/\", \"type\": \"tmpfs\"}]}"),
            HEAD DEV("{\"deviceNodes\": [{\"path\": \"/x\", \"type\": \"c\", \"major\": 1, \"minor\": 1}]}"),
        };
        static const char *const msgs[] = {
            "x.spec: device node \"/dev/fuse\": the config already has a device at that path "
            "(linux.devices[0])",
            "x.spec: mount \"/x/\": the config already has a mount at that path (mounts[2])",
            "x.spec: device node \"/x\": the config already has a mount at that path (mounts[2])",
        };

        for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
                struct cdi_spec *c = parse_ok(specs[i], false);
                struct spec *s = config("");
                struct error err = ERROR_INIT;
                struct cdi_base base;

                cdi_base_of(s, &base);
                assert_int_equal(cdi_edits_apply(s, &base, &c->devices[0].edits, c->origin, &err), -EEXIST);
                assert_string_equal(err.msg, msgs[i]);
                spec_free(s);
                cdi_spec_free(c);
        }
}

/* A config without linux or process still takes device nodes (env and gids have no process to go to). */
static void bare_config(void **state)
{
        static const char bare[] = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"r\"}}";
        struct cdi_spec *c = parse_ok(good_json, false);
        struct error err = ERROR_INIT;
        struct spec *s = NULL;
        struct cdi_base base;

        assert_int_equal(spec_parse(bare, strlen(bare), "config.json", &s, &err), 0);
        cdi_base_of(s, &base);
        assert_int_equal(cdi_edits_apply(s, &base, &c->devices[0].edits, c->origin, &err), 0);
        assert_int_equal(s->linux->n_devices, 1);
        assert_int_equal(s->linux->resources->n_devices, 1);
        assert_false(s->linux->devices[0].has_uid && s->linux->devices[0].uid != 5);
        spec_free(s);
        cdi_spec_free(c);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(names),        cmocka_unit_test(spec_fields),
            cmocka_unit_test(yaml_is_json), cmocka_unit_test(edits_round_trip),
            cmocka_unit_test(bad_specs),    cmocka_unit_test(apply),
            cmocka_unit_test(collisions),   cmocka_unit_test(bare_config),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
