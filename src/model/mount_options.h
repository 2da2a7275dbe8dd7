/* SPDX-License-Identifier: Apache-2.0 */
/* Mount options of config.json translated into the typed fields of struct spec_mount. */
#pragma once

#include "json_get.h"
#include "spec.h"

/* Fills m's translated fields from m->options and m->type; path names the mount ("mounts[3]"). */
int mount_options_translate(const struct jctx *j, const char *path, struct spec_mount *m);
