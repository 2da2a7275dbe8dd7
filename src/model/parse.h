/* SPDX-License-Identifier: Apache-2.0 */
/* The parser's parts, one per object of config.json. Each returns 0 or a negative errno with jctx's error
 * set. */
#pragma once

#include "json_get.h"
#include "spec.h"

int parse_process(const struct jctx *j, json_object *o, const char *path, struct spec_process **out);
int parse_hooks(const struct jctx *j, json_object *o, const char *path, struct spec_hooks *out);
int parse_mounts(const struct jctx *j, json_object *arr, const char *path, struct spec *s);
int parse_linux(const struct jctx *j, json_object *o, const char *path, struct spec_linux **out);
int parse_resources(const struct jctx *j, json_object *o, const char *path, struct spec_resources **out);
int parse_seccomp(const struct jctx *j, json_object *o, const char *path, struct spec_seccomp **out);
int parse_id_mappings(const struct jctx *j, json_object *obj, const char *path, const char *key,
                      struct spec_id_mapping **out, size_t *n);

/* An absolute path check: "must be an absolute path". */
int check_absolute(const struct jctx *j, const char *path, const char *value);

/* Frees what the parts allocate. */
void spec_process_free(struct spec_process *p);
void spec_linux_free(struct spec_linux *l);
void spec_resources_free(struct spec_resources *r);
void spec_seccomp_free(struct spec_seccomp *s);
void kv_free(struct kv *kv, size_t n);
void strv_free_n(char **v);
