/* SPDX-License-Identifier: Apache-2.0 */
#include "cni_result.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"

static json_object *get(json_object *o, const char *key)
{
        json_object *v = NULL;

        return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static int push(char ***v, size_t *n, const char *s)
{
        char **nv = realloc(*v, (*n + 2) * sizeof(*nv));

        if (!nv)
                return -ENOMEM;
        *v = nv;
        nv[*n] = strdup(s);
        if (!nv[*n])
                return -ENOMEM;
        nv[++*n] = NULL;
        return 0;
}

static int strings(json_object *arr, const char *what, char ***v, size_t *n, struct error *err)
{
        if (!arr)
                return 0;
        if (!json_object_is_type(arr, json_type_array))
                return error_set(err, EINVAL, "CNI result: %s: not an array", what);
        for (size_t i = 0; i < json_object_array_length(arr); i++) {
                json_object *s = json_object_array_get_idx(arr, i);
                if (!json_object_is_type(s, json_type_string))
                        return error_set(err, EINVAL, "CNI result: %s[%zu]: not a string", what, i);
                if (push(v, n, json_object_get_string(s)) < 0)
                        return error_errno(err, ENOMEM, "CNI result");
        }
        return 0;
}

/* An ip belongs to the container when its interface (an index into interfaces) has a sandbox. */
static bool in_sandbox(json_object *ifaces, json_object *ip)
{
        json_object *idx = get(ip, "interface"), *iface, *sandbox;

        if (!idx || !ifaces || !json_object_is_type(ifaces, json_type_array))
                return true;
        iface = json_object_array_get_idx(ifaces, (size_t)json_object_get_int(idx));
        if (!iface)
                return true;
        sandbox = get(iface, "sandbox");
        return sandbox && *json_object_get_string(sandbox);
}

int cni_result_parse(json_object *result, struct cni_info *out, struct error *err)
{
        json_object *ips, *ifaces, *dns;
        int r;

        memset(out, 0, sizeof(*out));
        if (!result || !json_object_is_type(result, json_type_object))
                return error_set(err, EINVAL, "CNI result: not a JSON object");
        ifaces = get(result, "interfaces");
        ips = get(result, "ips");
        if (ips && !json_object_is_type(ips, json_type_array))
                return error_set(err, EINVAL, "CNI result: ips: not an array");
        for (size_t i = 0; ips && i < json_object_array_length(ips); i++) {
                json_object *ip = json_object_array_get_idx(ips, i), *addr = get(ip, "address");
                if (!addr || !json_object_is_type(addr, json_type_string))
                        return error_set(err, EINVAL, "CNI result: ips[%zu].address: missing", i);
                if (in_sandbox(ifaces, ip) &&
                    push(&out->addresses, &out->n_addresses, json_object_get_string(addr)) < 0)
                        return error_errno(err, ENOMEM, "CNI result");
        }
        dns = get(result, "dns");
        if (dns && json_object_is_type(dns, json_type_object)) {
                r = strings(get(dns, "nameservers"), "dns.nameservers", &out->nameservers,
                            &out->n_nameservers, err);
                if (r < 0)
                        return r;
                r = strings(get(dns, "search"), "dns.search", &out->search, &out->n_search, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

void cni_info_free(struct cni_info *info)
{
        strv_free(info->addresses);
        strv_free(info->nameservers);
        strv_free(info->search);
        memset(info, 0, sizeof(*info));
}
