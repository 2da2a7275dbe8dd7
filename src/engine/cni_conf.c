/* SPDX-License-Identifier: Apache-2.0 */
#include "cni_conf.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

static json_object *get(json_object *o, const char *key)
{
        json_object *v = NULL;

        return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static bool is_string(json_object *v)
{
        return v && json_object_is_type(v, json_type_string) && *json_object_get_string(v);
}

/* A plugin's type names a file in CNI_PATH: no path separators, no dot files. */
static bool type_valid(const char *t)
{
        return *t && *t != '.' && !strchr(t, '/');
}

static int check_plugin(json_object *p, const char *origin, size_t i, struct error *err)
{
        json_object *t = get(p, "type");

        if (!json_object_is_type(p, json_type_object))
                return error_set(err, EINVAL, "%s: plugins[%zu]: not an object", origin, i);
        if (!is_string(t))
                return error_set(err, EINVAL, "%s: plugins[%zu].type: missing", origin, i);
        if (!type_valid(json_object_get_string(t)))
                return error_set(err, EINVAL, "%s: plugins[%zu].type \"%s\": not a plugin name", origin, i,
                                 json_object_get_string(t));
        return 0;
}

int cni_conflist_parse(const char *text, size_t len, const char *origin, json_object **out, struct error *err)
{
        json_tokener *tok = json_tokener_new();
        json_object *o, *plugins;
        int r;

        if (!tok)
                return error_errno(err, ENOMEM, "%s", origin);
        o = json_tokener_parse_ex(tok, text, (int)len);
        if (!o || json_tokener_get_error(tok) != json_tokener_success) {
                enum json_tokener_error je = json_tokener_get_error(tok);
                r = error_set(err, EINVAL, "%s: %s", origin,
                              je == json_tokener_continue ? "unexpected end of data"
                                                          : json_tokener_error_desc(je));
                json_tokener_free(tok);
                json_object_put(o);
                return r;
        }
        json_tokener_free(tok);
        if (!json_object_is_type(o, json_type_object)) {
                json_object_put(o);
                return error_set(err, EINVAL, "%s: not a JSON object", origin);
        }
        if (!is_string(get(o, "name")) || !is_string(get(o, "cniVersion"))) {
                json_object_put(o);
                return error_set(err, EINVAL, "%s: \"name\" and \"cniVersion\" are required", origin);
        }
        plugins = get(o, "plugins");
        if (!plugins && get(o, "type")) { /* a single plugin's .conf: a list of one */
                json_object *list = json_object_new_object(), *arr = json_object_new_array();

                json_object_object_add(list, "cniVersion", json_object_get(get(o, "cniVersion")));
                json_object_object_add(list, "name", json_object_get(get(o, "name")));
                json_object_array_add(arr, o);
                json_object_object_add(list, "plugins", arr);
                o = list;
                plugins = arr;
        }
        if (!plugins || !json_object_is_type(plugins, json_type_array) ||
            !json_object_array_length(plugins)) {
                json_object_put(o);
                return error_set(err, EINVAL, "%s: \"plugins\": a non-empty array is required", origin);
        }
        for (size_t i = 0; i < json_object_array_length(plugins); i++) {
                r = check_plugin(json_object_array_get_idx(plugins, i), origin, i, err);
                if (r < 0) {
                        json_object_put(o);
                        return r;
                }
        }
        *out = o;
        return 0;
}

static bool conf_file(const char *n)
{
        size_t l = strlen(n);

        if (n[0] == '.')
                return false;
        return (l > 9 && !strcmp(n + l - 9, ".conflist")) || (l > 5 && !strcmp(n + l - 5, ".conf")) ||
               (l > 5 && !strcmp(n + l - 5, ".json"));
}

static int cmp_names(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

int cni_conflist_find(const char *dir, const char *name, json_object **out, struct error *err)
{
        _cleanup_closedir_ DIR *d = opendir(dir);
        _cleanup_strv_ char **names = NULL;
        size_t n = 0;
        struct dirent *de;
        int r = -ENOENT;

        if (!d) {
                if (errno == ENOENT)
                        return error_set(err, ENOENT,
                                         "network \"%s\": not found (no CNI config directory \"%s\")", name,
                                         dir);
                return error_errno(err, errno, "network \"%s\": CNI config directory \"%s\"", name, dir);
        }
        while ((de = readdir(d))) {
                char **v;
                if (!conf_file(de->d_name))
                        continue;
                v = realloc(names, (n + 2) * sizeof(*v));
                if (!v)
                        return error_errno(err, ENOMEM, "network \"%s\"", name);
                names = v;
                names[n] = strdup(de->d_name);
                names[++n] = NULL;
        }
        if (n)
                qsort(names, n, sizeof(*names), cmp_names);
        for (size_t i = 0; i < n && r == -ENOENT; i++) {
                _cleanup_free_ char *text = NULL, *path = NULL;
                struct error e = ERROR_INIT;
                json_object *list = NULL;
                size_t len;

                if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
                        return error_errno(err, ENOMEM, "network \"%s\"", name);
                if (read_file_at(AT_FDCWD, path, &text, &len, &e) < 0 ||
                    cni_conflist_parse(text, len, path, &list, &e) < 0) {
                        log_debug("CNI config \"%s\" skipped: %s", path, e.msg);
                        continue;
                }
                if (!strcmp(cni_conflist_name(list), name)) {
                        *out = list;
                        r = 0;
                } else {
                        json_object_put(list);
                }
        }
        if (r == -ENOENT)
                return error_set(err, ENOENT,
                                 "network \"%s\": not found (no conflist of that name in \"%s\")", name, dir);
        return 0;
}

const char *cni_conflist_name(json_object *list)
{
        return json_object_get_string(get(list, "name"));
}

size_t cni_conflist_len(json_object *list)
{
        return json_object_array_length(get(list, "plugins"));
}

const char *cni_plugin_type(json_object *list, size_t i)
{
        return json_object_get_string(get(json_object_array_get_idx(get(list, "plugins"), i), "type"));
}

json_object *cni_runtime_config(const struct port_mapping *ports, size_t n)
{
        json_object *rc = json_object_new_object(), *arr = json_object_new_array();

        for (size_t i = 0; i < n; i++) {
                json_object *m = json_object_new_object();
                json_object_object_add(m, "hostPort", json_object_new_int(ports[i].host_port));
                json_object_object_add(m, "containerPort", json_object_new_int(ports[i].container_port));
                json_object_object_add(m, "protocol", json_object_new_string(ports[i].protocol));
                json_object_object_add(m, "hostIP", json_object_new_string(ports[i].host_ip));
                json_object_array_add(arr, m);
        }
        json_object_object_add(rc, "portMappings", arr);
        return rc;
}

char *cni_plugin_stdin(json_object *list, size_t i, json_object *prev_result, json_object *runtime_config)
{
        json_object *plugin = json_object_array_get_idx(get(list, "plugins"), i), *conf = NULL, *caps, *rc;
        char *text;

        /* A deep copy: the list stays as it was read, for the next plugin and for DEL. */
        if (json_object_deep_copy(plugin, &conf, NULL) < 0)
                return NULL;
        json_object_object_add(conf, "name", json_object_new_string(cni_conflist_name(list)));
        json_object_object_add(conf, "cniVersion", json_object_get(get(list, "cniVersion")));
        json_object_object_del(conf, "runtimeConfig");
        json_object_object_del(conf, "prevResult");
        if (prev_result)
                json_object_object_add(conf, "prevResult", json_object_get(prev_result));
        caps = get(plugin, "capabilities");
        rc = json_object_new_object();
        if (caps && json_object_is_type(caps, json_type_object) && runtime_config) {
                json_object_object_foreach(caps, key, val)
                {
                        json_object *v = get(runtime_config, key);
                        if (json_object_get_boolean(val) && v)
                                json_object_object_add(rc, key, json_object_get(v));
                }
        }
        if (json_object_object_length(rc))
                json_object_object_add(conf, "runtimeConfig", rc);
        else
                json_object_put(rc);
        text = strdup(
            json_object_to_json_string_ext(conf, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(conf);
        return text;
}
