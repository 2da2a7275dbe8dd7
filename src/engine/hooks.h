/* SPDX-License-Identifier: Apache-2.0 */
/* Running OCI hooks: the state on stdin, args and env as given, a timeout, the output kept for errors. */
#pragma once

#include "model/spec.h"
#include "util/error.h"

/* Runs one hook; an error names the hook, its exit status or the timeout, and its stderr. */
int hook_run(const struct spec_hook *h, const char *state_json, struct error *err);

/*
 * Runs every hook of a kind in order. With keep_going, failures are logged as
 * warnings and the rest still run (poststart, poststop); else the first failure stops.
 */
int hooks_run(const struct spec *s, enum spec_hook_kind kind, const char *state_json, bool keep_going,
              struct error *err);
