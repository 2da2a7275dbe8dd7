/* SPDX-License-Identifier: Apache-2.0 */
/* The fds a container's program inherits: stdio and the ones it is given, nothing of the runtime's. */
#pragma once

#include "util/error.h"

/* Marks every fd from first up close-on-exec: close_range(), or a walk of /proc/self/fd where it is missing.
 */
int fds_cloexec_from(int first, struct error *err);
