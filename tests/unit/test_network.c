/* SPDX-License-Identifier: Apache-2.0 */
/* network: the pure parts of the CNI step: --publish, conflists and each plugin's stdin, results, the
 * default network's subnet, the network files. No plugin runs here. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/cni_conf.h"
#include "engine/cni_result.h"
#include "engine/net_default.h"
#include "engine/net_files.h"
#include "model/publish.h"

static void publish_forms(void **state)
{
        struct port_mapping p;
        struct error e = ERROR_INIT;

        (void)state;
        assert_int_equal(publish_parse("8080:80", &p, &e), 0);
        assert_string_equal(p.host_ip, "");
        assert_int_equal(p.host_port, 8080);
        assert_int_equal(p.container_port, 80);
        assert_string_equal(p.protocol, "tcp");
        assert_int_equal(publish_parse("127.0.0.1:5353:53/udp", &p, &e), 0);
        assert_string_equal(p.host_ip, "127.0.0.1");
        assert_int_equal(p.host_port, 5353);
        assert_int_equal(p.container_port, 53);
        assert_string_equal(p.protocol, "udp");
        assert_int_equal(publish_parse("[::1]:8080:80/tcp", &p, &e), 0);
        assert_string_equal(p.host_ip, "::1");
        assert_int_equal(publish_parse("65535:1", &p, &e), 0);
        assert_int_equal(p.host_port, 65535);
}

static void publish_refusals_name_the_value(void **state)
{
        static const struct {
                const char *in, *msg;
        } bad[] = {
            {"80", "\"80\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]"},
            {"", "\"\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]"},
            {"a:b:c:d", "\"a:b:c:d\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]"},
            {"0:80", "\"0:80\": host port \"0\": must be 1 to 65535"},
            {"65536:80", "\"65536:80\": host port \"65536\": must be 1 to 65535"},
            {"80:http", "\"80:http\": container port \"http\": must be 1 to 65535"},
            {"80:", "\"80:\": container port \"\": must be 1 to 65535"},
            {"8080:80/sctp", "\"8080:80/sctp\": protocol \"sctp\": must be tcp or udp"},
            {"1.2.3:80:80", "\"1.2.3:80:80\": bad host address \"1.2.3\""},
            {"[::1:80:80", "\"[::1:80:80\": an IPv6 host address is [ADDR]:"},
            {"[1.2.3.4]:80:80", "\"[1.2.3.4]:80:80\": bad IPv6 host address \"1.2.3.4\""},
            {"-1:80", "\"-1:80\": host port \"-1\": must be 1 to 65535"},
        };
        struct port_mapping p;

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct error e = ERROR_INIT;
                assert_int_equal(publish_parse(bad[i].in, &p, &e), -EINVAL);
                assert_string_equal(e.msg, bad[i].msg);
        }
}

static void publish_lists_and_conflicts(void **state)
{
        struct port_mapping *l = NULL;
        struct error e = ERROR_INIT;
        size_t n = 0;

        (void)state;
        assert_int_equal(publish_parse_list("8080:80, 53:53/udp,,", &l, &n, &e), 0);
        assert_int_equal(n, 2);
        assert_int_equal(publish_check_conflicts(l, n, &e), 0);
        /* the same port for the other protocol, or on two distinct addresses, is no conflict */
        assert_int_equal(publish_parse_list("8080:81/udp,10.0.0.1:9:9,10.0.0.2:9:9", &l, &n, &e), 0);
        assert_int_equal(publish_check_conflicts(l, n, &e), 0);
        assert_int_equal(publish_parse_list("9:10", &l, &n, &e), 0);
        assert_int_equal(publish_check_conflicts(l, n, &e), -EINVAL);
        assert_string_equal(e.msg, "host port 9/tcp is published twice");
        assert_int_equal(publish_parse_list("1:1,x", &l, &n, &e), -EINVAL);
        free(l);
}

static json_object *parse_list(const char *text, struct error *e)
{
        json_object *o = NULL;

        assert_int_equal(cni_conflist_parse(text, strlen(text), "t.conflist", &o, e), 0);
        return o;
}

static void conflists_are_checked(void **state)
{
        static const struct {
                const char *in, *msg;
        } bad[] = {
            {"[]", "t.conflist: not a JSON object"},
            {"{", "t.conflist: unexpected end of data"},
            {"{\"name\": \"n\", \"plugins\": [{\"type\": \"bridge\"}]}",
             "t.conflist: \"name\" and \"cniVersion\" are required"},
            {"{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"plugins\": []}",
             "t.conflist: \"plugins\": a non-empty array is required"},
            {"{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"plugins\": [{}]}",
             "t.conflist: plugins[0].type: missing"},
            {"{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"plugins\": [{\"type\": \"../../bin/sh\"}]}",
             "t.conflist: plugins[0].type \"../../bin/sh\": not a plugin name"},
        };
        struct error e = ERROR_INIT;
        json_object *o;

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                o = NULL;
                assert_int_equal(cni_conflist_parse(bad[i].in, strlen(bad[i].in), "t.conflist", &o, &e),
                                 -EINVAL);
                assert_string_equal(e.msg, bad[i].msg);
                assert_null(o);
        }
        /* a single plugin's .conf is a list of one */
        o = parse_list("{\"cniVersion\": \"0.4.0\", \"name\": \"one\", \"type\": \"bridge\"}", &e);
        assert_string_equal(cni_conflist_name(o), "one");
        assert_int_equal(cni_conflist_len(o), 1);
        assert_string_equal(cni_plugin_type(o, 0), "bridge");
        json_object_put(o);
}

/* name and cniVersion from the list, prevResult, and runtimeConfig only for the capabilities asked. */
static void each_plugin_gets_its_stdin(void **state)
{
        struct error e = ERROR_INIT;
        json_object *list = parse_list(
            "{\"cniVersion\": \"1.0.0\", \"name\": \"net\", \"plugins\": ["
            "{\"type\": \"bridge\", \"bridge\": \"b0\"},"
            "{\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true, \"bandwidth\": false}},"
            "{\"type\": \"firewall\", \"capabilities\": {\"portMappings\": false}}]}",
            &e);
        struct port_mapping p[2];
        json_object *rc, *prev = json_tokener_parse("{\"cniVersion\": \"1.0.0\", \"ips\": []}"), *o, *v;
        char *text;

        (void)state;
        assert_int_equal(publish_parse("8080:80", &p[0], &e), 0);
        assert_int_equal(publish_parse("127.0.0.1:53:53/udp", &p[1], &e), 0);
        rc = cni_runtime_config(p, 2);

        text = cni_plugin_stdin(list, 0, NULL, rc);
        o = json_tokener_parse(text);
        assert_string_equal(json_object_get_string(json_object_object_get(o, "name")), "net");
        assert_string_equal(json_object_get_string(json_object_object_get(o, "cniVersion")), "1.0.0");
        assert_string_equal(json_object_get_string(json_object_object_get(o, "bridge")), "b0");
        assert_false(json_object_object_get_ex(o, "prevResult", NULL));
        assert_false(json_object_object_get_ex(o, "runtimeConfig", NULL));
        json_object_put(o);
        free(text);

        text = cni_plugin_stdin(list, 1, prev, rc);
        o = json_tokener_parse(text);
        assert_true(json_object_object_get_ex(o, "prevResult", &v));
        assert_true(json_object_object_get_ex(o, "runtimeConfig", &v));
        assert_string_equal(
            json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN),
            "{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\",\"hostIP\":\"\"}"
            ","
            "{\"hostPort\":53,\"containerPort\":53,\"protocol\":\"udp\",\"hostIP\":\"127.0.0.1\"}]}");
        json_object_put(o);
        free(text);

        text = cni_plugin_stdin(list, 2, prev, rc);
        o = json_tokener_parse(text);
        assert_false(json_object_object_get_ex(o, "runtimeConfig", NULL));
        json_object_put(o);
        free(text);
        /* the list itself is unchanged: no name or prevResult added to its plugins */
        assert_false(json_object_object_get_ex(
            json_object_array_get_idx(json_object_object_get(list, "plugins"), 1), "prevResult", NULL));
        json_object_put(rc);
        json_object_put(prev);
        json_object_put(list);
}

static void results_give_the_sandbox_addresses_and_dns(void **state)
{
        json_object *r = json_tokener_parse(
            "{\"cniVersion\": \"1.0.0\", \"interfaces\": [{\"name\": \"brownie0\"}, {\"name\": \"veth1\"},"
            " {\"name\": \"eth0\", \"sandbox\": \"/proc/1/ns/net\"}],"
            " \"ips\": [{\"address\": \"10.88.0.2/16\", \"gateway\": \"10.88.0.1\", \"interface\": 2},"
            " {\"address\": \"10.88.0.1/16\", \"interface\": 0}, {\"address\": \"fd00::2/64\"}],"
            " \"dns\": {\"nameservers\": [\"10.88.0.1\"], \"search\": [\"example.org\"]}}");
        struct error e = ERROR_INIT;
        struct cni_info info;

        (void)state;
        assert_int_equal(cni_result_parse(r, &info, &e), 0);
        assert_int_equal(info.n_addresses, 2);
        assert_string_equal(info.addresses[0], "10.88.0.2/16");
        assert_string_equal(info.addresses[1], "fd00::2/64");
        assert_int_equal(info.n_nameservers, 1);
        assert_string_equal(info.search[0], "example.org");
        cni_info_free(&info);
        json_object_put(r);

        r = json_tokener_parse("{\"ips\": [{\"gateway\": \"1.1.1.1\"}]}");
        assert_int_equal(cni_result_parse(r, &info, &e), -EINVAL);
        assert_string_equal(e.msg, "CNI result: ips[0].address: missing");
        cni_info_free(&info);
        json_object_put(r);
        assert_int_equal(cni_result_parse(NULL, &info, &e), -EINVAL);
}

static void the_default_subnet_avoids_routes(void **state)
{
        const char *text =
            "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n"
            "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
            "eth0\t0000580A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
            "eth1\t0000590A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";
        struct route4 *routes = NULL, big = {.dst = 10u << 24, .mask = 0xff000000u};
        char subnet[32];
        size_t n = 0;

        (void)state;
        assert_int_equal(net_pick_subnet(NULL, 0, subnet, sizeof(subnet)), 0);
        assert_string_equal(subnet, "10.88.0.0/16");
        assert_int_equal(net_parse_routes(text, &routes, &n), 0);
        assert_int_equal(n, 3);
        assert_int_equal(routes[1].dst, 0x0a580000u); /* 10.88.0.0, as the kernel prints it byte-swapped */
        assert_int_equal(routes[1].mask, 0xffff0000u);
        /* 10.88.0.0/16 taken, and 10.89.0.0/24 (a longer prefix inside a candidate) rules 10.89.0.0/16 out */
        assert_int_equal(net_pick_subnet(routes, n, subnet, sizeof(subnet)), 0);
        assert_string_equal(subnet, "10.90.0.0/16");
        /* 10.0.0.0/8 (a shorter prefix around them) rules out every 10.x candidate */
        assert_int_equal(net_pick_subnet(&big, 1, subnet, sizeof(subnet)), 0);
        assert_string_equal(subnet, "172.18.0.0/16");
        free(routes);
}

static void default_conflist_parses(void **state)
{
        char *text = net_default_conflist("10.88.0.0/16", "/run/x/.cni/networks");
        struct error e = ERROR_INIT;
        json_object *o = parse_list(text, &e);

        (void)state;
        assert_string_equal(cni_conflist_name(o), "brownie");
        assert_int_equal(cni_conflist_len(o), 3);
        assert_string_equal(cni_plugin_type(o, 0), "bridge");
        assert_string_equal(cni_plugin_type(o, 1), "portmap");
        assert_string_equal(cni_plugin_type(o, 2), "firewall");
        assert_non_null(strstr(text, "\"dataDir\": \"/run/x/.cni/networks\""));
        json_object_put(o);
        free(text);
}

static void network_files(void **state)
{
        char *addrs[] = {"10.88.0.2/16", NULL};
        char *ns[] = {"9.9.9.9", NULL}, *search[] = {"a.example", "b.example", NULL};
        char *t;

        (void)state;
        t = net_hosts_text("web", addrs, 1);
        assert_string_equal(
            t, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.88.0.2\tweb\n");
        free(t);
        t = net_resolv_text(
            "search lan\nnameserver 127.0.0.53\nnameserver 192.0.2.1\nnameserver\t::1\noptions edns0\n", NULL,
            0, NULL, 0);
        assert_string_equal(t, "search lan\nnameserver 192.0.2.1\noptions edns0\n");
        free(t);
        t = net_resolv_text("nameserver 192.0.2.1\n", ns, 1, search, 2);
        assert_string_equal(t, "search a.example b.example\nnameserver 9.9.9.9\n");
        free(t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(publish_forms),
            cmocka_unit_test(publish_refusals_name_the_value),
            cmocka_unit_test(publish_lists_and_conflicts),
            cmocka_unit_test(conflists_are_checked),
            cmocka_unit_test(each_plugin_gets_its_stdin),
            cmocka_unit_test(results_give_the_sandbox_addresses_and_dns),
            cmocka_unit_test(the_default_subnet_avoids_routes),
            cmocka_unit_test(default_conflist_parses),
            cmocka_unit_test(network_files),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
