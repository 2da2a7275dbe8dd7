/* SPDX-License-Identifier: Apache-2.0 */
/*
 * brownie's default network, "brownie": a conflist written into the CNI config directory on first use
 * (bridge "brownie0" with host-local addresses, portmap, firewall), on an IPv4 subnet that none of the
 * caller's routes overlaps.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define NET_DEFAULT_NAME   "brownie"
#define NET_DEFAULT_FILE   "brownie.conflist"
#define NET_DEFAULT_BRIDGE "brownie0"

struct route4 {
        uint32_t dst, mask; /* host byte order */
};

/* Pure: the first of brownie's candidate /16s (10.88.0.0/16, 10.89.0.0/16, ...) no route overlaps; the
 * default route does not count. "10.88.0.0/16" into out; -EADDRNOTAVAIL when every candidate clashes. */
int net_pick_subnet(const struct route4 *routes, size_t n, char *out, size_t size);

/* Pure: the routes of /proc/net/route's text. *out is malloc'd. */
int net_parse_routes(const char *text, struct route4 **out, size_t *n);

/* Pure: the default conflist's text for subnet, with host-local's data in data_dir. Malloc'd. */
char *net_default_conflist(const char *subnet, const char *data_dir);

/* Writes dir/brownie.conflist unless it exists (a concurrent writer's wins), on a subnet chosen from the
 * routes of the caller's network namespace. */
int net_default_write(const char *dir, const char *data_dir, struct error *err);
