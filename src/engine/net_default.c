/* SPDX-License-Identifier: Apache-2.0 */
#include "net_default.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "util/cleanup.h"
#include "util/fs.h"

int net_pick_subnet(const struct route4 *routes, size_t n, char *out, size_t size)
{
        /* 10.88-10.127, then 172.18-172.31: ranges private networks and other runtimes rarely all use. */
        for (unsigned k = 0; k < 40 + 14; k++) {
                uint32_t net =
                    k < 40 ? (10u << 24) | ((88u + k) << 16) : (172u << 24) | ((18u + k - 40) << 16);
                uint32_t mask = 0xffff0000u;
                bool clash = false;

                for (size_t i = 0; i < n && !clash; i++) {
                        uint32_t m = routes[i].mask & mask; /* the shorter prefix of the two */
                        if (routes[i].mask == 0)
                                continue; /* the default route */
                        clash = (routes[i].dst & m) == (net & m);
                }
                if (!clash) {
                        snprintf(out, size, "%u.%u.0.0/16", net >> 24, (net >> 16) & 0xff);
                        return 0;
                }
        }
        return -EADDRNOTAVAIL;
}

int net_parse_routes(const char *text, struct route4 **out, size_t *n)
{
        const char *line = strchr(text, '\n'); /* the header */
        struct route4 *v = NULL;

        *out = NULL;
        *n = 0;
        while (line && *++line) {
                char ifname[64];
                unsigned dst, gw, flags, refcnt, use, metric, mask;
                struct route4 *nv;

                if (sscanf(line, "%63s %x %x %x %u %u %u %x", ifname, &dst, &gw, &flags, &refcnt, &use,
                           &metric, &mask) == 8) {
                        nv = realloc(v, (*n + 1) * sizeof(*v));
                        if (!nv) {
                                free(v);
                                return -ENOMEM;
                        }
                        v = nv;
                        /* The kernel prints them in network byte order, read here as a little-endian word. */
                        v[*n].dst = __builtin_bswap32(dst);
                        v[*n].mask = __builtin_bswap32(mask);
                        (*n)++;
                }
                line = strchr(line, '\n');
        }
        *out = v;
        return 0;
}

static json_object *plugin(const char *type)
{
        json_object *p = json_object_new_object();

        json_object_object_add(p, "type", json_object_new_string(type));
        return p;
}

char *net_default_conflist(const char *subnet, const char *data_dir)
{
        json_object *list = json_object_new_object(), *plugins = json_object_new_array();
        json_object *bridge = plugin("bridge"), *ipam = json_object_new_object(),
                    *ranges = json_object_new_array();
        json_object *range = json_object_new_array(), *sub = json_object_new_object();
        json_object *routes = json_object_new_array(), *def = json_object_new_object();
        json_object *portmap = plugin("portmap"), *caps = json_object_new_object();
        char *text;

        json_object_object_add(list, "cniVersion", json_object_new_string("1.0.0"));
        json_object_object_add(list, "name", json_object_new_string(NET_DEFAULT_NAME));
        json_object_object_add(bridge, "bridge", json_object_new_string(NET_DEFAULT_BRIDGE));
        json_object_object_add(bridge, "isGateway", json_object_new_boolean(true));
        json_object_object_add(bridge, "ipMasq", json_object_new_boolean(true));
        json_object_object_add(bridge, "hairpinMode", json_object_new_boolean(true));
        json_object_object_add(ipam, "type", json_object_new_string("host-local"));
        json_object_object_add(sub, "subnet", json_object_new_string(subnet));
        json_object_array_add(range, sub);
        json_object_array_add(ranges, range);
        json_object_object_add(ipam, "ranges", ranges);
        json_object_object_add(def, "dst", json_object_new_string("0.0.0.0/0"));
        json_object_array_add(routes, def);
        json_object_object_add(ipam, "routes", routes);
        json_object_object_add(ipam, "dataDir", json_object_new_string(data_dir));
        json_object_object_add(bridge, "ipam", ipam);
        json_object_array_add(plugins, bridge);
        json_object_object_add(caps, "portMappings", json_object_new_boolean(true));
        json_object_object_add(portmap, "capabilities", caps);
        json_object_array_add(plugins, portmap);
        json_object_array_add(plugins, plugin("firewall"));
        json_object_object_add(list, "plugins", plugins);
        text = strdup(json_object_to_json_string_ext(list, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(list);
        return text;
}

int net_default_write(const char *dir, const char *data_dir, struct error *err)
{
        _cleanup_free_ char *routes_text = NULL, *text = NULL, *path = NULL, *tmp = NULL;
        _cleanup_free_ struct route4 *routes = NULL;
        _cleanup_close_ int fd = -1;
        size_t n = 0;
        char subnet[32];
        int r;

        r = read_file_at(AT_FDCWD, "/proc/net/route", &routes_text, NULL, err);
        if (r < 0)
                return error_wrap(err, r, "default network");
        if (net_parse_routes(routes_text, &routes, &n) < 0)
                return error_errno(err, ENOMEM, "default network");
        if (net_pick_subnet(routes, n, subnet, sizeof(subnet)) < 0)
                return error_set(err, EADDRNOTAVAIL,
                                 "default network: every candidate subnet overlaps a route of this host");
        text = net_default_conflist(subnet, data_dir);
        r = mkdir_p(dir, 0755, err);
        if (r < 0)
                return error_wrap(err, r, "CNI config directory");
        if (asprintf(&path, "%s/%s", dir, NET_DEFAULT_FILE) < 0 ||
            asprintf(&tmp, "%s/.%s.%d", dir, NET_DEFAULT_FILE, (int)getpid()) < 0 || !text)
                return error_errno(err, ENOMEM, "default network");
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
                return error_errno(err, errno, "write \"%s\"", tmp);
        if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) || write(fd, "\n", 1) != 1) {
                r = error_errno(err, errno, "write \"%s\"", tmp);
                unlink(tmp);
                return r;
        }
        /* Never over another's: the first writer's network is everyone's. */
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) < 0 && errno != EEXIST) {
                r = error_errno(err, errno, "write \"%s\"", path);
                unlink(tmp);
                return r;
        }
        unlink(tmp);
        return 0;
}
