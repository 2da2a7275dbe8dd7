/* SPDX-License-Identifier: Apache-2.0 */
/* Validation across fields: settings that need a namespace the config does not ask for. */
#pragma once

#include "json_get.h"
#include "spec.h"

int spec_validate_cross(const struct jctx *j, const struct spec *s);
