/* SPDX-License-Identifier: Apache-2.0 */
#include "publish.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"

static int port(const char *s, size_t len, uint16_t *out)
{
        unsigned long v = 0;

        if (len == 0 || len > 5)
                return -EINVAL;
        for (size_t i = 0; i < len; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return -EINVAL;
                v = v * 10 + (unsigned long)(s[i] - '0');
        }
        if (v == 0 || v > 65535)
                return -EINVAL;
        *out = (uint16_t)v;
        return 0;
}

int publish_parse(const char *text, struct port_mapping *out, struct error *err)
{
        const char *s = text, *slash, *colon, *ports;
        char ip[64];
        unsigned char bin[16];
        size_t iplen = 0;

        memset(out, 0, sizeof(*out));
        strcpy(out->protocol, "tcp");
        slash = strchr(s, '/');
        if (slash) {
                if (!strcmp(slash + 1, "tcp") || !strcmp(slash + 1, "udp"))
                        strcpy(out->protocol, slash + 1);
                else
                        return error_set(err, EINVAL, "\"%s\": protocol \"%s\": must be tcp or udp", text,
                                         slash + 1);
        }
        /* An IPv6 host address comes in brackets: [::1]:8080:80. */
        if (s[0] == '[') {
                const char *close = strchr(s, ']');
                if (!close || close[1] != ':')
                        return error_set(err, EINVAL, "\"%s\": an IPv6 host address is [ADDR]:", text);
                iplen = (size_t)(close - s - 1);
                if (iplen >= sizeof(ip))
                        return error_set(err, EINVAL, "\"%s\": bad host address", text);
                memcpy(ip, s + 1, iplen);
                ip[iplen] = '\0';
                if (inet_pton(AF_INET6, ip, bin) != 1)
                        return error_set(err, EINVAL, "\"%s\": bad IPv6 host address \"%s\"", text, ip);
                ports = close + 2;
        } else {
                size_t end = slash ? (size_t)(slash - s) : strlen(s), colons = 0;
                for (size_t i = 0; i < end; i++)
                        colons += s[i] == ':';
                if (colons != 1 && colons != 2)
                        return error_set(err, EINVAL,
                                         "\"%s\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]", text);
                ports = s;
                if (colons == 2) {
                        colon = strchr(s, ':');
                        iplen = (size_t)(colon - s);
                        if (iplen == 0 || iplen >= sizeof(ip))
                                return error_set(err, EINVAL, "\"%s\": bad host address", text);
                        memcpy(ip, s, iplen);
                        ip[iplen] = '\0';
                        if (inet_pton(AF_INET, ip, bin) != 1)
                                return error_set(err, EINVAL, "\"%s\": bad host address \"%s\"", text, ip);
                        ports = colon + 1;
                }
        }
        if (iplen)
                memcpy(out->host_ip, ip, iplen + 1);
        colon = strchr(ports, ':');
        if (!colon || (slash && colon > slash))
                return error_set(err, EINVAL, "\"%s\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]",
                                 text);
        if (port(ports, (size_t)(colon - ports), &out->host_port) < 0)
                return error_set(err, EINVAL, "\"%s\": host port \"%.*s\": must be 1 to 65535", text,
                                 (int)(colon - ports), ports);
        const char *cp = colon + 1;
        size_t cplen = slash ? (size_t)(slash - cp) : strlen(cp);
        if (port(cp, cplen, &out->container_port) < 0)
                return error_set(err, EINVAL, "\"%s\": container port \"%.*s\": must be 1 to 65535", text,
                                 (int)cplen, cp);
        return 0;
}

int publish_parse_list(const char *text, struct port_mapping **list, size_t *n, struct error *err)
{
        _cleanup_free_ char *copy = strdup(text);
        char *save = NULL;

        if (!copy)
                return error_errno(err, ENOMEM, "published ports");
        for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
                struct port_mapping *l;
                while (*item == ' ')
                        item++;
                if (!*item)
                        continue;
                l = realloc(*list, (*n + 1) * sizeof(**list));
                if (!l)
                        return error_errno(err, ENOMEM, "published ports");
                *list = l;
                int r = publish_parse(item, &l[*n], err);
                if (r < 0)
                        return r;
                (*n)++;
        }
        return 0;
}

int publish_check_conflicts(const struct port_mapping *list, size_t n, struct error *err)
{
        for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < i; j++) {
                        const struct port_mapping *a = &list[i], *b = &list[j];
                        if (a->host_port != b->host_port || strcmp(a->protocol, b->protocol))
                                continue;
                        if (a->host_ip[0] && b->host_ip[0] && strcmp(a->host_ip, b->host_ip))
                                continue;
                        return error_set(err, EINVAL, "host port %u/%s is published twice", a->host_port,
                                         a->protocol);
                }
        return 0;
}
