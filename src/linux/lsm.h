/* SPDX-License-Identifier: Apache-2.0 */
/* Linux security modules for a process. */
#pragma once

#include "model/spec.h"
#include "util/error.h"

/*
 * An AppArmor profile is an error: where AppArmor is not enabled, as runc makes it;
 * where it is, until profiles are applied. SELinux labels are dropped with a debug
 * line, as crun does on hosts without SELinux.
 */
int lsm_check(const struct spec_process *p, struct error *err);
