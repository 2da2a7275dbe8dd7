/* SPDX-License-Identifier: Apache-2.0 */
/* The texts of the /etc/hosts, /etc/resolv.conf and /etc/hostname brownie gives a container whose network
 * it set up (bound from the state directory; the image's own files are never written). Pure. */
#pragma once

#include <stddef.h>

/* localhost for IPv4 and IPv6, and each address (without its prefix length) as hostname. Malloc'd. */
char *net_hosts_text(const char *hostname, char *const *addresses, size_t n);

/* The plugins' DNS when they gave nameservers; else the host's resolv.conf without its loopback
 * nameservers (unreachable from the container's namespace). Malloc'd. */
char *net_resolv_text(const char *host_resolv, char *const *nameservers, size_t n_ns, char *const *search,
                      size_t n_search);
