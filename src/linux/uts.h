/* SPDX-License-Identifier: Apache-2.0 */
/* hostname and domainname of the container's UTS namespace. */
#pragma once

#include "model/spec.h"
#include "util/error.h"

int uts_apply(const struct spec *s, struct error *err);
