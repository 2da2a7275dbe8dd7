/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.netDevices: host interfaces moved into the container's network namespace, renamed as asked, with
 * their permanent global addresses and up (config-linux.md "Network Devices", as runc 1.3 does it).
 */
#pragma once

#include "model/spec.h"
#include "util/error.h"

struct net_devices;

/* Moves every entry of l->net_devices from the runtime's network namespace into `netns_fd`. On failure
 * what was already moved is moved back (nothing is left behind) and *out stays NULL. */
int net_devices_move(const struct spec_linux *l, int netns_fd, struct net_devices **out, struct error *err);

/* Moves the devices back to the runtime's network namespace under their host names, with their addresses
 * and up state, when create fails after the move. Best effort: what fails is a warning. */
void net_devices_move_back(struct net_devices *d);

void net_devices_free(struct net_devices *d);
