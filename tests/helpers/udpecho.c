/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Both ends of a UDP exchange for the network tests (the busybox rootfs has no UDP-capable nc):
 *   udpecho serve PORT            answers every datagram with "echo: " and the datagram
 *   udpecho send ADDR PORT TEXT   sends TEXT, prints the answer; exit 1 after 3 s without one
 * Static, so it runs in the busybox rootfs.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        struct sockaddr_in a = {.sin_family = AF_INET};
        char buf[2048], out[2100];
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

        if (fd < 0)
                return perror("socket"), 2;
        if (argc == 3 && !strcmp(argv[1], "serve")) {
                a.sin_port = htons((unsigned short)atoi(argv[2]));
                if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
                        return perror("bind"), 2;
                for (;;) {
                        struct sockaddr_in from;
                        socklen_t len = sizeof(from);
                        ssize_t n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &len);
                        if (n < 0)
                                continue;
                        buf[n] = '\0';
                        int m = snprintf(out, sizeof(out), "echo: %s", buf);
                        sendto(fd, out, (size_t)m, 0, (struct sockaddr *)&from, len);
                }
        }
        if (argc == 5 && !strcmp(argv[1], "send")) {
                struct timeval tv = {.tv_sec = 3};
                ssize_t n;

                a.sin_port = htons((unsigned short)atoi(argv[3]));
                if (inet_pton(AF_INET, argv[2], &a.sin_addr) != 1)
                        return fprintf(stderr, "bad address %s\n", argv[2]), 2;
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
                if (sendto(fd, argv[4], strlen(argv[4]), 0, (struct sockaddr *)&a, sizeof(a)) < 0)
                        return perror("sendto"), 1;
                n = recv(fd, buf, sizeof(buf) - 1, 0);
                if (n < 0)
                        return perror("recv"), 1;
                buf[n] = '\0';
                printf("%s\n", buf);
                return 0;
        }
        fprintf(stderr, "usage: udpecho serve PORT | udpecho send ADDR PORT TEXT\n");
        return 2;
}
