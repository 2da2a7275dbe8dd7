/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Typed getters over json-c with the JSON path in every message:
 * "config.json: process.rlimits[1].soft: expected an unsigned integer, got string".
 * Each returns 0 when the key is absent (and leaves *out alone, *present false),
 * 1 when it was read, or a negative errno with the error filled.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include "util/error.h"

struct jctx {
        const char *origin; /* "config.json" */
        struct error *err;
};

/* Sets "<origin>: <path>: <what>". */
int jerr(const struct jctx *j, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "a.b" + "c" -> "a.b.c"; "" + "c" -> "c"; index form "a[3]". */
void jpath(char *out, size_t size, const char *parent, const char *key);
void jpath_index(char *out, size_t size, const char *parent, size_t index);

const char *jtype_name(json_object *o);

/* The member, NULL when absent or JSON null. */
json_object *jmember(json_object *obj, const char *key);

int jget_object(const struct jctx *j, json_object *obj, const char *path, const char *key, json_object **out);
int jget_array(const struct jctx *j, json_object *obj, const char *path, const char *key, json_object **out);
int jget_string(const struct jctx *j, json_object *obj, const char *path, const char *key, char **out);
int jget_bool(const struct jctx *j, json_object *obj, const char *path, const char *key, bool *out);
int jget_int64(const struct jctx *j, json_object *obj, const char *path, const char *key, int64_t min,
               int64_t max, int64_t *out);
int jget_uint64(const struct jctx *j, json_object *obj, const char *path, const char *key, uint64_t max,
                uint64_t *out);
int jget_uint32(const struct jctx *j, json_object *obj, const char *path, const char *key, uint32_t *out);

/* A string array, NULL-terminated copy. */
int jget_strv(const struct jctx *j, json_object *obj, const char *path, const char *key, char ***out,
              size_t *n);

/* A string-to-string object as key/value pairs. */
struct kv;
int jget_map(const struct jctx *j, json_object *obj, const char *path, const char *key, struct kv **out,
             size_t *n);

/* Reads a value (not a member) as a string / uint64, for array elements. */
int jas_string(const struct jctx *j, json_object *v, const char *path, char **out);
