/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How the container's programs are exec'd out of the runtime's reach (CVE-2019-5736, linux/selfexe.h):
 * through the exec stub, or by the runtime re-executing itself sealed before it does anything.
 */
#pragma once

#include <stdbool.h>

#include "model/spec.h"

/*
 * Whether the stub can exec process p of the container s: no LSM label is taken at an exec (it would be
 * the stub's), and the seccomp filter lets execveat and execve through whatever their arguments (the stub
 * needs both).
 */
bool plan_stub_can_exec(const struct spec *s, const struct spec_process *p);

/*
 * Whether the stub may carry the init's execs instead of the re-exec: it can exec the container's process,
 * and the init's pid namespace is new (no process of the container, or of another one in a namespace it
 * joins, sees the init while it still runs the runtime's code, dumpable while it sets up).
 */
bool plan_exec_through_stub(const struct spec *s);

/* Whether the filter lets the syscall `name` through unconditionally (true without a filter). */
bool plan_seccomp_allows(const struct spec_seccomp *sc, const char *name);
