/* SPDX-License-Identifier: Apache-2.0 */
#include "net_files.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *net_hosts_text(const char *hostname, char *const *addresses, size_t n)
{
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);

        if (!f)
                return NULL;
        fprintf(f, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (size_t i = 0; i < n; i++)
                fprintf(f, "%.*s\t%s\n", (int)strcspn(addresses[i], "/"), addresses[i], hostname);
        if (fclose(f) != 0) {
                free(text);
                return NULL;
        }
        return text;
}

static bool loopback_nameserver(const char *line)
{
        const char *p = line + strlen("nameserver");

        while (*p == ' ' || *p == '\t')
                p++;
        return !strncmp(p, "127.", 4) || !strncmp(p, "::1", 3);
}

char *net_resolv_text(const char *host_resolv, char *const *nameservers, size_t n_ns, char *const *search,
                      size_t n_search)
{
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);

        if (!f)
                return NULL;
        if (n_ns) {
                if (n_search) {
                        fprintf(f, "search");
                        for (size_t i = 0; i < n_search; i++)
                                fprintf(f, " %s", search[i]);
                        fprintf(f, "\n");
                }
                for (size_t i = 0; i < n_ns; i++)
                        fprintf(f, "nameserver %s\n", nameservers[i]);
        } else if (host_resolv) {
                const char *line = host_resolv;
                while (*line) {
                        size_t l = strcspn(line, "\n");
                        bool ns = !strncmp(line, "nameserver", 10) && (line[10] == ' ' || line[10] == '\t');
                        if (!(ns && loopback_nameserver(line)))
                                fprintf(f, "%.*s\n", (int)l, line);
                        line += l;
                        if (*line == '\n')
                                line++;
                }
        }
        if (fclose(f) != 0) {
                free(text);
                return NULL;
        }
        return text;
}
