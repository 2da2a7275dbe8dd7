/* SPDX-License-Identifier: Apache-2.0 */
/* linux.seccomp: the filter built with libseccomp from the model, and loaded. */
#pragma once

#include "model/spec.h"
#include "util/error.h"

/*
 * Builds and loads the filter into the calling thread. Returns 0, or the
 * listener fd (> 0) when a rule uses SCMP_ACT_NOTIFY, or a negative errno.
 */
int seccomp_apply(const struct spec_seccomp *s, struct error *err);
