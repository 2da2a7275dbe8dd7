/* SPDX-License-Identifier: Apache-2.0 */
/* Namespaces: the clone flag of each type, and joining existing ones by path. */
#pragma once

#include <stdint.h>

#include "model/spec.h"
#include "util/error.h"

/* CLONE_NEW* of a namespace type. */
uint64_t ns_clone_flag(enum spec_ns_type t);

/* Opens the namespace file of a `path` entry, checking that it is a namespace of that type. */
int ns_open(const char *path, enum spec_ns_type t, struct error *err);

/* setns() into every namespace the spec joins by path, but `skip` (a CLONE_NEW* mask). */
int ns_join_all(const struct spec *s, uint64_t skip, struct error *err);
