/* SPDX-License-Identifier: Apache-2.0 */
/* Whether the runtime runs without privileges over the host: rootless, as runc and crun tell it. */
#pragma once

#include <stdbool.h>

/* True in a user namespace other than the initial one: /proc/self/uid_map is not the whole id
 * range mapped onto itself ("0 0 4294967295"). */
bool rootless_in_userns(void);

/* True when the effective uid is not 0, or it is 0 of a user namespace that is not the initial one
 * (rootless Podman runs the runtime so): the host's cgroups and ids are then out of reach. */
bool rootless_detect(void);
