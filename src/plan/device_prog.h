/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cgroup v2 device filter: the device rules (device_rules.h) compiled into a
 * BPF_PROG_TYPE_CGROUP_DEVICE program, which v2 runs where v1 had devices.allow/deny.
 *
 * Semantics are v1's, per access bit: for each of mknod, read and write asked for, the last rule
 * (in list order) that matches the device and names that bit decides; a bit no rule names is
 * allowed, as a v1 cgroup starts out allowing everything. The program walks the rules from the
 * last to the first, keeping the bits still undecided: an allow rule takes its bits off that set
 * (all decided: allow), a deny rule holding an undecided bit denies.
 */
#pragma once

#include <stddef.h>

#include <linux/bpf.h>

#include "device_rules.h"

/* Instructions needed at most for n rules (the size of out for device_prog_build). */
#define DEVICE_PROG_MAX_INSNS(n) (6 + (n)*7 + 2)

/* Compiles rules into out (room for DEVICE_PROG_MAX_INSNS(n)); returns the instruction count. */
size_t device_prog_build(const struct device_rule *rules, size_t n, struct bpf_insn *out);
