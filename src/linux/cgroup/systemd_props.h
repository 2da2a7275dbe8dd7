/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What --systemd-cgroup asks systemd for, decided without systemd: the unit and its slice from
 * cgroupsPath, and the unit properties of linux.resources, as runc sets them (v1 and v2 names, its
 * defaults and conversions). Pure: systemd_bus.c sends the list, the unit tests read it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/spec.h"
#include "plan/device_rules.h"
#include "util/error.h"

#define SD_NAME_MAX 256

/* "slice:prefix:name" (an empty slice: system.slice; an empty prefix: brownie; no cgroupsPath:
 * ":brownie:<id>"): the unit is "<prefix>-<name>.scope", or name itself when it is a slice. */
struct sd_unit {
        char slice[SD_NAME_MAX]; /* "system.slice", "-.slice" for the root */
        char unit[SD_NAME_MAX];  /* "brownie-c1.scope", or "a-b.slice" */
        char name[SD_NAME_MAX];  /* the name part ("c1"), for the unit's description */
        bool is_slice;
};

int sd_unit_parse(const char *cgroups_path, const char *id, struct sd_unit *out, struct error *err);

/* One property, the D-Bus type of its value named by the kind. */
enum sd_prop_kind {
        SD_PROP_BOOL,    /* b */
        SD_PROP_U64,     /* t */
        SD_PROP_STRING,  /* s */
        SD_PROP_BITMASK, /* ay: bit n of byte n / 8, as AllowedCPUs takes it */
        SD_PROP_PIDS,    /* au: one pid */
        SD_PROP_DEVICES, /* a(ss): path (or "char-*", "block-8") and access */
};

#define SD_BITMASK_MAX 128 /* CPUs and nodes 0 to 1023 */

struct sd_device_allow {
        char path[64];
        char access[4];
};

struct sd_prop {
        char name[32];
        enum sd_prop_kind kind;
        uint64_t u; /* BOOL, U64, PIDS */
        char s[SD_NAME_MAX + 32];
        uint8_t bytes[SD_BITMASK_MAX];
        size_t n_bytes;
        struct sd_device_allow *devices; /* DEVICES (malloc'd) */
        size_t n_devices;
};

#define SD_PROPS_MAX 40

struct sd_props {
        struct sd_prop p[SD_PROPS_MAX];
        size_t n;
};

#define SD_INFINITY UINT64_MAX /* systemd's "infinity" for limits */

/* The properties every unit is started with: description ("brownie container <name>"), Slice= (a scope, with
 * Delegate=yes) or Wants= (a slice), the pid, accounting on (v1 names BlockIOAccounting, v2 IOAccounting), no
 * default dependencies. */
int sd_props_unit(const struct sd_unit *u, pid_t pid, bool v2, struct sd_props *out, struct error *err);

/*
 * The properties of r for a systemd of version sd_version on a v2 (or v1, hybrid) host, appended:
 * memory (MemoryMax, MemoryLow, MemorySwapMax; v1 MemoryLimit), cpu (CPUWeight from shares as the
 * cpu.weight file gets it, v1 CPUShares; CPUQuotaPerSecUSec, CPUQuotaPeriodUSec from v242; AllowedCPUs
 * and AllowedMemoryNodes from v244), TasksMax, IOWeight (v1 BlockIOWeight), the unified map's keys
 * systemd knows, and for device rules (rules, as the files get them) DevicePolicy and DeviceAllow.
 * What has no property is left to the files.
 */
int sd_props_resources(const struct spec_resources *r, const struct device_rule *rules, size_t n_rules,
                       bool v2, int sd_version, struct sd_props *out, struct error *err);

/* A CPU or node list ("0-3,7") as AllowedCPUs takes it; the count of bytes, or -EINVAL. */
int sd_cpu_bitmask(const char *list, uint8_t *bytes, size_t max);

/* CPUQuotaPerSecUSec of a quota and period (0: the kernel's 100000), rounded up to systemd's 10 ms
 * steps as runc rounds it; SD_INFINITY for no quota. */
uint64_t sd_quota_per_sec(int64_t quota, uint64_t period);

/* The quota the cgroup gets when systemd rounds it so: sd_quota_per_sec's share of the period. */
int64_t sd_quota_rounded(int64_t quota, uint64_t period);

void sd_props_free(struct sd_props *p);
