/* SPDX-License-Identifier: Apache-2.0 */
/* The container's /dev: device nodes (the default ones and linux.devices), the /dev links, ptmx. */
#pragma once

#include <stdbool.h>

#include "model/spec.h"
#include "util/error.h"

/* Before pivot_root, when plan_needs_dev_setup(): mknod below root_fd (or, in a user namespace or
 * where mknod is refused, a bind of the host's node onto an empty file), then the links. */
int devices_create(int root_fd, const struct spec *s, bool in_userns, struct error *err);

/* True when fd is the null device (char 1:3). */
bool devices_is_null(int fd);
