/* SPDX-License-Identifier: Apache-2.0 */
#include "mount_options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <linux/mount.h>

#include "names.h"

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
    {"nosymfollow", false, MS_NOSYMFOLLOW},
    {"symfollow", true, MS_NOSYMFOLLOW},
};

struct attr_opt {
        const char *name;
        bool clear;
        uint64_t attr;
        bool atime; /* an atime mode: MOUNT_ATTR__ATIME is replaced as a whole */
};

static const struct attr_opt attr_opts[] = {
    {"rro", false, MOUNT_ATTR_RDONLY, false},
    {"rrw", true, MOUNT_ATTR_RDONLY, false},
    {"rnosuid", false, MOUNT_ATTR_NOSUID, false},
    {"rsuid", true, MOUNT_ATTR_NOSUID, false},
    {"rnodev", false, MOUNT_ATTR_NODEV, false},
    {"rdev", true, MOUNT_ATTR_NODEV, false},
    {"rnoexec", false, MOUNT_ATTR_NOEXEC, false},
    {"rexec", true, MOUNT_ATTR_NOEXEC, false},
    {"rnodiratime", false, MOUNT_ATTR_NODIRATIME, false},
    {"rdiratime", true, MOUNT_ATTR_NODIRATIME, false},
    {"rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW, false},
    {"rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW, false},
    {"ratime", false, MOUNT_ATTR_RELATIME, true},
    {"rrelatime", false, MOUNT_ATTR_RELATIME, true},
    {"rnoatime", false, MOUNT_ATTR_NOATIME, true},
    {"rstrictatime", false, MOUNT_ATTR_STRICTATIME, true},
};

/* The data options each well-known filesystem takes (key before any '='); NULL-terminated. */
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
                                         NULL};
static const char *const devpts_keys[] = {"newinstance", "ptmxmode", "mode", "gid", "uid", "max", NULL};
static const char *const proc_keys[] = {"hidepid", "gid", "subset", NULL};
static const char *const cgroup2_keys[] = {"nsdelegate",
                                           "memory_recursiveprot",
                                           "memory_localevents",
                                           "favordynmods",
                                           "memory_hugetlb_accounting",
                                           "pids_localevents",
                                           NULL};
static const char *const no_keys[] = {NULL};

/* NULL: a filesystem brownie does not know; its options pass through to the kernel as they are. */
static const char *const *known_keys(const struct spec_mount *m)
{
        const char *t = m->type;

        if (m->bind)
                return no_keys;
        if (!t)
                return NULL;
        if (!strcmp(t, "tmpfs"))
                return tmpfs_keys;
        if (!strcmp(t, "devpts"))
                return devpts_keys;
        if (!strcmp(t, "proc"))
                return proc_keys;
        if (!strcmp(t, "mqueue") || !strcmp(t, "sysfs"))
                return no_keys;
        if (!strcmp(t, "cgroup2"))
                return cgroup2_keys;
        return NULL; /* cgroup (v1 controller names), overlay, ... */
}

static bool key_allowed(const char *const *keys, const char *opt)
{
        size_t klen = strcspn(opt, "=");

        for (; *keys; keys++)
                if (strlen(*keys) == klen && !strncmp(*keys, opt, klen))
                        return true;
        return false;
}

static int append_data(const struct jctx *j, struct spec_mount *m, const char *opt)
{
        size_t old = m->data ? strlen(m->data) : 0;
        char *d = realloc(m->data, old + strlen(opt) + 2);

        if (!d)
                return error_errno(j->err, ENOMEM, "mount options");
        if (old)
                d[old++] = ',';
        strcpy(d + old, opt);
        m->data = d;
        return 0;
}

static bool translate_flag(struct spec_mount *m, const char *o)
{
        for (size_t i = 0; i < sizeof(flag_opts) / sizeof(flag_opts[0]); i++) {
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
        for (size_t i = 0; i < sizeof(attr_opts) / sizeof(attr_opts[0]); i++) {
                const struct attr_opt *a = &attr_opts[i];
                if (strcmp(a->name, o))
                        continue;
                if (a->atime) {
                        m->attr_set = (m->attr_set & ~(uint64_t)MOUNT_ATTR__ATIME) | a->attr;
                        m->attr_atime_set = true;
                } else if (a->clear) {
                        m->attr_set &= ~a->attr;
                        m->attr_clr |= a->attr;
                } else {
                        m->attr_clr &= ~a->attr;
                        m->attr_set |= a->attr;
                }
                return true;
        }
        return false;
}

int mount_options_translate(const struct jctx *j, const char *path, struct spec_mount *m)
{
        const char *const *keys;
        char p[600];
        int prop;

        /* bind-ness first: it decides which data options are allowed. */
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

                if (!strcmp(o, "bind") || !strcmp(o, "rbind"))
                        continue;
                if (translate_flag(m, o) || translate_attr(m, o))
                        continue;
                prop = name_propagation(o);
                if (prop >= 0) {
                        m->propagation = prop;
                        m->propagation_recursive = o[0] == 'r';
                        continue;
                }
                if (!strcmp(o, "idmap")) {
                        m->idmap = true;
                        continue;
                }
                if (!strcmp(o, "ridmap")) {
                        m->idmap = m->ridmap = true;
                        continue;
                }
                if (!strcmp(o, "tmpcopyup")) {
                        m->tmpcopyup = true;
                        continue;
                }
                /* A bind mount takes no filesystem data; runc passes key=value ones to the kernel, which
                 * ignores them, and clients (and the runtime-tools suite) send some: they are let through. */
                if (keys && !key_allowed(keys, o) && !(m->bind && strchr(o, '='))) {
                        snprintf(p, sizeof(p), "%s.options[%zu]", path, i);
                        if (m->bind)
                                return jerr(j, p, "unknown mount option \"%s\" for a bind mount", o);
                        return jerr(j, p, "unknown mount option \"%s\" for type \"%s\"", o, m->type);
                }
                if (append_data(j, m, o) < 0)
                        return -ENOMEM;
        }
        if (m->tmpcopyup && (!m->type || strcmp(m->type, "tmpfs"))) {
                snprintf(p, sizeof(p), "%s.options", path);
                return jerr(j, p, "\"tmpcopyup\" is only for tmpfs mounts");
        }
        return 0;
}

/* idmap, ridmap and tmpcopyup are parsed but not carried out yet, so they are not listed. */
size_t mount_option_names(const char **out, size_t max)
{
        static const char *const extra[] = {"bind",   "rbind",   "shared",   "rshared",    "slave",
                                            "rslave", "private", "rprivate", "unbindable", "runbindable"};
        size_t n = 0;

        for (size_t i = 0; i < sizeof(flag_opts) / sizeof(flag_opts[0]) && n < max; i++)
                out[n++] = flag_opts[i].name;
        for (size_t i = 0; i < sizeof(attr_opts) / sizeof(attr_opts[0]) && n < max; i++)
                out[n++] = attr_opts[i].name;
        for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]) && n < max; i++)
                out[n++] = extra[i];
        return n;
}
