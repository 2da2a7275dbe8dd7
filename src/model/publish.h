/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Published ports: "[HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]", as -p/--publish (parsed by the CLI) and
 * the org.brownie.publish annotation (comma-separated; parsed by the engine) give them. Pure: unit-tested.
 * Messages name the mapping, not where it came from: the caller adds that.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct port_mapping {
        char host_ip[46]; /* "" for every address; else an IPv4 or IPv6 address (without brackets) */
        uint16_t host_port;
        uint16_t container_port;
        char protocol[4]; /* "tcp" or "udp" */
};

/* One mapping. A malformed one is -EINVAL with one line naming it and what is wrong. */
int publish_parse(const char *text, struct port_mapping *out, struct error *err);

/* Appends the mappings of a comma-separated list (empty items are skipped) to *list (realloc'd). */
int publish_parse_list(const char *text, struct port_mapping **list, size_t *n, struct error *err);

/* Two mappings that claim the same host port, protocol and address (or every address): -EINVAL. */
int publish_check_conflicts(const struct port_mapping *list, size_t n, struct error *err);
