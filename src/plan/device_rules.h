/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device cgroup rules of a container: linux.resources.devices in order,
 * then the devices every container needs (null, zero, full, random, urandom,
 * tty, ptmx, the pty slaves, tun, and mknod of anything), as runc appends them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "model/spec.h"

struct device_rule {
        bool allow;
        char type;  /* 'a', 'c', 'b' */
        long major; /* -1: any */
        long minor; /* -1: any */
        char access[4];
};

/* Fills out (room for max) and returns the count; 0 when the spec has no device rules. */
size_t plan_device_rules(const struct spec_resources *r, struct device_rule *out, size_t max);

/* "c 1:3 rwm" / "a *:* rwm", as devices.allow and devices.deny take it. */
void device_rule_format(const struct device_rule *d, char *buf, size_t size);
