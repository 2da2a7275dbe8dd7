/* SPDX-License-Identifier: Apache-2.0 */
/* The flags create and run share. */
#pragma once

#include "cli.h"

#define CREATE_FLAGS_MAX 10

/* Fills opts (room for CREATE_FLAGS_MAX) with create's flags bound to o; returns how many. */
int create_flags(struct create_opts *o, struct opt_def *opts);
