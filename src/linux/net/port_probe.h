/* SPDX-License-Identifier: Apache-2.0 */
/* Whether a host port is free: a bind of it in the caller's network namespace, released at once. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* 0 when ip ("" for every address):port can be bound for tcp or udp; else the negative errno of bind
 * (-EADDRINUSE when something holds it). */
int port_probe(const char *ip, uint16_t port, bool udp);
