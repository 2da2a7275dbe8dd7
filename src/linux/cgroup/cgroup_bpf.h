/* SPDX-License-Identifier: Apache-2.0 */
/* The cgroup v2 device filter: loads the compiled rules (plan/device_prog.h) and attaches them. */
#pragma once

#include <stddef.h>

#include "plan/device_rules.h"
#include "util/error.h"

/*
 * Loads the program for rules and attaches it to the cgroup directory cgroup_fd as its device
 * filter. A filter brownie attached before is replaced in one step (BPF_F_REPLACE), so the cgroup
 * is never without one; any other earlier filters are detached once the new one is in place.
 */
int cgroup_bpf_devices_attach(int cgroup_fd, const struct device_rule *rules, size_t n, struct error *err);
