/* SPDX-License-Identifier: Apache-2.0 */
/* process.rlimits. */
#pragma once

#include "model/spec.h"
#include "util/error.h"

int rlimits_apply(const struct spec_rlimit *r, size_t n, struct error *err);
