/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A YAML CDI spec into the json-c tree a JSON one gives, so one parser reads both. libyaml (Debian's
 * libyaml-0-2) parses; this file only walks its document. Plain scalars are typed as YAML 1.1 types them
 * (the CDI library reads YAML so): ~/null, true/false (yes/no, on/off), integers (0x.., 0o.., and a
 * leading 0 as octal), floats; quoted ones are strings. Mapping keys must be scalars.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "cdi.h"

#define YAML_DEPTH_MAX 64

static bool is_one_of(const char *s, const char *const *set)
{
        for (; *set; set++)
                if (!strcmp(s, *set))
                        return true;
        return false;
}

/* An integer in one of YAML 1.1's forms; false when s is not one. */
static bool yaml_int(const char *s, int64_t *out)
{
        const char *p = s;
        bool neg = false;
        int base = 10;
        char *end;
        unsigned long long v;

        if (*p == '-' || *p == '+')
                neg = *p++ == '-';
        if (!*p)
                return false;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
                base = 16;
                p += 2;
        } else if (p[0] == '0' && p[1] == 'o') {
                base = 8;
                p += 2;
        } else if (p[0] == '0' && p[1]) {
                base = 8;
                p++;
        }
        if (!*p || *p == '-' || *p == '+' || *p == ' ')
                return false;
        errno = 0;
        v = strtoull(p, &end, base);
        if (*end || errno || v > (unsigned long long)INT64_MAX + (neg ? 1 : 0))
                return false;
        *out = neg ? (int64_t)(0 - v) : (int64_t)v;
        return true;
}

static json_object *scalar(const yaml_node_t *n)
{
        static const char *const nulls[] = {"~", "null", "Null", "NULL", "", NULL};
        static const char *const trues[] = {"true", "True", "TRUE", "yes", "Yes",
                                            "YES",  "on",   "On",   "ON",  NULL};
        static const char *const falses[] = {"false", "False", "FALSE", "no",  "No",
                                             "NO",    "off",   "Off",   "OFF", NULL};
        const char *s = (const char *)n->data.scalar.value;
        int64_t i;
        char *end;
        double d;

        if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
                return json_object_new_string_len(s, (int)n->data.scalar.length);
        if (is_one_of(s, nulls))
                return NULL;
        if (is_one_of(s, trues))
                return json_object_new_boolean(1);
        if (is_one_of(s, falses))
                return json_object_new_boolean(0);
        if (yaml_int(s, &i))
                return json_object_new_int64(i);
        if ((*s >= '0' && *s <= '9') ||
            ((*s == '-' || *s == '+' || *s == '.') && s[1] >= '0' && s[1] <= '9')) {
                d = strtod(s, &end);
                if (!*end)
                        return json_object_new_double(d);
        }
        return json_object_new_string_len(s, (int)n->data.scalar.length);
}

static int convert(yaml_document_t *doc, yaml_node_t *n, int depth, const char *origin, json_object **out,
                   struct error *err)
{
        json_object *o, *v;
        int r;

        if (depth > YAML_DEPTH_MAX)
                return error_set(err, EINVAL, "%s: line %zu: nested too deeply", origin,
                                 n->start_mark.line + 1);
        switch (n->type) {
        case YAML_SCALAR_NODE:
                *out = scalar(n);
                return 0;
        case YAML_SEQUENCE_NODE:
                o = json_object_new_array();
                if (!o)
                        return error_errno(err, ENOMEM, "%s", origin);
                for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
                     it++) {
                        r = convert(doc, yaml_document_get_node(doc, *it), depth + 1, origin, &v, err);
                        if (r < 0) {
                                json_object_put(o);
                                return r;
                        }
                        json_object_array_add(o, v);
                }
                *out = o;
                return 0;
        case YAML_MAPPING_NODE:
                o = json_object_new_object();
                if (!o)
                        return error_errno(err, ENOMEM, "%s", origin);
                for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
                        yaml_node_t *k = yaml_document_get_node(doc, p->key);

                        if (!k || k->type != YAML_SCALAR_NODE) {
                                json_object_put(o);
                                return error_set(err, EINVAL, "%s: line %zu: a mapping key must be a scalar",
                                                 origin, (k ? k->start_mark.line : n->start_mark.line) + 1);
                        }
                        if (json_object_object_get_ex(o, (const char *)k->data.scalar.value, NULL)) {
                                json_object_put(o);
                                return error_set(err, EINVAL, "%s: line %zu: key \"%s\" given twice", origin,
                                                 k->start_mark.line + 1, (const char *)k->data.scalar.value);
                        }
                        r = convert(doc, yaml_document_get_node(doc, p->value), depth + 1, origin, &v, err);
                        if (r < 0) {
                                json_object_put(o);
                                return r;
                        }
                        json_object_object_add(o, (const char *)k->data.scalar.value, v);
                }
                *out = o;
                return 0;
        default:
                return error_set(err, EINVAL, "%s: line %zu: empty node", origin, n->start_mark.line + 1);
        }
}

int cdi_yaml_to_json(const char *text, size_t len, const char *origin, json_object **out, struct error *err)
{
        yaml_parser_t parser;
        yaml_document_t doc;
        yaml_node_t *root;
        int r;

        if (!yaml_parser_initialize(&parser))
                return error_errno(err, ENOMEM, "%s", origin);
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        if (!yaml_parser_load(&parser, &doc)) {
                r = error_set(err, EINVAL, "%s: line %zu, column %zu: %s", origin,
                              parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                              parser.problem ? parser.problem : "invalid YAML");
                yaml_parser_delete(&parser);
                return r;
        }
        root = yaml_document_get_root_node(&doc);
        if (!root)
                r = error_set(err, EINVAL, "%s: empty YAML document", origin);
        else
                r = convert(&doc, root, 0, origin, out, err);
        yaml_document_delete(&doc);
        yaml_parser_delete(&parser);
        return r;
}
