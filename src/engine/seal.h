/* SPDX-License-Identifier: Apache-2.0 */
/* create's and run's seal of the runtime binary, decided by the config (engine.h: engine_seal_later). */
#pragma once

#include "model/spec.h"
#include "util/error.h"

/*
 * After engine_seal_later, once the config s is read and before anything is made: *stub_fd is the exec
 * stub's memfd (linux/selfexe.h) where it can carry the container's execs (plan/exec_plan.h) and the binary
 * is not sealed already, else -1; where the stub cannot be used the runtime is re-executed sealed, as
 * engine_seal_runtime does (with the signal mask it started with), and this returns only on failure.
 * Without engine_seal_later (restore) it does nothing.
 */
int engine_seal_for(const struct spec *s, int *stub_fd, struct error *err);
