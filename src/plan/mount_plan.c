/* SPDX-License-Identifier: Apache-2.0 */
#include "mount_plan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "util/cleanup.h"

#ifndef ST_NOSYMFOLLOW
#define ST_NOSYMFOLLOW 0x2000
#endif

/* The flags MS_BIND|MS_REMOUNT replaces on the top mount, atime apart. */
#define BIND_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOSYMFOLLOW)

uint64_t plan_ms_to_attr(unsigned long ms)
{
        uint64_t a = 0;

        if (ms & MS_RDONLY)
                a |= MOUNT_ATTR_RDONLY;
        if (ms & MS_NOSUID)
                a |= MOUNT_ATTR_NOSUID;
        if (ms & MS_NODEV)
                a |= MOUNT_ATTR_NODEV;
        if (ms & MS_NOEXEC)
                a |= MOUNT_ATTR_NOEXEC;
        if (ms & MS_NODIRATIME)
                a |= MOUNT_ATTR_NODIRATIME;
        if (ms & MS_NOSYMFOLLOW)
                a |= MOUNT_ATTR_NOSYMFOLLOW;
        /* As the kernel reads MS_*: strictatime wins over noatime, relatime is the default. */
        if (ms & MS_STRICTATIME)
                a |= MOUNT_ATTR_STRICTATIME;
        else if (ms & MS_NOATIME)
                a |= MOUNT_ATTR_NOATIME;
        else if (ms & MS_RELATIME)
                a |= MOUNT_ATTR_RELATIME;
        return a;
}

unsigned long plan_statfs_to_ms(unsigned long st)
{
        static const struct {
                unsigned long st, ms;
        } map[] = {
            {ST_RDONLY, MS_RDONLY},           {ST_NOSUID, MS_NOSUID},           {ST_NODEV, MS_NODEV},
            {ST_NOEXEC, MS_NOEXEC},           {ST_SYNCHRONOUS, MS_SYNCHRONOUS}, {ST_MANDLOCK, MS_MANDLOCK},
            {ST_NOATIME, MS_NOATIME},         {ST_NODIRATIME, MS_NODIRATIME},   {ST_RELATIME, MS_RELATIME},
            {ST_NOSYMFOLLOW, MS_NOSYMFOLLOW},
        };
        unsigned long ms = 0;

        for (size_t i = 0; i < ARRAY_SIZE(map); i++)
                if (st & map[i].st)
                        ms |= map[i].ms;
        /* strictatime is no mount flag of its own: it is the absence of the other two modes. */
        if (!(ms & PLAN_MS_ATIME_MODE))
                ms |= MS_STRICTATIME;
        return ms;
}

unsigned long plan_propagation_flags(enum spec_propagation p, bool recursive)
{
        unsigned long f = 0;

        switch (p) {
        case PROPAGATION_NONE:
                return 0;
        case PROPAGATION_SHARED:
                f = MS_SHARED;
                break;
        case PROPAGATION_SLAVE:
                f = MS_SLAVE;
                break;
        case PROPAGATION_PRIVATE:
                f = MS_PRIVATE;
                break;
        case PROPAGATION_UNBINDABLE:
                f = MS_UNBINDABLE;
                break;
        }
        return f | (recursive ? MS_REC : 0);
}

bool plan_clean_path(const char *path, char *out, size_t size)
{
        size_t len = 0;

        if (size < 2)
                return false;
        out[len++] = '/';
        for (const char *p = path; *p;) {
                size_t n;

                while (*p == '/')
                        p++;
                n = strcspn(p, "/");
                if (n == 0 || (n == 1 && p[0] == '.')) {
                        /* nothing */
                } else if (n == 2 && p[0] == '.' && p[1] == '.') {
                        while (len > 1 && out[len - 1] != '/')
                                len--;
                        if (len > 1)
                                len--;
                } else {
                        if (len + (len > 1) + n + 1 > size)
                                return false;
                        if (len > 1)
                                out[len++] = '/';
                        memcpy(out + len, p, n);
                        len += n;
                }
                p += n;
        }
        out[len] = '\0';
        return true;
}

bool plan_path_under(const char *p, const char *dir)
{
        size_t n = strlen(dir);

        if (!strcmp(dir, "/"))
                return p[0] == '/';
        return !strncmp(p, dir, n) && (p[n] == '\0' || p[n] == '/');
}

static bool dest_is(const struct spec_mount *m, const char *path)
{
        char clean[4096];

        return plan_clean_path(m->destination, clean, sizeof(clean)) && !strcmp(clean, path);
}

static bool type_is(const struct spec_mount *m, const char *type)
{
        return m->type && !strcmp(m->type, type);
}

enum plan_mount_kind plan_mount_kind(const struct spec_mount *m)
{
        if (m->bind)
                return PLAN_MOUNT_BIND;
        if (type_is(m, "proc") || type_is(m, "sysfs"))
                return PLAN_MOUNT_PROC_SYSFS;
        if (type_is(m, "cgroup"))
                return PLAN_MOUNT_CGROUP;
        return PLAN_MOUNT_FS;
}

bool plan_mount_deferred_ro(const struct spec_mount *m)
{
        if (!(m->flags & MS_RDONLY) || m->bind)
                return false;
        return type_is(m, "tmpfs") || dest_is(m, "/dev");
}

unsigned long plan_mount_flags(const struct spec_mount *m)
{
        unsigned long f = m->flags & ~(MS_REMOUNT | MS_BIND | MS_REC);

        if (plan_mount_deferred_ro(m))
                f &= ~MS_RDONLY;
        return f;
}

bool plan_bind_needs_flags(const struct spec_mount *m)
{
        return (m->flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) || m->clear_flags;
}

struct plan_attr plan_bind_attr(unsigned long flags)
{
        struct plan_attr a;

        a.set = plan_ms_to_attr(flags & BIND_FLAGS);
        a.clr = plan_ms_to_attr(BIND_FLAGS) & ~a.set;
        /* Without an atime flag the remount keeps the mount's atime mode and nodiratime. */
        if (flags & PLAN_MS_ATIME) {
                a.set |= plan_ms_to_attr(flags & PLAN_MS_ATIME);
                if (!(a.set & MOUNT_ATTR__ATIME))
                        a.set |= MOUNT_ATTR_RELATIME;
                a.clr |= MOUNT_ATTR__ATIME;
                if (!(a.set & MOUNT_ATTR_NODIRATIME))
                        a.clr |= MOUNT_ATTR_NODIRATIME;
        }
        return a;
}

int plan_bind_locked_flags(unsigned long flags, unsigned long clear_flags, unsigned long src,
                           unsigned long *out, const char **why)
{
        if (src & clear_flags & PLAN_MS_LOCKED) {
                *why = "cleared";
                *out = src & clear_flags & PLAN_MS_LOCKED;
                return -EPERM;
        }
        if ((flags & PLAN_MS_ATIME) && (flags & PLAN_MS_ATIME) != (src & PLAN_MS_ATIME)) {
                *why = "atime";
                *out = src & PLAN_MS_ATIME;
                return -EPERM;
        }
        *out = flags | (src & PLAN_MS_LOCKED);
        return 0;
}

bool plan_ms_names(unsigned long ms, char *out, size_t size)
{
        static const struct {
                unsigned long ms;
                const char *name;
        } names[] = {
            {MS_RDONLY, "ro"},
            {MS_NOSUID, "nosuid"},
            {MS_NODEV, "nodev"},
            {MS_NOEXEC, "noexec"},
            {MS_SYNCHRONOUS, "sync"},
            {MS_MANDLOCK, "mand"},
            {MS_NOATIME, "noatime"},
            {MS_NODIRATIME, "nodiratime"},
            {MS_RELATIME, "relatime"},
            {MS_STRICTATIME, "strictatime"},
            {MS_NOSYMFOLLOW, "nosymfollow"},
        };
        size_t len = 0;

        if (!size)
                return false;
        out[0] = '\0';
        for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
                int n;

                if (!(ms & names[i].ms))
                        continue;
                n = snprintf(out + len, size - len, "%s%s", len ? "," : "", names[i].name);
                if (n < 0 || (size_t)n >= size - len)
                        return false;
                len += (size_t)n;
        }
        return true;
}

struct plan_attr plan_rec_attr(const struct spec_mount *m)
{
        struct plan_attr a = {.set = m->attr_set, .clr = m->attr_clr & ~m->attr_set};

        /* An atime mode replaces the whole atime field: the kernel wants all of MOUNT_ATTR__ATIME cleared. */
        if (m->attr_atime_set)
                a.clr |= MOUNT_ATTR__ATIME;
        return a;
}

bool plan_tmpfs_data(bool covered_exists, mode_t covered_mode, const char *data, char *out, size_t size)
{
        int n;

        if (covered_exists && data && *data)
                n = snprintf(out, size, "mode=%04o,%s", (unsigned)(covered_mode & 07777), data);
        else if (covered_exists)
                n = snprintf(out, size, "mode=%04o", (unsigned)(covered_mode & 07777));
        else
                n = snprintf(out, size, "%s", data ? data : "");
        return n >= 0 && (size_t)n < size;
}

bool plan_data_drop_option(char *data, const char *key)
{
        size_t klen = strlen(key);
        char *w = data;
        bool dropped = false;

        for (const char *p = data; *p;) {
                size_t len = strcspn(p, ",");

                if (len > klen && !strncmp(p, key, klen) && p[klen] == '=') {
                        dropped = true;
                } else {
                        if (w != data)
                                *w++ = ',';
                        memmove(w, p, len);
                        w += len;
                }
                p += len + (p[len] == ',');
        }
        *w = '\0';
        return dropped;
}

bool plan_mount_takes_label(const char *type)
{
        static const char *const unlabelled[] = {"proc", "sysfs", "cgroup", "cgroup2", "mqueue"};

        if (!type)
                return false;
        for (size_t i = 0; i < ARRAY_SIZE(unlabelled); i++)
                if (!strcmp(type, unlabelled[i]))
                        return false;
        return true;
}

bool plan_label_data(char *data, size_t size, const char *label)
{
        size_t len = strlen(data);
        int n;

        for (const char *p = data; *p;) {
                size_t opt = strcspn(p, ",");
                const char *eq = memchr(p, '=', opt);

                if (eq && eq - p >= 7 && !strncmp(eq - 7, "context", 7))
                        return true;
                p += opt + (p[opt] == ',');
        }
        n = snprintf(data + len, size - len, "%scontext=\"%s\"", len ? "," : "", label);
        return n >= 0 && (size_t)n < size - len;
}

/* What lxcfs bind-mounts over procfs files: the only mounts allowed below /proc. */
static const char *const proc_files_allowed[] = {
    "/proc/cpuinfo",
    "/proc/diskstats",
    "/proc/meminfo",
    "/proc/stat",
    "/proc/swaps",
    "/proc/uptime",
    "/proc/loadavg",
    "/proc/slabinfo",
    "/proc/sys/kernel/ns_last_pid",
    "/proc/sys/crypto/fips_enabled",
};

int plan_check_destination(const char *dest, bool is_procfs, const char **why)
{
        if (!strcmp(dest, "/")) {
                *why = "cannot mount on top of the container's root";
                return -EPERM;
        }
        if (!plan_path_under(dest, "/proc"))
                return 0;
        if (!strcmp(dest, "/proc")) {
                if (is_procfs)
                        return 0;
                *why = "only a procfs may be mounted on /proc";
                return -EPERM;
        }
        for (size_t i = 0; i < ARRAY_SIZE(proc_files_allowed); i++)
                if (!strcmp(dest, proc_files_allowed[i]))
                        return 0;
        *why = "cannot be mounted inside /proc";
        return -EPERM;
}

enum plan_idmap_from plan_mount_idmap(const struct spec_mount *m)
{
        /* The model guarantees both mappings or neither, and a bind. */
        if (m->n_uid_mappings || m->n_gid_mappings)
                return PLAN_IDMAP_MOUNT;
        return m->idmap ? PLAN_IDMAP_CONTAINER : PLAN_IDMAP_NONE;
}

bool plan_id_maps_equal(const struct spec_id_mapping *a, size_t na, const struct spec_id_mapping *b,
                        size_t nb)
{
        if (na != nb)
                return false;
        for (size_t i = 0; i < na; i++)
                if (a[i].container_id != b[i].container_id || a[i].host_id != b[i].host_id ||
                    a[i].size != b[i].size)
                        return false;
        return true;
}

bool plan_bind_source(const char *bundle, const char *source, char *out, size_t size)
{
        int n = source[0] != '/' && bundle ? snprintf(out, size, "%s/%s", bundle, source)
                                           : snprintf(out, size, "%s", source);

        return n >= 0 && (size_t)n < size;
}
