/* SPDX-License-Identifier: Apache-2.0 */
#include "mount_options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <linux/mount.h>

#include "names.h"
#include "util/cleanup.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

struct flag_opt {
        const char *name;
        bool clear;
        unsigned long flag;
};

static const struct flag_opt flag_opts[] = {
    {"defaults", false, 0},
    {"ro", false, MS_RDONLY},
    {"rw", true, MS_RDONLY},
    {"suid", true, MS_NOSUID},
    {"nosuid", false, MS_NOSUID},
    {"dev", true, MS_NODEV},
    {"nodev", false, MS_NODEV},
    {"exec", true, MS_NOEXEC},
    {"noexec", false, MS_NOEXEC},
    {"sync", false, MS_SYNCHRONOUS},
    {"async", true, MS_SYNCHRONOUS},
    {"dirsync", false, MS_DIRSYNC},
    {"remount", false, MS_REMOUNT},
    {"mand", false, MS_MANDLOCK},
    {"nomand", true, MS_MANDLOCK},
    {"atime", true, MS_NOATIME},
    {"noatime", false, MS_NOATIME},
    {"diratime", true, MS_NODIRATIME},
    {"nodiratime", false, MS_NODIRATIME},
    {"relatime", false, MS_RELATIME},
    {"norelatime", true, MS_RELATIME},
    {"strictatime", false, MS_STRICTATIME},
    {"nostrictatime", true, MS_STRICTATIME},
    {"lazytime", false, MS_LAZYTIME},
    {"nolazytime", true, MS_LAZYTIME},
    {"iversion", false, MS_I_VERSION},
    {"noiversion", true, MS_I_VERSION},
    {"silent", false, MS_SILENT},
    {"loud", true, MS_SILENT},
    {"nosymfollow", false, MS_NOSYMFOLLOW},
    {"symfollow", true, MS_NOSYMFOLLOW},
};

enum attr_kind {
        ATTR_SET,        /* set the attribute on the whole tree */
        ATTR_CLEAR,      /* clear it on the whole tree */
        ATTR_ATIME,      /* an atime mode: MOUNT_ATTR__ATIME is replaced as a whole */
        ATTR_ATIME_UNDO, /* "not this atime mode": back to the kernel's default when it was the one asked */
};

struct attr_opt {
        const char *name;
        enum attr_kind kind;
        uint64_t attr;
};

static const struct attr_opt attr_opts[] = {
    {"rro", ATTR_SET, MOUNT_ATTR_RDONLY},
    {"rrw", ATTR_CLEAR, MOUNT_ATTR_RDONLY},
    {"rnosuid", ATTR_SET, MOUNT_ATTR_NOSUID},
    {"rsuid", ATTR_CLEAR, MOUNT_ATTR_NOSUID},
    {"rnodev", ATTR_SET, MOUNT_ATTR_NODEV},
    {"rdev", ATTR_CLEAR, MOUNT_ATTR_NODEV},
    {"rnoexec", ATTR_SET, MOUNT_ATTR_NOEXEC},
    {"rexec", ATTR_CLEAR, MOUNT_ATTR_NOEXEC},
    {"rnodiratime", ATTR_SET, MOUNT_ATTR_NODIRATIME},
    {"rdiratime", ATTR_CLEAR, MOUNT_ATTR_NODIRATIME},
    {"rnosymfollow", ATTR_SET, MOUNT_ATTR_NOSYMFOLLOW},
    {"rsymfollow", ATTR_CLEAR, MOUNT_ATTR_NOSYMFOLLOW},
    {"ratime", ATTR_ATIME, MOUNT_ATTR_RELATIME},
    {"rrelatime", ATTR_ATIME, MOUNT_ATTR_RELATIME},
    {"rnoatime", ATTR_ATIME, MOUNT_ATTR_NOATIME},
    {"rstrictatime", ATTR_ATIME, MOUNT_ATTR_STRICTATIME},
    {"rnorelatime", ATTR_ATIME_UNDO, MOUNT_ATTR_RELATIME},
    {"rnostrictatime", ATTR_ATIME_UNDO, MOUNT_ATTR_STRICTATIME},
};

/*
 * The data options each well-known filesystem takes (the key before any '='), NULL-terminated. Any other
 * option on these types is a mistake we can name now rather than an EINVAL from mount(2) later.
 */
static const char *const tmpfs_keys[] = {"size",
                                         "nr_blocks",
                                         "nr_inodes",
                                         "mode",
                                         "uid",
                                         "gid",
                                         "huge",
                                         "mpol",
                                         "inode32",
                                         "inode64",
                                         "noswap",
                                         "quota",
                                         "usrquota",
                                         "grpquota",
                                         "usrquota_block_hardlimit",
                                         "usrquota_inode_hardlimit",
                                         "grpquota_block_hardlimit",
                                         "grpquota_inode_hardlimit",
                                         "casefold",
                                         "strict_encoding",
                                         NULL};
static const char *const devpts_keys[] = {"newinstance", "ptmxmode", "mode", "gid", "uid", "max", NULL};
static const char *const proc_keys[] = {"hidepid", "gid", "subset", NULL};
static const char *const cgroup_keys[] = {
    /* v1 controllers */
    "cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer", "net_cls", "perf_event", "net_prio",
    "hugetlb", "pids", "rdma", "misc", "debug",
    /* v1 hierarchy options */
    "all", "none", "name", "noprefix", "clone_children", "xattr", "release_agent", "cpuset_v2_mode",
    "favordynmods", NULL};
static const char *const cgroup2_keys[] = {"nsdelegate",
                                           "memory_recursiveprot",
                                           "memory_localevents",
                                           "favordynmods",
                                           "pids_localevents",
                                           "memory_hugetlb_accounting",
                                           NULL};
static const char *const no_keys[] = {NULL};

/* Security-module options any of the known filesystems takes (SELinux, Smack). */
static const char *const lsm_keys[] = {
    "context",      "fscontext",  "defcontext",  "rootcontext",      "seclabel", "smackfsdef",
    "smackfsfloor", "smackfshat", "smackfsroot", "smackfstransmute", NULL};

/* NULL: a filesystem brownie does not know; its options go to the kernel as they are. */
static const char *const *known_keys(const struct spec_mount *m)
{
        static const struct {
                const char *type;
                const char *const *keys;
        } types[] = {
            {"tmpfs", tmpfs_keys}, {"devpts", devpts_keys}, {"proc", proc_keys},       {"mqueue", no_keys},
            {"sysfs", no_keys},    {"cgroup", cgroup_keys}, {"cgroup2", cgroup2_keys},
        };

        if (m->bind)
                return no_keys;
        for (size_t i = 0; m->type && i < ARRAY_SIZE(types); i++)
                if (!strcmp(m->type, types[i].type))
                        return types[i].keys;
        return NULL;
}

static bool key_in(const char *const *keys, const char *opt)
{
        size_t klen = strcspn(opt, "=");

        for (; *keys; keys++)
                if (strlen(*keys) == klen && !strncmp(*keys, opt, klen))
                        return true;
        return false;
}

static bool key_allowed(const struct spec_mount *m, const char *const *keys, const char *opt)
{
        return key_in(keys, opt) || (!m->bind && key_in(lsm_keys, opt));
}

static int append_data(const struct jctx *j, const char *path, struct spec_mount *m, const char *opt)
{
        size_t old = m->data ? strlen(m->data) : 0;
        char *d = realloc(m->data, old + strlen(opt) + 2);

        if (!d)
                return jnomem(j, path);
        if (old)
                d[old++] = ',';
        strcpy(d + old, opt);
        m->data = d;
        return 0;
}

static bool translate_flag(struct spec_mount *m, const char *o)
{
        for (size_t i = 0; i < ARRAY_SIZE(flag_opts); i++) {
                if (strcmp(flag_opts[i].name, o))
                        continue;
                if (flag_opts[i].clear) {
                        m->flags &= ~flag_opts[i].flag;
                        m->clear_flags |= flag_opts[i].flag;
                } else {
                        m->flags |= flag_opts[i].flag;
                        m->clear_flags &= ~flag_opts[i].flag;
                }
                return true;
        }
        return false;
}

static bool translate_attr(struct spec_mount *m, const char *o)
{
        for (size_t i = 0; i < ARRAY_SIZE(attr_opts); i++) {
                const struct attr_opt *a = &attr_opts[i];
                if (strcmp(a->name, o))
                        continue;
                switch (a->kind) {
                case ATTR_SET:
                        m->attr_clr &= ~a->attr;
                        m->attr_set |= a->attr;
                        break;
                case ATTR_CLEAR:
                        m->attr_set &= ~a->attr;
                        m->attr_clr |= a->attr;
                        break;
                case ATTR_ATIME:
                        m->attr_set = (m->attr_set & ~(uint64_t)MOUNT_ATTR__ATIME) | a->attr;
                        m->attr_atime_set = true;
                        break;
                case ATTR_ATIME_UNDO:
                        if (m->attr_atime_set && (m->attr_set & MOUNT_ATTR__ATIME) == a->attr) {
                                m->attr_set &= ~(uint64_t)MOUNT_ATTR__ATIME;
                                m->attr_atime_set = false;
                        }
                        break;
                }
                return true;
        }
        return false;
}

/* bind, rbind, propagation, idmap, ridmap, tmpcopyup: the options that are neither flags nor data. */
static bool translate_special(struct spec_mount *m, const char *o)
{
        int prop = name_propagation(o);

        if (prop >= 0) {
                m->propagation = prop;
                m->propagation_recursive = o[0] == 'r';
        } else if (!strcmp(o, "bind") || !strcmp(o, "rbind")) {
                /* taken in the first pass */
        } else if (!strcmp(o, "idmap")) {
                m->idmap = true;
        } else if (!strcmp(o, "ridmap")) {
                m->idmap = m->ridmap = true;
        } else if (!strcmp(o, "tmpcopyup")) {
                m->tmpcopyup = true;
        } else {
                return false;
        }
        return true;
}

int mount_options_translate(const struct jctx *j, const char *path, struct spec_mount *m)
{
        const char *const *keys;
        char p[JPATH_MAX + 32];

        /* Bind-ness first: it decides which data options are allowed. */
        if (m->type && !strcmp(m->type, "bind"))
                m->bind = true;
        for (size_t i = 0; i < m->n_options; i++) {
                if (!strcmp(m->options[i], "bind"))
                        m->bind = true;
                else if (!strcmp(m->options[i], "rbind"))
                        m->bind = m->recursive = true;
        }
        keys = known_keys(m);
        for (size_t i = 0; i < m->n_options; i++) {
                const char *o = m->options[i];

                if (translate_flag(m, o) || translate_attr(m, o) || translate_special(m, o))
                        continue;
                snprintf(p, sizeof(p), "%s.options[%zu]", path, i);
                if (!*o)
                        return jerr(j, p, "empty mount option");
                /* A bind mount takes no filesystem data; runc passes key=value ones to the kernel, which
                 * ignores them, and clients (and the runtime-tools suite) send some: they are let through. */
                if (keys && !key_allowed(m, keys, o) && !(m->bind && strchr(o, '='))) {
                        if (m->bind)
                                return jerr(j, p, "unknown mount option \"%s\" for a bind mount", o);
                        return jerr(j, p, "unknown mount option \"%s\" for type \"%s\"", o, m->type);
                }
                if (append_data(j, p, m, o) < 0)
                        return -ENOMEM;
        }
        if (m->tmpcopyup && (!m->type || strcmp(m->type, "tmpfs") || m->bind)) {
                snprintf(p, sizeof(p), "%s.options", path);
                return jerr(j, p, "\"tmpcopyup\" is only for tmpfs mounts");
        }
        return 0;
}

size_t mount_option_names(const char **out, size_t max)
{
        static const char *const extra[] = {"bind",      "rbind",   "shared",   "rshared",    "slave",
                                            "rslave",    "private", "rprivate", "unbindable", "runbindable",
                                            "tmpcopyup", "idmap",   "ridmap"};
        size_t n = 0;

        for (size_t i = 0; i < ARRAY_SIZE(flag_opts) && n < max; i++)
                out[n++] = flag_opts[i].name;
        for (size_t i = 0; i < ARRAY_SIZE(attr_opts) && n < max; i++)
                out[n++] = attr_opts[i].name;
        for (size_t i = 0; i < ARRAY_SIZE(extra) && n < max; i++)
                out[n++] = extra[i];
        return n;
}
