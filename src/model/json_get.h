/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Typed getters over json-c with the JSON path in every message:
 * "config.json: process.rlimits[1].soft: expected an unsigned integer, got \"ten\"".
 *
 * The jget_* functions read the member `key` of `obj` (whose own path is `path`, "" at the top). Each
 * returns 0 when the member is absent or JSON null (leaving *out alone), 1 when it was read, or a negative
 * errno with the error set. A member of the wrong JSON type is an error; a member nobody asks for is
 * ignored, as the spec allows extensions.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "util/error.h"

/* Room for any JSON path we build; longer ones (huge map keys) are truncated in messages only. */
#define JPATH_MAX 512

struct jctx {
        const char *origin; /* "config.json" */
        struct error *err;
};

/* Sets "<origin>: <path>: <what>" (or "<origin>: <what>" for the empty path); returns -EINVAL. */
int jerr(const struct jctx *j, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Sets "<origin>: <path>: Cannot allocate memory"; returns -ENOMEM. */
int jnomem(const struct jctx *j, const char *path);

/* "a.b" + "c" -> "a.b.c", "" + "c" -> "c"; "a" + 3 -> "a[3]"; "a" + "k" -> "a[\"k\"]" for map keys. */
void jpath(char *out, size_t size, const char *parent, const char *key);
void jpath_index(char *out, size_t size, const char *parent, size_t index);
void jpath_key(char *out, size_t size, const char *parent, const char *key);

/* "string", "number", "object", ...: how messages name the JSON type met. */
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

/* As jget_string, but an absent member is an error ("missing"). Returns 0 or a negative errno. */
int jget_string_req(const struct jctx *j, json_object *obj, const char *path, const char *key, char **out);

/*
 * A string from a closed set of names: lookup() returns its number, or -1 for "unknown <what> \"<name>\"".
 * When required, an absent member is "missing".
 */
int jget_name(const struct jctx *j, json_object *obj, const char *path, const char *key,
              int (*lookup)(const char *), const char *what, bool required, int *out);

/* A string array as a NULL-terminated copy (an empty array gives a vector holding only NULL). */
int jget_strv(const struct jctx *j, json_object *obj, const char *path, const char *key, char ***out,
              size_t *n);
/* Checks every element of a string array (at array path apath) against a closed set of names. */
int jcheck_names(const struct jctx *j, const char *apath, char **v, size_t n, int (*lookup)(const char *),
                 const char *what);

/* A string-to-string object as key/value pairs, in document order. */
struct kv;
int jget_map(const struct jctx *j, json_object *obj, const char *path, const char *key, struct kv **out,
             size_t *n);

/* Read an array element (not a member) as a string / an unsigned integer. Return 1 or a negative errno. */
int jas_string(const struct jctx *j, json_object *v, const char *path, char **out);
int jas_uint64(const struct jctx *j, json_object *v, const char *path, uint64_t max, uint64_t *out);
/* Element i of an array, which must be an object; ipath receives "<apath>[i]". Returns 0 or -EINVAL. */
int jarray_object(const struct jctx *j, json_object *arr, const char *apath, size_t i, char *ipath,
                  size_t ipath_size, json_object **out);

/*
 * The member `key` as an array of objects, allocated as n elements of elem_size (zeroed, plus one spare
 * so that n == 0 still gives a pointer). Returns 0 absent, 1 read, or a negative errno.
 */
int jget_object_array(const struct jctx *j, json_object *obj, const char *path, const char *key,
                      size_t elem_size, void **out, size_t *n, json_object **arr);
