/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The parser's parts, one per object of config.json. Each takes the object and its JSON path, fills its
 * part of the model, and returns 0 or a negative errno with the error set through jctx. On an error what
 * was already allocated stays attached to the output, for the caller's single free.
 */
#pragma once

#include "json_get.h"
#include "spec.h"

int parse_root(const struct jctx *j, json_object *o, struct spec *s);
int parse_mounts(const struct jctx *j, json_object *o, struct spec *s);
int parse_process(const struct jctx *j, json_object *o, const char *path, struct spec_process **out);
int parse_process_sched(const struct jctx *j, json_object *o, const char *path, struct spec_process *p);
int parse_hooks(const struct jctx *j, json_object *o, const char *path, struct spec_hooks *out);
/* One hook object {path, args, env, timeout} at path ip (CDI's hooks take it too). */
int parse_hook(const struct jctx *j, json_object *e, const char *ip, struct spec_hook *h);
/* The members of an intelRdt object at p (config.json's linux.intelRdt, a CDI spec's), checked. */
int parse_intel_rdt_fields(const struct jctx *j, json_object *e, const char *p, struct spec_intel_rdt *rdt);
int parse_linux(const struct jctx *j, json_object *o, const char *path, struct spec_linux **out);
int parse_linux_extras(const struct jctx *j, json_object *o, const char *path, struct spec_linux *l);
int parse_resources(const struct jctx *j, json_object *o, const char *path, struct spec_resources **out);
int parse_block_io(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res);
int parse_seccomp(const struct jctx *j, json_object *o, const char *path, struct spec_seccomp **out);

/* An optional array of {containerID, hostID, size} at obj.key. */
int parse_id_mappings(const struct jctx *j, json_object *obj, const char *path, const char *key,
                      struct spec_id_mapping **out, size_t *n);

/* Frees what the parts allocate. */
void spec_linux_free(struct spec_linux *l);
void spec_seccomp_free(struct spec_seccomp *s);
void kv_free(struct kv *kv, size_t n);
void spec_cpu_list_free(struct spec_cpu_list *l);
