/* SPDX-License-Identifier: Apache-2.0 */
/* Capabilities: bounding set, the three capset sets, and the ambient set. */
#pragma once

#include <stdint.h>

#include "model/spec.h"
#include "util/error.h"

/* The highest capability number the running kernel knows. */
int caps_last_cap(void);

/* Drops every capability not in keep from the bounding set (needs CAP_SETPCAP). */
int caps_drop_bounding(uint64_t keep, struct error *err);

/* Sets effective, permitted and inheritable with capset(2). */
int caps_set(uint64_t effective, uint64_t permitted, uint64_t inheritable, struct error *err);

/* Clears the ambient set, then raises every capability in ambient. */
int caps_set_ambient(uint64_t ambient, struct error *err);
