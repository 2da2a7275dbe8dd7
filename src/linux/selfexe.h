/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runtime binary out of a container's reach (CVE-2019-5736). A container's init is a clone of the
 * runtime, and an exec'd process is one until its execve, so /proc/<pid>/exe of either, or a program that
 * is /proc/self/exe (or a script whose interpreter is), names the binary the host runs. If that file can
 * be opened for writing from inside, a container can replace the host's runtime.
 *
 * selfexe_reexec_sealed re-executes the running program from a view of it that nobody can write: a
 * detached, read-only bind mount of the binary (no copy, nothing in any mount table), or, where the
 * caller may not clone mounts, a sealed memfd copy. It does nothing when the binary is already such a
 * view, lives on a read-only mount, or cannot be written with the caller's ids (an unprivileged user
 * running a binary root owns).
 */
#pragma once

#include "util/error.h"

/* Returns 0 when the binary needs no protection; otherwise execs (and returns only on failure). */
int selfexe_reexec_sealed(char *const argv[], struct error *err);
