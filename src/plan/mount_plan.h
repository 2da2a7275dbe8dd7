/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Pure decisions about the spec's mounts: what kind of mount an entry is, which
 * MS_* flags the first mount(2) takes and which wait for rootfs_finalize, how a
 * bind mount's options become mount_setattr() attributes (runc's "mount --bind
 * -o ..." meaning, and its retry that keeps the flags a user namespace locks),
 * which destinations are refused (/proc, the root itself), the tmpfs mode kept
 * from the directory it covers. No syscalls: every rule is unit-tested.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mount.h>
#include <sys/types.h>

#include "model/spec.h"

/* The MS_* flags a user namespace locks on mounts it inherits (MNT_LOCK_*), atime ones included. */
#define PLAN_MS_ATIME_MODE (MS_NOATIME | MS_RELATIME | MS_STRICTATIME)
#define PLAN_MS_ATIME      (PLAN_MS_ATIME_MODE | MS_NODIRATIME)
#define PLAN_MS_LOCKED     (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | PLAN_MS_ATIME)

/* MS_RDONLY|MS_NOSUID|... -> MOUNT_ATTR_* for mount_setattr()/fsmount(). */
uint64_t plan_ms_to_attr(unsigned long ms);

/* ST_* of statfs(2)/statvfs(3) f_flags -> MS_*. No atime mode shown means strictatime. */
unsigned long plan_statfs_to_ms(unsigned long st_flags);

/* MS_* for a propagation (0 for PROPAGATION_NONE), MS_REC when recursive. */
unsigned long plan_propagation_flags(enum spec_propagation p, bool recursive);

/*
 * Lexically cleans an absolute path: "//a/./b/../c/" -> "/a/c"; ".." above "/" stays at "/".
 * A relative path is taken from "/". Returns false when out is too small.
 */
bool plan_clean_path(const char *path, char *out, size_t size);

/* True when the clean path p is dir or below it ("/proc" is under "/proc", "/procfs" is not). */
bool plan_path_under(const char *p, const char *dir);

enum plan_mount_kind {
        PLAN_MOUNT_BIND,       /* bind or rbind: a clone of the source tree */
        PLAN_MOUNT_PROC_SYSFS, /* proc, sysfs: a directory that must not be a symlink */
        PLAN_MOUNT_CGROUP,     /* "cgroup": v2 mount, or a tmpfs of v1 hierarchies */
        PLAN_MOUNT_FS,         /* any other new filesystem */
};

enum plan_mount_kind plan_mount_kind(const struct spec_mount *m);

/* True when an "ro" is applied only in rootfs_finalize: tmpfs and /dev get nodes and mount points
 * made inside them first (as runc). */
bool plan_mount_deferred_ro(const struct spec_mount *m);

/* The MS_* flags of the mount(2) that makes a new filesystem (no bind/remount bits, no deferred ro). */
unsigned long plan_mount_flags(const struct spec_mount *m);

/* True when a bind mount's options change anything on the cloned tree (set or cleared flags). */
bool plan_bind_needs_flags(const struct spec_mount *m);

struct plan_attr {
        uint64_t set;
        uint64_t clr;
};

/*
 * mount_setattr() attributes that give the top of a bind exactly the MS_* flags asked (what
 * MS_BIND|MS_REMOUNT|flags does): others cleared; atime left as it is unless an atime flag is asked.
 */
struct plan_attr plan_bind_attr(unsigned long flags);

/*
 * The retry when the kernel refused plan_bind_attr (EPERM: the source has flags locked by a user
 * namespace): *out is flags plus the source's (src, MS_*) locked ones. Fails with -EPERM when the
 * mount asks to clear a locked flag (why: "cleared", *out: those flags) or for another atime than
 * the locked one (why: "atime", *out: the source's atime flags).
 */
int plan_bind_locked_flags(unsigned long flags, unsigned long clear_flags, unsigned long src,
                           unsigned long *out, const char **why);

/* The option names of MS_* flags ("ro,nosuid,noatime"); returns false when out is too small. */
bool plan_ms_names(unsigned long ms, char *out, size_t size);

/* The recursive attributes (rro, rnosuid, ratime...) of a mount; set and clr both 0 when none. */
struct plan_attr plan_rec_attr(const struct spec_mount *m);

/*
 * The data of a tmpfs mount: "mode=" of the directory it covers first, when that existed, so
 * the image's mode (e.g. 1777 of /tmp) stays unless the options say otherwise. Returns false
 * when out is too small. out is "" when there is neither.
 */
bool plan_tmpfs_data(bool covered_exists, mode_t covered_mode, const char *data, char *out, size_t size);

/* Removes every "key=..." option from the comma-separated data in place; true when one was there.
 * (devpts takes gid= only for a group its user namespace maps: rootless, gid 5 often is not.) */
bool plan_data_drop_option(char *data, const char *key);

/* Whether linux.mountLabel goes on a new mount of this type as its SELinux context= option: every
 * filesystem a container mounts except proc, sysfs, cgroup and cgroup2 (they keep the policy's labels,
 * as with runc) and mqueue (which takes no context=: its root is labelled after the mount). */
bool plan_mount_takes_label(const char *type);

/* data with context="label" appended (in data[size]); unchanged when data already names a context
 * (context=, fscontext=, defcontext=, rootcontext=). Returns false when it does not fit. */
bool plan_label_data(char *data, size_t size, const char *label);

/*
 * Whether a mount may land on dest (the clean path it resolved to inside the container): never
 * on "/" itself; on /proc only a procfs (a new proc mount, or a bind whose source is one); below
 * /proc only the files lxcfs emulates (CVE-2019-16884 and CVE-2019-19921 class). Returns 0, or
 * -EPERM with why set.
 */
int plan_check_destination(const char *dest, bool is_procfs, const char **why);

/*
 * Id-mapped mounts (config.md "idmap", "ridmap", mounts[].uidMappings/gidMappings), as runc carries
 * them out: the source's tree cloned (recursively for rbind) and MOUNT_ATTR_IDMAP set on its top
 * mount, or on every mount of it for "ridmap".
 */
enum plan_idmap_from {
        PLAN_IDMAP_NONE,      /* not id-mapped */
        PLAN_IDMAP_MOUNT,     /* the mount's own uidMappings/gidMappings: a user namespace made for them */
        PLAN_IDMAP_CONTAINER, /* "idmap" alone: the container's user namespace (new or joined) */
};

/* The host path of a bind source: a relative one is relative to the bundle (config.md, as runc reads
 * it). Returns false when out is too small. */
bool plan_bind_source(const char *bundle, const char *source, char *out, size_t size);

enum plan_idmap_from plan_mount_idmap(const struct spec_mount *m);

/* True when the two mapping lists are the same, entry by entry (one user namespace serves both). */
bool plan_id_maps_equal(const struct spec_id_mapping *a, size_t na, const struct spec_id_mapping *b,
                        size_t nb);
