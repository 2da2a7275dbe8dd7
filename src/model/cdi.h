/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CDI (the Container Device Interface, cncf-tags/container-device-interface SPEC.md): a spec file (JSON or
 * YAML) names a kind, "vendor.com/class", and devices, each with containerEdits, plus containerEdits of the
 * whole spec that go with the first device of it a container asks for. A device is asked for by its
 * fully-qualified name, "vendor.com/class=name".
 *
 * This part is pure: a spec's text to typed, validated structs (cdi_parse.c, YAML through libyaml into the
 * same json-c tree, cdi_yaml.c), names checked, and edits applied to a parsed config (cdi_apply.c). Finding
 * the spec files, filling a device node's numbers from the host and keeping what was applied are the
 * engine's (engine/cdi.c).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "spec.h"
#include "util/error.h"

/* The spec versions taken: 0.3.0 (the first tagged) to 0.8.x, and 1.0.x, which changed no field. */
#define CDI_VERSION_MIN "0.3.0"
#define CDI_VERSION_MAX "1.0"

/* The annotation prefix a container asks for devices with: "cdi.k8s.io/<key>": "<name>[,<name>...]". */
#define CDI_ANNOTATION_PREFIX "cdi.k8s.io/"
/* The annotation brownie adds (state, hooks): the devices injected, comma-separated, in order. */
#define CDI_DEVICES_ANNOTATION "org.brownie.cdi.devices"

struct cdi_node {
        struct spec_device dev; /* path inside the container; type 0, major/minor 0 when left out */
        char *host_path;        /* NULL: dev.path */
        char *permissions;      /* NULL (or ""): "rwm"; "none": no access; else a subset of "rwm" */
};

struct cdi_hook {
        enum spec_hook_kind kind;
        struct spec_hook hook;
};

struct cdi_edits {
        char **env; /* "KEY=VALUE", NULL-terminated */
        size_t n_env;
        struct cdi_node *nodes;
        size_t n_nodes;
        struct spec_mount *mounts; /* source = hostPath; options translated as config.json's */
        size_t n_mounts;
        struct cdi_hook *hooks;
        size_t n_hooks;
        uint32_t *gids;
        size_t n_gids;
        struct spec_intel_rdt *rdt;
};

struct cdi_device {
        char *name; /* the device part of the qualified name */
        struct cdi_edits edits;
};

struct cdi_spec {
        char *origin; /* the file, for messages */
        char *version;
        char *kind; /* "vendor.com/class" */
        struct cdi_device *devices;
        size_t n_devices;
        struct cdi_edits edits; /* once per container, with its first device of this spec */
};

/* Name checks, as the CDI parser package has them. */
bool cdi_vendor_valid(const char *vendor);
bool cdi_class_valid(const char *class);
bool cdi_device_name_valid(const char *name);
/* "vendor.com/class": both parts valid. */
bool cdi_kind_valid(const char *kind);
/*
 * A fully-qualified device name, "vendor.com/class=name". 0, or -EINVAL with "CDI device \"...\": <why>"
 * in err. kind_len (may be NULL) gets the length of "vendor.com/class".
 */
int cdi_qualified_check(const char *name, size_t *kind_len, struct error *err);

/*
 * A spec file's text: YAML when yaml is set (libyaml), else JSON. origin names the file in messages:
 * "/etc/cdi/x.yaml: devices[0].containerEdits.deviceNodes[1].permissions: ...". Unknown fields are
 * refused, as the CDI library loads specs strictly.
 */
int cdi_spec_parse(const char *text, size_t len, bool yaml, const char *origin, struct cdi_spec **out,
                   struct error *err);
void cdi_spec_free(struct cdi_spec *s);

/* A YAML document as a json-c tree (plain scalars typed as YAML 1.1 has them: null, bool, int, float). */
int cdi_yaml_to_json(const char *text, size_t len, const char *origin, json_object **out, struct error *err);

/* One containerEdits object (path names it in messages), and back to JSON (as the spec spells it). */
int cdi_edits_parse(json_object *o, const char *origin, const char *path, struct cdi_edits *out,
                    struct error *err);
json_object *cdi_edits_to_json(const struct cdi_edits *e);
void cdi_edits_clear(struct cdi_edits *e);

/*
 * Applying edits to a parsed config, as the CDI library applies them (the config itself is never
 * written). base_mounts and base_devices are how many mounts and linux.devices the config had before any
 * CDI edit: a device node or mount at a path one of those has is an error; one an earlier edit added is
 * replaced, as the library does. Device nodes must carry their type and numbers already (the engine
 * fills them from the host). origin names the spec in messages.
 */
struct cdi_base {
        size_t n_mounts;
        size_t n_devices;
};
void cdi_base_of(const struct spec *s, struct cdi_base *out);
int cdi_edits_apply(struct spec *s, const struct cdi_base *base, const struct cdi_edits *e,
                    const char *origin, struct error *err);
/* Once every edit is in: the mounts stably sorted by their destination's depth, as the library sorts them. */
void cdi_sort_mounts(struct spec *s);
/* Sets an annotation of the config (replacing one of that key). */
int cdi_set_annotation(struct spec *s, const char *key, const char *value, struct error *err);
