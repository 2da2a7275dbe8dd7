/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CDI devices, resolved by brownie itself (model/cdi.h has the spec files' model): the spec directories
 * (--cdi-spec-dir, else $BROWNIE_CDI_SPEC_DIRS, else /etc/cdi and /var/run/cdi; a later directory wins),
 * the devices a container asks for (annotations "cdi.k8s.io/<key>" and the extra prefixes of
 * --cdi-annotation-prefix or $BROWNIE_CDI_ANNOTATION_PREFIXES, then --device), their edits applied to the
 * parsed config before anything is made, and what was applied kept in the state directory (cdi.json), so
 * that start, exec and delete see the config create did.
 */
#pragma once

#include <stdio.h>

#include "engine.h"
#include "model/spec.h"

#define CDI_STATE_FILE "cdi.json"

/*
 * Applies the devices the config's annotations and `devices` (--device, NULL-terminated, may be NULL) ask
 * for to s. *saved gets the text to keep in the state directory (NULL when no device was asked for).
 */
int cdi_inject(const struct global_opts *g, char *const *devices, struct spec *s, char **saved,
               struct error *err);

/* Writes what cdi_inject returned into the state directory (nothing when saved is NULL). */
int cdi_save(int dirfd, const char *saved, struct error *err);

/* Applies the state directory's cdi.json, if there is one, to the config copy read from it. */
int cdi_reload(int dirfd, struct spec *s, struct error *err);
