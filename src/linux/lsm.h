/* SPDX-License-Identifier: Apache-2.0 */
/* Linux security modules for a process. */
#pragma once

#include <stdbool.h>

#include "model/spec.h"
#include "util/error.h"

/*
 * In the runtime, before anything is made: an AppArmor profile where AppArmor is not enabled is an
 * error, as runc makes it; an SELinux label where SELinux is not enabled is dropped with a debug
 * line, as crun does.
 */
int lsm_check(const struct spec_process *p, struct error *err);

/* In the container's process, before its execve: the profile and label it is to run under (the
 * kernel switches at the execve). */
int lsm_apply(const struct spec_process *p, struct error *err);

/* Labels the file fd (O_PATH is fine) with an SELinux context (linux.mountLabel on an mqueue mount,
 * which takes no context= option). A filesystem that keeps no labels of its own (EOPNOTSUPP) is left
 * as the policy labels it, with a debug line, as runc leaves it. */
int lsm_label_file(int fd, const char *label, struct error *err);

/* Whether the host has AppArmor / SELinux enabled (what `features` reports). */
bool lsm_apparmor_enabled(void);
bool lsm_selinux_enabled(void);
