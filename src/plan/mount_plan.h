/* SPDX-License-Identifier: Apache-2.0 */
/* Pure decisions about mounts: flag translation, default devices and links, which /dev needs populating. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/spec.h"

/* MS_RDONLY|MS_NOSUID|... -> MOUNT_ATTR_* for mount_setattr()/fsmount(). */
uint64_t plan_ms_to_attr(unsigned long ms);

/* MS_* for a propagation (0 for PROPAGATION_NONE). */
unsigned long plan_propagation_flags(enum spec_propagation p, bool recursive);

struct default_device {
        const char *path;
        char type;
        unsigned major, minor;
        mode_t mode;
};

/* The devices every container gets (runtime-spec "Default Devices"); NULL-path terminated. */
extern const struct default_device plan_default_devices[];

struct dev_link {
        const char *target;
        const char *path;
};

/* /dev/fd, stdin, stdout, stderr, ptmx (and core when /proc/kcore exists); NULL-path terminated. */
extern const struct dev_link plan_dev_links[];

/* True unless /dev is bind-mounted from the host (then it is the host's to populate), as runc. */
bool plan_needs_dev_setup(const struct spec *s);
