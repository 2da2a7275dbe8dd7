/* SPDX-License-Identifier: Apache-2.0 */
/* Device nodes and /dev links inside the rootfs: the default devices, linux.devices, /dev/fd and friends. */
#pragma once

#include <stdbool.h>

#include "model/spec.h"
#include "util/error.h"

/* mknod (or, in a user namespace, a bind of the host's node) below root_fd. */
int devices_create(int root_fd, const struct spec *s, bool in_userns, struct error *err);
