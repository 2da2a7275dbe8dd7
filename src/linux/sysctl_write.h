/* SPDX-License-Identifier: Apache-2.0 */
/* linux.sysctl, written through the container's /proc/sys. */
#pragma once

#include "model/spec.h"
#include "util/error.h"

int sysctl_apply(const struct kv *kv, size_t n, struct error *err);
