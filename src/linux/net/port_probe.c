/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/net/port_probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/cleanup.h"

int port_probe(const char *ip, uint16_t port, bool udp)
{
        struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
        struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons(port)};
        bool v6 = strchr(ip, ':') != NULL;
        _cleanup_close_ int fd =
            socket(v6 ? AF_INET6 : AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
        int one = 1;

        if (fd < 0)
                return -errno;
        /* A closed connection's TIME_WAIT does not hold a port against a listener. */
        if (!udp)
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (v6 && inet_pton(AF_INET6, ip, &a6.sin6_addr) != 1)
                return -EINVAL;
        if (!v6 && *ip && inet_pton(AF_INET, ip, &a4.sin_addr) != 1)
                return -EINVAL;
        if (v6 ? bind(fd, (struct sockaddr *)&a6, sizeof(a6)) : bind(fd, (struct sockaddr *)&a4, sizeof(a4)))
                return -errno;
        return 0;
}
