/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The container's /dev, decided from the spec alone: whether brownie populates it
 * at all (not when /dev is bind-mounted from the host, as runc), the device nodes
 * in order (runtime-spec "Default Devices", a default dropped when linux.devices
 * lists its path, then linux.devices; /dev/ptmx is always the devpts link), and
 * the /dev symlinks.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/spec.h"

struct plan_device {
        const char *path; /* absolute, inside the container */
        char type;        /* 'c', 'b', 'p' ('u' is given as 'c') */
        uint32_t major, minor;
        mode_t mode; /* permission bits only */
        uid_t uid;
        gid_t gid;
};

/* False when /dev is bind-mounted from the host: then nothing is made in it. */
bool plan_needs_dev_setup(const struct spec *s);

/* An upper bound of plan_devices()'s count, to size its array. */
size_t plan_devices_max(const struct spec *s);

/* Fills out (room for max, see plan_devices_max) and returns the count. */
size_t plan_devices(const struct spec *s, struct plan_device *out, size_t max);

struct plan_link {
        const char *target;
        const char *path;
};

#define PLAN_DEV_LINKS_MAX 6

/* The /dev links in order: fd, stdin, stdout, stderr, and core -> /proc/kcore when the kernel has
 * it (kcore), as runc; then ptmx -> pts/ptmx, which replaces whatever the image has there. */
size_t plan_dev_links(bool kcore, struct plan_link *out, size_t max);
