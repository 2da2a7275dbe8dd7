/* SPDX-License-Identifier: Apache-2.0 */
#include "json_get.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

int jerr(const struct jctx *j, const char *path, const char *fmt, ...)
{
        char what[1024];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(what, sizeof(what), fmt, ap);
        va_end(ap);
        if (path && *path)
                return error_set(j->err, EINVAL, "%s: %s: %s", j->origin, path, what);
        return error_set(j->err, EINVAL, "%s: %s", j->origin, what);
}

int jnomem(const struct jctx *j, const char *path)
{
        if (path && *path)
                return error_errno(j->err, ENOMEM, "%s: %s", j->origin, path);
        return error_errno(j->err, ENOMEM, "%s", j->origin);
}

void jpath(char *out, size_t size, const char *parent, const char *key)
{
        if (parent && *parent)
                snprintf(out, size, "%s.%s", parent, key);
        else
                snprintf(out, size, "%s", key);
}

void jpath_index(char *out, size_t size, const char *parent, size_t index)
{
        snprintf(out, size, "%s[%zu]", parent ? parent : "", index);
}

void jpath_key(char *out, size_t size, const char *parent, const char *key)
{
        snprintf(out, size, "%s[\"%s\"]", parent ? parent : "", key);
}

const char *jtype_name(json_object *o)
{
        switch (json_object_get_type(o)) {
        case json_type_null:
                return "null";
        case json_type_boolean:
                return "boolean";
        case json_type_double:
        case json_type_int:
                return "number";
        case json_type_object:
                return "object";
        case json_type_array:
                return "array";
        case json_type_string:
                return "string";
        }
        return "value";
}

json_object *jmember(json_object *obj, const char *key)
{
        json_object *v = NULL;

        if (!obj || !json_object_object_get_ex(obj, key, &v))
                return NULL;
        return v; /* NULL for JSON null */
}

static int typed(const struct jctx *j, json_object *obj, const char *path, const char *key, json_type t,
                 const char *expected, json_object **out)
{
        char p[JPATH_MAX];
        json_object *v = jmember(obj, key);

        if (!v)
                return 0;
        if (!json_object_is_type(v, t)) {
                jpath(p, sizeof(p), path, key);
                return jerr(j, p, "expected %s, got %s", expected, jtype_name(v));
        }
        *out = v;
        return 1;
}

int jget_object(const struct jctx *j, json_object *obj, const char *path, const char *key, json_object **out)
{
        return typed(j, obj, path, key, json_type_object, "an object", out);
}

int jget_array(const struct jctx *j, json_object *obj, const char *path, const char *key, json_object **out)
{
        return typed(j, obj, path, key, json_type_array, "an array", out);
}

/* A JSON string may hold "\u0000"; a C string would end there, and say something else than the config. */
static int check_nul(const struct jctx *j, json_object *v, const char *path)
{
        const char *s = json_object_get_string(v);

        if ((size_t)json_object_get_string_len(v) != strlen(s))
                return jerr(j, path, "\"%s\\u0000...\" contains a NUL character", s);
        return 0;
}

int jas_string(const struct jctx *j, json_object *v, const char *path, char **out)
{
        if (!v || !json_object_is_type(v, json_type_string))
                return jerr(j, path, "expected a string, got %s", v ? jtype_name(v) : "null");
        if (check_nul(j, v, path) < 0)
                return -EINVAL;
        *out = strdup(json_object_get_string(v));
        if (!*out)
                return jnomem(j, path);
        return 1;
}

int jget_string(const struct jctx *j, json_object *obj, const char *path, const char *key, char **out)
{
        json_object *v;
        char p[JPATH_MAX];
        int r = typed(j, obj, path, key, json_type_string, "a string", &v);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        free(*out);
        *out = NULL;
        return jas_string(j, v, p, out);
}

int jget_string_req(const struct jctx *j, json_object *obj, const char *path, const char *key, char **out)
{
        char p[JPATH_MAX];
        int r = jget_string(j, obj, path, key, out);

        if (r != 0)
                return r < 0 ? r : 0;
        jpath(p, sizeof(p), path, key);
        return jerr(j, p, "missing");
}

int jget_name(const struct jctx *j, json_object *obj, const char *path, const char *key,
              int (*lookup)(const char *), const char *what, bool required, int *out)
{
        char p[JPATH_MAX];
        json_object *v;
        int r = typed(j, obj, path, key, json_type_string, "a string", &v), x;

        if (r < 0)
                return r;
        jpath(p, sizeof(p), path, key);
        if (r == 0)
                return required ? jerr(j, p, "missing") : 0;
        if (check_nul(j, v, p) < 0)
                return -EINVAL;
        x = lookup(json_object_get_string(v));
        if (x < 0)
                return jerr(j, p, "unknown %s \"%s\"", what, json_object_get_string(v));
        *out = x;
        return 1;
}

int jget_bool(const struct jctx *j, json_object *obj, const char *path, const char *key, bool *out)
{
        json_object *v;
        int r = typed(j, obj, path, key, json_type_boolean, "a boolean", &v);

        if (r > 0)
                *out = json_object_get_boolean(v);
        return r;
}

/*
 * An integer-valued JSON number. json-c keeps integers apart from doubles; a literal outside the 64-bit
 * range never gets here (json_text.c rejects it with its line and column, since json-c saturates it).
 */
static int integer(const struct jctx *j, json_object *v, const char *path, const char *expected)
{
        if (v && json_object_is_type(v, json_type_int))
                return 0;
        if (v && json_object_is_type(v, json_type_double))
                return jerr(j, path, "expected %s, got %s", expected, json_object_get_string(v));
        return jerr(j, path, "expected %s, got %s", expected, v ? jtype_name(v) : "null");
}

int jget_int64(const struct jctx *j, json_object *obj, const char *path, const char *key, int64_t min,
               int64_t max, int64_t *out)
{
        json_object *v = jmember(obj, key);
        char p[JPATH_MAX];
        int64_t x;

        if (!v)
                return 0;
        jpath(p, sizeof(p), path, key);
        if (integer(j, v, p, "an integer") < 0)
                return -EINVAL;
        x = json_object_get_int64(v);
        /* json-c saturates at INT64_MAX for the values above it that it keeps as uint64. */
        if (x == INT64_MAX && json_object_get_uint64(v) > (uint64_t)INT64_MAX)
                return jerr(j, p, "value %s out of range [%lld, %lld]", json_object_get_string(v),
                            (long long)min, (long long)max);
        if (x < min || x > max)
                return jerr(j, p, "value %lld out of range [%lld, %lld]", (long long)x, (long long)min,
                            (long long)max);
        *out = x;
        return 1;
}

int jas_uint64(const struct jctx *j, json_object *v, const char *path, uint64_t max, uint64_t *out)
{
        uint64_t x;

        if (integer(j, v, path, "an unsigned integer") < 0)
                return -EINVAL;
        if (json_object_get_int64(v) < 0)
                return jerr(j, path, "expected an unsigned integer, got %s", json_object_get_string(v));
        x = json_object_get_uint64(v);
        if (x > max)
                return jerr(j, path, "value %llu out of range (max %llu)", (unsigned long long)x,
                            (unsigned long long)max);
        *out = x;
        return 1;
}

int jget_uint64(const struct jctx *j, json_object *obj, const char *path, const char *key, uint64_t max,
                uint64_t *out)
{
        json_object *v = jmember(obj, key);
        char p[JPATH_MAX];

        if (!v)
                return 0;
        jpath(p, sizeof(p), path, key);
        return jas_uint64(j, v, p, max, out);
}

int jget_uint32(const struct jctx *j, json_object *obj, const char *path, const char *key, uint32_t *out)
{
        uint64_t v;
        int r = jget_uint64(j, obj, path, key, UINT32_MAX, &v);

        if (r > 0)
                *out = (uint32_t)v;
        return r;
}

int jget_strv(const struct jctx *j, json_object *obj, const char *path, const char *key, char ***out,
              size_t *n)
{
        json_object *arr;
        char p[JPATH_MAX], ip[JPATH_MAX + 24];
        size_t len;
        char **v;
        int r = typed(j, obj, path, key, json_type_array, "an array of strings", &arr);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        len = json_object_array_length(arr);
        v = calloc(len + 1, sizeof(*v));
        if (!v)
                return jnomem(j, p);
        for (size_t i = 0; i < len; i++) {
                jpath_index(ip, sizeof(ip), p, i);
                r = jas_string(j, json_object_array_get_idx(arr, i), ip, &v[i]);
                if (r < 0) {
                        for (size_t k = 0; k < i; k++)
                                free(v[k]);
                        free(v);
                        return r;
                }
        }
        *out = v;
        *n = len;
        return 1;
}

int jcheck_names(const struct jctx *j, const char *apath, char **v, size_t n, int (*lookup)(const char *),
                 const char *what)
{
        char ip[JPATH_MAX + 24];

        for (size_t i = 0; i < n; i++) {
                if (lookup(v[i]) >= 0)
                        continue;
                jpath_index(ip, sizeof(ip), apath, i);
                return jerr(j, ip, "unknown %s \"%s\"", what, v[i]);
        }
        return 0;
}

int jget_map(const struct jctx *j, json_object *obj, const char *path, const char *key, struct kv **out,
             size_t *n)
{
        json_object *m;
        char p[JPATH_MAX], ip[2 * JPATH_MAX];
        size_t len;
        struct kv *kv;
        int r = typed(j, obj, path, key, json_type_object, "an object of strings", &m);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        len = json_object_object_length(m);
        kv = calloc(len + 1, sizeof(*kv));
        if (!kv)
                return jnomem(j, p);
        /* Owned by the caller from here: *n counts the pairs to free on an error. */
        *out = kv;
        *n = 0;
        json_object_object_foreach(m, k, val)
        {
                jpath_key(ip, sizeof(ip), p, k);
                if (!val || !json_object_is_type(val, json_type_string))
                        return jerr(j, ip, "expected a string, got %s", val ? jtype_name(val) : "null");
                if (check_nul(j, val, ip) < 0)
                        return -EINVAL;
                kv[*n].key = strdup(k);
                kv[*n].value = strdup(json_object_get_string(val));
                (*n)++;
                if (!kv[*n - 1].key || !kv[*n - 1].value)
                        return jnomem(j, ip);
        }
        return 1;
}

int jarray_object(const struct jctx *j, json_object *arr, const char *apath, size_t i, char *ipath,
                  size_t ipath_size, json_object **out)
{
        json_object *e = json_object_array_get_idx(arr, i);

        jpath_index(ipath, ipath_size, apath, i);
        if (!e || !json_object_is_type(e, json_type_object))
                return jerr(j, ipath, "expected an object, got %s", e ? jtype_name(e) : "null");
        *out = e;
        return 0;
}

int jget_object_array(const struct jctx *j, json_object *obj, const char *path, const char *key,
                      size_t elem_size, void **out, size_t *n, json_object **arr)
{
        char p[JPATH_MAX];
        size_t len;
        int r = typed(j, obj, path, key, json_type_array, "an array of objects", arr);

        if (r <= 0)
                return r;
        len = json_object_array_length(*arr);
        *out = calloc(len + 1, elem_size);
        if (!*out) {
                jpath(p, sizeof(p), path, key);
                return jnomem(j, p);
        }
        *n = len;
        return 1;
}
