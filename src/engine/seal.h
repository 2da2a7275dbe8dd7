/* SPDX-License-Identifier: Apache-2.0 */
/* create's and run's seal of the runtime binary, decided by the config (engine.h: engine_seal_later). */
#pragma once

#include <stdbool.h>

#include "model/spec.h"
#include "util/error.h"

/*
 * After engine_seal_later, once the config s is read and before anything is made: *stub_fd is the exec
 * stub's memfd (linux/selfexe.h) where it can carry the container's execs (plan/exec_plan.h) and the binary
 * is not sealed already, else -1; where the stub cannot be used the runtime re-executes itself sealed
 * (selfexe_reexec_sealed, with the signal mask it started with) and this returns only on failure. Without
 * engine_seal_later it does nothing.
 */
int engine_seal_for(const struct spec *s, int *stub_fd, struct error *err);

/*
 * exec's: the same for process p of container s. The exec'd process joins a container where processes
 * run, so the stub is used only where it is born non-dumpable (undumpable: linux/undumpable.h, as exec.c
 * decides it): until its execve, no process of the container reaches its /proc entries, its exe among them.
 */
int engine_seal_for_exec(const struct spec *s, const struct spec_process *p, bool undumpable, int *stub_fd,
                         struct error *err);
