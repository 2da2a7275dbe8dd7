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
 *
 * That re-exec costs a whole start of the runtime (the loader, the C library). Where the container's
 * execs can be carried by the exec stub instead (plan/exec_plan.h), the runtime is not re-executed: the
 * init and the processes it starts in the container exec their programs through the stub, a program of a
 * few hundred bytes without a C library, run from a sealed memfd (selfexe_stub_open), which execs the
 * real program. Nothing that runs in the container then has the runtime's binary as /proc/self/exe: the
 * stub's is the memfd, and so is that of an interpreter a script names as /proc/self/exe. Until the
 * program runs, the init is alone in its new pid namespace or not dumpable (linux/undumpable.h).
 */
#pragma once

#include <stdbool.h>

#include "util/error.h"

/* Returns 0 when the binary needs no protection; otherwise execs (and returns only on failure). */
int selfexe_reexec_sealed(char *const argv[], struct error *err);

/* Whether the running binary is already out of a container's reach (what makes the above return 0). */
bool selfexe_is_sealed(void);

/* The exec stub in a sealed memfd, close-on-exec; -errno where it cannot be (no stub built for this
 * architecture, memfds not executable here). */
int selfexe_stub_open(void);

/* From now on, in this process and those it forks, selfexe_execve goes through the stub at fd. */
void selfexe_exec_through(int fd);

/* execve(path, argv, envp), through the stub when one is set; returns -errno on failure. signal_fd (or
 * -1): a close-on-exec fd whose closing tells the runtime the program runs; through the stub it stays
 * open until the program's own exec, not the stub's. */
int selfexe_execve(const char *path, char *const argv[], char *const envp[], int signal_fd);
