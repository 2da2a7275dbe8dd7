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
        char p[512];
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

int jas_string(const struct jctx *j, json_object *v, const char *path, char **out)
{
        if (!v || !json_object_is_type(v, json_type_string))
                return jerr(j, path, "expected a string, got %s", v ? jtype_name(v) : "null");
        *out = strdup(json_object_get_string(v));
        if (!*out)
                return error_errno(j->err, ENOMEM, "%s", path);
        return 1;
}

int jget_string(const struct jctx *j, json_object *obj, const char *path, const char *key, char **out)
{
        json_object *v;
        char p[512];
        int r = typed(j, obj, path, key, json_type_string, "a string", &v);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        free(*out);
        *out = NULL;
        return jas_string(j, v, p, out);
}

int jget_bool(const struct jctx *j, json_object *obj, const char *path, const char *key, bool *out)
{
        json_object *v;
        int r = typed(j, obj, path, key, json_type_boolean, "a boolean", &v);

        if (r > 0)
                *out = json_object_get_boolean(v);
        return r;
}

/* An integer-valued JSON number (json-c keeps integers apart from doubles). */
static int integer(const struct jctx *j, json_object *obj, const char *path, const char *key,
                   json_object **out)
{
        char p[512];
        json_object *v = jmember(obj, key);

        if (!v)
                return 0;
        if (!json_object_is_type(v, json_type_int)) {
                jpath(p, sizeof(p), path, key);
                return jerr(j, p, "expected an integer, got %s", jtype_name(v));
        }
        *out = v;
        return 1;
}

int jget_int64(const struct jctx *j, json_object *obj, const char *path, const char *key, int64_t min,
               int64_t max, int64_t *out)
{
        json_object *v;
        char p[512];
        int64_t x;
        int r = integer(j, obj, path, key, &v);

        if (r <= 0)
                return r;
        errno = 0;
        x = json_object_get_int64(v);
        jpath(p, sizeof(p), path, key);
        /* json-c saturates at INT64_MAX for larger unsigned values. */
        if (x == INT64_MAX && json_object_get_uint64(v) > (uint64_t)INT64_MAX)
                return jerr(j, p, "value %s out of range", json_object_get_string(v));
        if (x < min || x > max)
                return jerr(j, p, "value %lld out of range [%lld, %lld]", (long long)x, (long long)min,
                            (long long)max);
        *out = x;
        return 1;
}

int jget_uint64(const struct jctx *j, json_object *obj, const char *path, const char *key, uint64_t max,
                uint64_t *out)
{
        json_object *v;
        char p[512];
        uint64_t x;
        int r = integer(j, obj, path, key, &v);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        if (json_object_get_string(v)[0] == '-')
                return jerr(j, p, "expected an unsigned integer, got %s", json_object_get_string(v));
        x = json_object_get_uint64(v);
        if (x > max)
                return jerr(j, p, "value %llu out of range (max %llu)", (unsigned long long)x,
                            (unsigned long long)max);
        *out = x;
        return 1;
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
        char p[512], ip[560];
        size_t len;
        char **v;
        int r = typed(j, obj, path, key, json_type_array, "an array of strings", &arr);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        len = json_object_array_length(arr);
        v = calloc(len + 1, sizeof(*v));
        if (!v)
                return error_errno(j->err, ENOMEM, "%s", p);
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

int jget_map(const struct jctx *j, json_object *obj, const char *path, const char *key, struct kv **out,
             size_t *n)
{
        json_object *m;
        char p[512], ip[1024];
        size_t i = 0, len;
        struct kv *kv;
        int r = typed(j, obj, path, key, json_type_object, "an object of strings", &m);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, key);
        len = json_object_object_length(m);
        kv = calloc(len + 1, sizeof(*kv));
        if (!kv)
                return error_errno(j->err, ENOMEM, "%s", p);
        *out = kv;
        *n = 0;
        json_object_object_foreach(m, k, val)
        {
                snprintf(ip, sizeof(ip), "%s[\"%s\"]", p, k);
                if (!val || !json_object_is_type(val, json_type_string))
                        return jerr(j, ip, "expected a string, got %s", val ? jtype_name(val) : "null");
                kv[i].key = strdup(k);
                kv[i].value = strdup(json_object_get_string(val));
                *n = ++i;
                if (!kv[i - 1].key || !kv[i - 1].value)
                        return error_errno(j->err, ENOMEM, "%s", ip);
        }
        return 1;
}
