/* SPDX-License-Identifier: Apache-2.0 */
#include "network.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cni_conf.h"
#include "cni_exec.h"
#include "cni_result.h"
#include "container.h"
#include "linux/ns_pin.h"
#include "linux/net/port_probe.h"
#include "net_default.h"
#include "net_files.h"
#include "model/publish.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

#define IFNAME     "eth0"
#define NETNS_FILE "netns" /* the pin of the container's network namespace */

static const char loopback_conflist[] = "{\"cniVersion\": \"1.0.0\", \"name\": \"loopback\", "
                                        "\"plugins\": [{\"type\": \"loopback\"}]}";

struct network {
        bool none; /* loopback only */
        char *name;
        json_object *list;
        struct port_mapping *ports;
        size_t n_ports;
        char *cni_path;
        bool added;
        json_object *result;
        bool hosts, hostname, resolv; /* the files bound into the container */
        int statedir;                 /* while pinned: the namespace is kept by statedir/netns */
        char netns[4200];             /* CNI_NETNS: the pin's path */
};

static const char *annotation(const struct spec *s, const char *key)
{
        for (size_t i = 0; i < s->n_annotations; i++)
                if (!strcmp(s->annotations[i].key, key))
                        return s->annotations[i].value;
        return NULL;
}

void network_free(struct network *n)
{
        if (!n)
                return;
        free(n->name);
        json_object_put(n->list);
        free(n->ports);
        free(n->cni_path);
        json_object_put(n->result);
        free(n);
}

static const char *root_of(const struct global_opts *g)
{
        return g->root ? g->root : BROWNIE_DEFAULT_ROOT;
}

/* A port another container of this root publishes: its rules hold it until its DEL. */
static int check_published_elsewhere(const struct global_opts *g, const struct port_mapping *p,
                                     struct error *err)
{
        _cleanup_closedir_ DIR *d = opendir(root_of(g));
        struct dirent *de;

        while (d && (de = readdir(d))) {
                _cleanup_free_ char *path = NULL, *text = NULL;
                struct error e = ERROR_INIT;
                json_object *rec, *ports;

                if (de->d_name[0] == '.' ||
                    asprintf(&path, "%s/%s/%s", root_of(g), de->d_name, NETWORK_FILE) < 0)
                        continue;
                if (read_file_at(AT_FDCWD, path, &text, NULL, &e) < 0)
                        continue;
                rec = json_tokener_parse(text);
                if (rec && json_object_object_get_ex(rec, "portMappings", &ports) &&
                    json_object_is_type(ports, json_type_array)) {
                        for (size_t i = 0; i < json_object_array_length(ports); i++) {
                                json_object *m = json_object_array_get_idx(ports, i), *v;
                                int port =
                                    json_object_object_get_ex(m, "hostPort", &v) ? json_object_get_int(v) : 0;
                                const char *proto = json_object_object_get_ex(m, "protocol", &v)
                                                        ? json_object_get_string(v)
                                                        : "";
                                const char *ip = json_object_object_get_ex(m, "hostIP", &v)
                                                     ? json_object_get_string(v)
                                                     : "";
                                if (port != p->host_port || strcmp(proto, p->protocol) ||
                                    (*ip && *p->host_ip && strcmp(ip, p->host_ip)))
                                        continue;
                                json_object_put(rec);
                                return error_set(err, EADDRINUSE,
                                                 "host port %u/%s is already published by container \"%s\"",
                                                 p->host_port, p->protocol, de->d_name);
                        }
                }
                json_object_put(rec);
        }
        return 0;
}

static int check_ports(const struct global_opts *g, struct network *n, struct error *err)
{
        bool takes = false;
        int r;

        r = publish_check_conflicts(n->ports, n->n_ports, err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < cni_conflist_len(n->list); i++) {
                json_object *p = json_object_array_get_idx(json_object_object_get(n->list, "plugins"), i),
                            *caps, *pm;
                if (json_object_object_get_ex(p, "capabilities", &caps) &&
                    json_object_object_get_ex(caps, "portMappings", &pm) && json_object_get_boolean(pm))
                        takes = true;
        }
        if (!takes)
                return error_set(err, EINVAL,
                                 "network \"%s\" has no plugin with the portMappings capability (such "
                                 "as portmap)",
                                 n->name);
        for (size_t i = 0; i < n->n_ports; i++) {
                const struct port_mapping *p = &n->ports[i];
                r = port_probe(p->host_ip, p->host_port, !strcmp(p->protocol, "udp"));
                if (r == -EADDRINUSE)
                        return error_set(err, EADDRINUSE, "host port %s%s%u/%s is already in use", p->host_ip,
                                         *p->host_ip ? ":" : "", p->host_port, p->protocol);
                if (r < 0)
                        return error_errno(err, -r, "host port %s%s%u/%s", p->host_ip, *p->host_ip ? ":" : "",
                                           p->host_port, p->protocol);
                r = check_published_elsewhere(g, p, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int load_list(const struct global_opts *g, const struct create_opts *o, struct network *n,
                     struct error *err)
{
        const char *dir = o->cni_config_dir ? o->cni_config_dir : getenv("NETCONFPATH");
        bool dflt = !strcmp(n->name, NET_DEFAULT_NAME);
        _cleanup_free_ char *data_dir = NULL;
        struct error e = ERROR_INIT;
        int r;

        if (!dir || !*dir)
                dir = CNI_DEFAULT_CONFIG_DIR;
        r = cni_conflist_find(dir, n->name, &n->list, &e);
        if (r == -ENOENT && dflt) {
                /* IPAM data beside the containers' state: it lives exactly as long as they can. */
                if (asprintf(&data_dir, "%s/.cni/networks", root_of(g)) < 0)
                        return error_errno(err, ENOMEM, "default network");
                r = net_default_write(dir, data_dir, err);
                if (r < 0)
                        return r;
                r = cni_conflist_find(dir, n->name, &n->list, &e);
        }
        if (r < 0) {
                *err = e;
                return r;
        }
        return 0;
}

int network_plan(const struct global_opts *g, const struct create_opts *o, const struct spec *s,
                 struct network **out, struct error *err)
{
        const char *name = o->network ? o->network : annotation(s, NETWORK_ANNOTATION);
        const char *pub = annotation(s, PUBLISH_ANNOTATION);
        const char *cni_path = o->cni_path ? o->cni_path : getenv("CNI_PATH");
        const struct spec_namespace *ns;
        struct network *n;
        int r;

        *out = NULL;
        if (!name && !o->n_ports && !pub)
                return 0;
        ns = s->linux ? &s->linux->namespaces[NS_NETWORK] : NULL;
        if (!ns || !ns->present || ns->path)
                return error_set(
                    err, EINVAL,
                    "networking: the container needs a network namespace of its own (linux.namespaces: "
                    "{\"type\": \"network\"} without a path)");
        n = calloc(1, sizeof(*n));
        if (!n)
                return error_errno(err, ENOMEM, "network");
        if (!name || !*name)
                name = NET_DEFAULT_NAME;
        n->none = !strcmp(name, "none");
        n->name = strdup(name);
        n->cni_path = strdup(cni_path && *cni_path ? cni_path : CNI_DEFAULT_PATH);
        if (!n->name || !n->cni_path) {
                network_free(n);
                return error_errno(err, ENOMEM, "network");
        }
        /* The flags replace the annotation's list. */
        if (o->n_ports) {
                n->ports = malloc(o->n_ports * sizeof(*n->ports));
                r = n->ports ? 0 : error_errno(err, ENOMEM, "network");
                if (r == 0) {
                        memcpy(n->ports, o->ports, o->n_ports * sizeof(*n->ports));
                        n->n_ports = o->n_ports;
                }
        } else if (pub) {
                r = publish_parse_list(pub, &n->ports, &n->n_ports, err);
                if (r < 0)
                        r = error_wrap(err, r, "%s: annotations[\"%s\"]", CONFIG_FILE, PUBLISH_ANNOTATION);
        } else {
                r = 0;
        }
        if (r == 0 && n->none && n->n_ports)
                r = error_set(err, EINVAL,
                              "ports are published but the container has no network (network \"none\")");
        if (r == 0 && !n->none)
                r = load_list(g, o, n, err);
        if (r == 0 && n->n_ports)
                r = check_ports(g, n, err);
        if (r < 0) {
                network_free(n);
                return r;
        }
        *out = n;
        return 0;
}

/* The state directory's path on the host, for the bind sources. */
static int statedir_path(int statedir, char *buf, size_t size, struct error *err)
{
        char link[64];
        ssize_t len;

        snprintf(link, sizeof(link), "/proc/self/fd/%d", statedir);
        len = readlink(link, buf, size - 1);
        if (len < 0)
                return error_errno(err, errno, "readlink \"%s\"", link);
        buf[len] = '\0';
        return 0;
}

int network_add_mounts(struct network *n, struct spec *s, int statedir, struct error *err)
{
        static const char *const files[] = {"hosts", "hostname", "resolv.conf"};
        bool *want[] = {&n->hosts, &n->hostname, &n->resolv};
        char dir[4096], src[4200], dst[64];
        int r;

        /* No mount namespace: a bind would land on the host's /etc. */
        if (!spec_has_ns(s, NS_MOUNT))
                return 0;
        r = statedir_path(statedir, dir, sizeof(dir), err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < 3; i++) {
                snprintf(dst, sizeof(dst), "/etc/%s", files[i]);
                /* The config's own mount there wins; without a network there is no resolver to name. */
                if (spec_has_mount(s, dst) || (n->none && i == 2))
                        continue;
                snprintf(src, sizeof(src), "%s/%s", dir, files[i]);
                r = spec_add_bind_mount(s, src, dst, err);
                if (r < 0)
                        return r;
                *want[i] = true;
        }
        return 0;
}

static int save_record(int statedir, struct network *n, struct error *err)
{
        json_object *o = json_object_new_object();
        const char *text;
        int r;

        json_object_object_add(o, "network", json_object_new_string(n->name));
        json_object_object_add(o, "interface", json_object_new_string(IFNAME));
        json_object_object_add(o, "cniPath", json_object_new_string(n->cni_path));
        if (n->list)
                json_object_object_add(o, "conflist", json_object_get(n->list));
        json_object *rc = cni_runtime_config(n->ports, n->n_ports), *pm = NULL;
        json_object_object_get_ex(rc, "portMappings", &pm);
        json_object_object_add(o, "portMappings", json_object_get(pm));
        json_object_put(rc);
        if (n->result)
                json_object_object_add(o, "result", json_object_get(n->result));
        text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
        r = write_file_atomic_at(statedir, NETWORK_FILE, text, strlen(text), 0600, err);
        json_object_put(o);
        return r;
}

static int write_text(int statedir, const char *name, char *text, struct error *err)
{
        int r;

        if (!text)
                return error_errno(err, ENOMEM, "network file \"%s\"", name);
        r = write_file_atomic_at(statedir, name, text, strlen(text), 0644, err);
        free(text);
        return r;
}

static int write_files(struct network *n, const struct spec *s, int statedir, struct error *err)
{
        _cleanup_free_ char *host_resolv = NULL;
        struct cni_info info = {0};
        char host[256] = "", *line;
        const char *hostname = s->hostname;
        int r = 0;

        if (n->result) {
                r = cni_result_parse(n->result, &info, err);
                if (r < 0)
                        return error_wrap(err, r, "network \"%s\"", n->name);
        }
        if (!hostname) {
                gethostname(host, sizeof(host) - 1);
                hostname = host;
        }
        if (n->hosts)
                r = write_text(statedir, "hosts", net_hosts_text(hostname, info.addresses, info.n_addresses),
                               err);
        if (r == 0 && n->hostname && asprintf(&line, "%s\n", hostname) >= 0)
                r = write_text(statedir, "hostname", line, err);
        if (r == 0 && n->resolv) {
                struct error e = ERROR_INIT;
                if (read_file_at(AT_FDCWD, "/etc/resolv.conf", &host_resolv, NULL, &e) < 0)
                        log_debug("%s", e.msg);
                r = write_text(statedir, "resolv.conf",
                               net_resolv_text(host_resolv, info.nameservers, info.n_nameservers, info.search,
                                               info.n_search),
                               err);
        }
        cni_info_free(&info);
        return r;
}

static int loopback(const struct cni_call *call, struct error *err)
{
        json_object *lo = NULL, *res = NULL;
        struct cni_call c = *call;
        int r;

        r = cni_conflist_parse(loopback_conflist, strlen(loopback_conflist), "loopback", &lo, err);
        if (r < 0)
                return r;
        c.network = "loopback";
        c.ifname = "lo";
        r = cni_add(&c, lo, NULL, &res, err);
        json_object_put(res);
        json_object_put(lo);
        return r;
}

int network_setup(struct network *n, const struct spec *s, const char *id, int statedir, pid_t pid,
                  struct error *err)
{
        struct cni_call c = {.network = n->name,
                             .container_id = id,
                             .netns = n->netns,
                             .ifname = IFNAME,
                             .cni_path = n->cni_path};
        char dir[4096], nsfile[64];
        json_object *rc;
        int r;

        r = statedir_path(statedir, dir, sizeof(dir), err);
        if (r < 0)
                return r;
        snprintf(n->netns, sizeof(n->netns), "%s/%s", dir, NETNS_FILE);
        /* Before any plugin runs: a crash from here on leaves what delete --force needs to undo it. */
        r = save_record(statedir, n, err);
        if (r < 0)
                return r;
        /* The plugins' DEL needs the namespace (the bridge plugin finds its masquerade rules by the
         * addresses in it): pinned until delete, so a container killed -9 is torn down whole. */
        snprintf(nsfile, sizeof(nsfile), "/proc/%d/ns/net", (int)pid);
        r = ns_pin(nsfile, statedir, NETNS_FILE, err);
        if (r < 0)
                return error_wrap(err, r, "network \"%s\": pin the network namespace", n->name);
        n->statedir = statedir;
        r = loopback(&c, err);
        if (r < 0)
                return r;
        if (!n->none) {
                rc = cni_runtime_config(n->ports, n->n_ports);
                r = cni_add(&c, n->list, rc, &n->result, err);
                json_object_put(rc);
                if (r < 0)
                        return r;
                n->added = true;
                r = save_record(statedir, n, err);
                if (r < 0)
                        return r;
        }
        return write_files(n, s, statedir, err);
}

void network_undo(struct network *n, const char *id)
{
        struct cni_call c = {.network = n->name,
                             .container_id = id,
                             .netns = n->netns,
                             .ifname = IFNAME,
                             .cni_path = n->cni_path};
        struct error e = ERROR_INIT;
        json_object *rc;

        if (n->added) {
                rc = cni_runtime_config(n->ports, n->n_ports);
                if (cni_del(&c, n->list, rc, n->result, &e) < 0)
                        log_warn("cleanup: %s", e.msg);
                json_object_put(rc);
                n->added = false;
        }
        if (n->statedir > 0) {
                ns_unpin(n->statedir, NETNS_FILE);
                n->statedir = 0;
        }
}

static json_object *read_record(int statedir)
{
        _cleanup_free_ char *text = NULL;
        struct error e = ERROR_INIT;

        if (read_file_at(statedir, NETWORK_FILE, &text, NULL, &e) < 0)
                return NULL;
        return json_tokener_parse(text);
}

void network_teardown(int statedir, const char *id)
{
        json_object *rec = read_record(statedir), *list = NULL, *result = NULL, *ports = NULL, *v;
        char netns[4200] = "", dir[4096];
        struct cni_call c = {
            .container_id = id, .netns = netns, .ifname = IFNAME, .cni_path = CNI_DEFAULT_PATH};
        struct error e = ERROR_INIT;

        /* network_setup saves the record before it pins the namespace: no record, no pin. */
        if (!rec)
                return;
        /* Without the pin (a crash before it), DEL runs without a namespace, as the CNI spec allows. */
        if (ns_pinned(statedir, NETNS_FILE) && statedir_path(statedir, dir, sizeof(dir), &e) == 0)
                snprintf(netns, sizeof(netns), "%s/%s", dir, NETNS_FILE);
        c.network = json_object_object_get_ex(rec, "network", &v) ? json_object_get_string(v) : "?";
        if (json_object_object_get_ex(rec, "cniPath", &v))
                c.cni_path = json_object_get_string(v);
        json_object_object_get_ex(rec, "result", &result);
        json_object_object_get_ex(rec, "portMappings", &ports);
        if (json_object_object_get_ex(rec, "conflist", &list)) {
                json_object *rc = json_object_new_object();
                if (ports)
                        json_object_object_add(rc, "portMappings", json_object_get(ports));
                /* The list as ADD ran it, kept in the record: the config file may have changed since. */
                if (cni_del(&c, list, rc, result, &e) < 0)
                        log_warn("delete \"%s\": %s", id, e.msg);
                json_object_put(rc);
        }
        ns_unpin(statedir, NETNS_FILE);
        unlinkat(statedir, NETWORK_FILE, 0);
        json_object_put(rec);
}

json_object *network_state_json(int statedir)
{
        json_object *rec = read_record(statedir), *o, *v, *addrs = json_object_new_array();
        struct cni_info info;
        struct error e = ERROR_INIT;

        if (!rec) {
                json_object_put(addrs);
                return NULL;
        }
        o = json_object_new_object();
        if (json_object_object_get_ex(rec, "network", &v))
                json_object_object_add(o, "network", json_object_get(v));
        if (json_object_object_get_ex(rec, "conflist", NULL) &&
            json_object_object_get_ex(rec, "interface", &v))
                json_object_object_add(o, "interface", json_object_get(v));
        if (json_object_object_get_ex(rec, "result", &v) && cni_result_parse(v, &info, &e) == 0) {
                for (size_t i = 0; i < info.n_addresses; i++)
                        json_object_array_add(addrs, json_object_new_string(info.addresses[i]));
                cni_info_free(&info);
        }
        json_object_object_add(o, "addresses", addrs);
        if (json_object_object_get_ex(rec, "portMappings", &v))
                json_object_object_add(o, "ports", json_object_get(v));
        json_object_put(rec);
        return o;
}
