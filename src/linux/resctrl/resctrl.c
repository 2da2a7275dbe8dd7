/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.intelRdt on the resctrl filesystem, as config-linux.md and runc have it:
 *
 * - the CTRL_MON group is closID, else the container id; "/" is the default group (the root);
 * - a group that does not exist is made (a closID without any schema must name one made
 *   beforehand); an existing one is joined, and a schema given for it must agree with what it has;
 * - l3CacheSchema, memBwSchema, then each schemata line are written to the new group's `schemata`,
 *   one write each, so that a refusal names its field;
 * - the init's pid goes into the group's `tasks` (and the MON group's) before the program runs;
 * - enableMonitoring (or the older enableCMT/enableMBM, which it replaced) makes the container's
 *   own MON group, mon_groups/<id>, which must not exist yet;
 * - delete removes the group only when create made it and no closID named it (a closID's group is
 *   the administrator's, for other containers too; the MON groups in it go with it in the kernel),
 *   else only the MON group; a failed create removes whatever it made.
 *
 * Group names never hold a '/' (the model checks closID, container ids have none), so one openat
 * with O_NOFOLLOW reaches every directory below the root fd. Schema lines are read and compared in
 * resctrl_schema.c, the counters of events in resctrl_stats.c.
 */
#include "linux/resctrl/resctrl.h"
#include "linux/resctrl/resctrl_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "plan/mountinfo.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/parse.h"

#define SCHEMATA "schemata"
#define TASKS    "tasks"

#ifndef RDTGROUP_SUPER_MAGIC
#define RDTGROUP_SUPER_MAGIC 0x7655821
#endif
static bool is_default(const char *name)
{
        return !strcmp(name, RESCTRL_DEFAULT_GROUP);
}

/* The group's directory relative to the root fd. */
static const char *group_rel(const char *name)
{
        return is_default(name) ? "." : name;
}

/* "<root>/<name>" (the root itself for the default group), for messages. */
void rdt_group_display(char *buf, size_t size, const char *root, const char *name)
{
        if (is_default(name))
                snprintf(buf, size, "%s", root);
        else
                snprintf(buf, size, "%s/%s", root, name);
}

static bool wants_mon(const struct spec_intel_rdt *rdt)
{
        return rdt->enable_monitoring || rdt->enable_cmt || rdt->enable_mbm;
}

static const char *mon_field(const struct spec_intel_rdt *rdt)
{
        if (rdt->enable_monitoring)
                return "linux.intelRdt.enableMonitoring";
        return rdt->enable_cmt ? "linux.intelRdt.enableCMT" : "linux.intelRdt.enableMBM";
}

/* Adds what the kernel said about its last refusal to err's message, when it said something. */
static int with_status(int rootfd, int ret, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        char msg[ERROR_MSG_MAX];
        const char *s;

        if (!err || read_file_at(rootfd, "info/last_cmd_status", &text, NULL, NULL) < 0)
                return ret;
        s = rdt_trim(text);
        if (!*s || !strcmp(s, "ok"))
                return ret;
        snprintf(msg, sizeof(msg), "%s", err->msg);
        error_set(err, -ret, "%s (last_cmd_status: %s)", msg, s);
        return ret;
}

/* One write of data to an interface file: the kernel parses each write on its own. */
static int kwrite(int dirfd, const char *file, const char *data)
{
        _cleanup_close_ int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
        size_t len = strlen(data);
        ssize_t w;

        if (fd < 0)
                return -errno;
        do
                w = write(fd, data, len);
        while (w < 0 && errno == EINTR);
        if (w < 0)
                return -errno;
        return (size_t)w == len ? 0 : -EIO;
}

int rdt_open_group(int rootfd, const char *root, const char *name, struct error *err)
{
        char disp[PATH_MAX];
        int fd = openat(rootfd, group_rel(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

        if (fd < 0) {
                rdt_group_display(disp, sizeof(disp), root, name);
                return error_errno(err, errno, "linux.intelRdt: open group \"%s\"", disp);
        }
        return fd;
}

/* The group's mon_groups directory. */
int rdt_open_mon_groups(int groupfd, const char *disp, struct error *err)
{
        int fd = openat(groupfd, "mon_groups", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

        if (fd < 0)
                return error_errno(err, errno, "linux.intelRdt: open \"%s/mon_groups\"", disp);
        return fd;
}

int resctrl_mountinfo_find(const char *mountinfo, char **out)
{
        _cleanup_free_ char *text = strdup(mountinfo);
        char *save = NULL;

        if (!text)
                return -ENOMEM;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                struct mountinfo_entry e;

                if (plan_mountinfo_parse(line, &e) < 0 || strcmp(e.fstype, "resctrl") || strcmp(e.root, "/"))
                        continue;
                *out = strdup(e.mount_point);
                return *out ? 0 : -ENOMEM;
        }
        return -ENOENT;
}

int resctrl_find(char **root, struct error *err)
{
        _cleanup_free_ char *mountinfo = NULL, *path = NULL;
        struct statfs st;
        int r = read_file_at(AT_FDCWD, "/proc/self/mountinfo", &mountinfo, NULL, err);

        if (r < 0)
                return r;
        r = resctrl_mountinfo_find(mountinfo, &path);
        if (r == -ENOENT)
                return error_set(
                    err, ENOENT,
                    "the resctrl filesystem is not mounted (no Intel RDT or AMD QoS on this host, "
                    "or resctrl is not mounted)");
        if (r < 0)
                return error_errno(err, -r, "resctrl");
        if (statfs(path, &st) < 0 || st.f_type != RDTGROUP_SUPER_MAGIC)
                return error_set(err, ENOENT,
                                 "the resctrl filesystem mounted at \"%s\" is hidden by another mount", path);
        *root = TAKE_PTR(path);
        return 0;
}

int resctrl_open(const char *root, struct error *err)
{
        struct statfs st;
        int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return error_errno(err, errno, "linux.intelRdt: open resctrl \"%s\"", root);
        if (fstatfs(fd, &st) < 0 || st.f_type != RDTGROUP_SUPER_MAGIC) {
                close(fd);
                return error_set(err, ENOENT,
                                 "linux.intelRdt: the resctrl filesystem is no longer mounted at \"%s\"",
                                 root);
        }
        return fd;
}

bool resctrl_can_monitor(int rootfd)
{
        return faccessat(rootfd, "info/L3_MON", F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

/* A number from a file of the tree, 0 when it is missing or not a number. */
uint64_t rdt_read_u64(int dirfd, const char *path)
{
        _cleanup_free_ char *text = NULL;
        uint64_t v;

        if (read_file_at(dirfd, path, &text, NULL, NULL) < 0 || parse_uint64(rdt_trim(text), &v) < 0)
                return 0;
        return v;
}

int rdt_read_schemata(int groupfd, const char *disp, char **out, struct error *err)
{
        int r = read_file_at(groupfd, SCHEMATA, out, NULL, err);

        if (r < 0)
                return error_errno(err, -r, "linux.intelRdt: read \"%s/%s\"", disp, SCHEMATA);
        return 0;
}

/* An existing group joined with schemas: each must agree with what the group has (config-linux.md). */
int resctrl_check_line(int rootfd, const char *root, const struct resctrl_line *line, struct error *err)
{
        char res[64], info[80];
        const char *doms;

        if (!rdt_split_line(line->text, res, sizeof(res), &doms) || strchr(res, '/'))
                return error_set(err, EINVAL,
                                 "%s: \"%s\" is not a schema line (\"<resource>:<id>=<value>;...\")",
                                 line->field, line->text);
        snprintf(info, sizeof(info), "info/%s", res);
        if (faccessat(rootfd, info, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                return error_set(err, ENOTSUP,
                                 "%s: this host's resctrl has no resource \"%s\" (no \"%s/%s\")", line->field,
                                 res, root, info);
        return 0;
}

static int check_match(int rootfd, const char *root, const char *name, const struct resctrl_line *lines,
                       size_t n, struct error *err)
{
        _cleanup_close_ int gfd = -1;
        _cleanup_free_ char *have = NULL;
        char disp[PATH_MAX], why[256];
        uint64_t gran = rdt_read_u64(rootfd, "info/MB/bandwidth_gran");
        int r;

        if (!n)
                return 0;
        rdt_group_display(disp, sizeof(disp), root, name);
        gfd = rdt_open_group(rootfd, root, name, err);
        if (gfd < 0)
                return gfd;
        r = rdt_read_schemata(gfd, disp, &have, err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                if (!resctrl_schema_matches(have, lines[i].text, gran, why, sizeof(why)))
                        return error_set(err, EEXIST,
                                         "%s: \"%s\" does not match the existing group \"%s\": %s",
                                         lines[i].field, lines[i].text, disp, why);
        return 0;
}

/* Whether the group exists; what exists under its name must be a group. */
static int group_exists(int rootfd, const char *root, const char *name, bool *exists, struct error *err)
{
        char disp[PATH_MAX], tasks[PATH_MAX];
        struct stat st;

        *exists = true;
        if (is_default(name))
                return 0;
        rdt_group_display(disp, sizeof(disp), root, name);
        if (fstatat(rootfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                if (errno != ENOENT)
                        return error_errno(err, errno, "linux.intelRdt: group \"%s\"", disp);
                *exists = false;
                return 0;
        }
        snprintf(tasks, sizeof(tasks), "%s/%s", name, TASKS);
        if (!S_ISDIR(st.st_mode) || faccessat(rootfd, tasks, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                return error_set(err, ENOTDIR, "linux.intelRdt: \"%s\" is not a resctrl group", disp);
        return 0;
}

/* The names the kernel keeps at the root: not groups, whatever the config calls them. */
static int check_name(const struct spec_intel_rdt *rdt, const char *name, struct error *err)
{
        static const char *const reserved[] = {"info", "mon_groups", "mon_data"};

        for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
                if (strcmp(name, reserved[i]))
                        continue;
                if (rdt->clos_id)
                        return error_set(
                            err, EINVAL,
                            "linux.intelRdt.closID: \"%s\" is a directory of resctrl, not a group", name);
                return error_set(
                    err, EINVAL,
                    "linux.intelRdt: the container id \"%s\" is a directory of resctrl, not a group "
                    "name (set closID)",
                    name);
        }
        return 0;
}

int resctrl_check(int rootfd, const char *root, const struct spec_intel_rdt *rdt, const char *id,
                  struct error *err)
{
        const char *name = rdt->clos_id ? rdt->clos_id : id;
        _cleanup_free_ struct resctrl_line *lines = NULL;
        char disp[PATH_MAX], mon[2 * PATH_MAX];
        bool exists;
        size_t n;
        int r;

        if (resctrl_spec_lines(rdt, &lines, &n) < 0)
                return error_errno(err, ENOMEM, "linux.intelRdt");
        r = check_name(rdt, name, err);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                r = resctrl_check_line(rootfd, root, &lines[i], err);
                if (r < 0)
                        return r;
        }
        if (wants_mon(rdt) && !resctrl_can_monitor(rootfd))
                return error_set(err, ENOTSUP,
                                 "%s: this host's resctrl does not monitor (no \"%s/info/L3_MON\")",
                                 mon_field(rdt), root);
        r = group_exists(rootfd, root, name, &exists, err);
        if (r < 0)
                return r;
        rdt_group_display(disp, sizeof(disp), root, name);
        if (!exists && rdt->clos_id && !n)
                return error_set(
                    err, ENOENT,
                    "linux.intelRdt.closID: group \"%s\" does not exist (without a schema, closID "
                    "names a group made beforehand)",
                    disp);
        if (!exists)
                return 0;
        r = check_match(rootfd, root, name, lines, n, err);
        if (r < 0)
                return r;
        snprintf(mon, sizeof(mon), "%s/mon_groups/%s", group_rel(name), id);
        if (wants_mon(rdt) && faccessat(rootfd, mon, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
                return error_set(err, EEXIST, "%s: the MON group \"%s/mon_groups/%s\" already exists",
                                 mon_field(rdt), disp, id);
        return 0;
}

/* Reads the group's schemata for a later restore; a group that cannot be read has nothing to restore. */
static char *saved_schemata(int groupfd)
{
        char *text = NULL;

        if (read_file_at(groupfd, SCHEMATA, &text, NULL, NULL) < 0)
                return NULL;
        return text;
}

static int restore_lines(int rootfd, int groupfd, const char *disp, const char *saved,
                         const struct resctrl_line *lines, size_t n, struct error *err)
{
        int ret = 0;

        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *doms = NULL, *line = NULL;
                char res[64];
                const char *d;
                int r;

                if (!rdt_split_line(lines[i].text, res, sizeof(res), &d) ||
                    !(doms = rdt_find_resource(saved, res)))
                        continue;
                if (asprintf(&line, "%s:%s\n", res, rdt_trim(doms)) < 0) {
                        line = NULL;
                        return error_errno(err, ENOMEM, "linux.intelRdt: restore");
                }
                r = kwrite(groupfd, SCHEMATA, line);
                if (r < 0 && ret == 0) {
                        ret = error_errno(err, -r, "linux.intelRdt: restore %s in \"%s/%s\"", res, disp,
                                          SCHEMATA);
                        with_status(rootfd, ret, err);
                }
        }
        return ret;
}

int resctrl_schemata_write(int rootfd, const struct resctrl_group *g, const struct resctrl_line *lines,
                           size_t n, char **saved, struct error *err)
{
        _cleanup_close_ int gfd = rdt_open_group(rootfd, g->root, g->name, err);
        _cleanup_free_ char *old = NULL;
        char disp[PATH_MAX];

        if (gfd < 0)
                return gfd;
        rdt_group_display(disp, sizeof(disp), g->root, g->name);
        old = saved_schemata(gfd);
        if (saved && !old)
                return rdt_read_schemata(gfd, disp, &old, err);
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *text = NULL;
                int r;

                if (asprintf(&text, "%s\n", lines[i].text) < 0) {
                        text = NULL;
                        return error_errno(err, ENOMEM, "%s", lines[i].field);
                }
                r = kwrite(gfd, SCHEMATA, text);
                if (r < 0) {
                        struct error e = ERROR_INIT;

                        error_errno(err, -r, "%s: write \"%s\" to \"%s/%s\"", lines[i].field, lines[i].text,
                                    disp, SCHEMATA);
                        with_status(rootfd, r, err);
                        if (i && old && restore_lines(rootfd, gfd, disp, old, lines, i, &e) < 0)
                                log_warn("%s", e.msg);
                        return r;
                }
        }
        if (saved)
                *saved = TAKE_PTR(old);
        return 0;
}

int resctrl_schemata_restore(int rootfd, const struct resctrl_group *g, const char *saved,
                             const struct resctrl_line *lines, size_t n, struct error *err)
{
        _cleanup_close_ int gfd = rdt_open_group(rootfd, g->root, g->name, err);
        char disp[PATH_MAX];

        if (gfd < 0)
                return gfd;
        rdt_group_display(disp, sizeof(disp), g->root, g->name);
        return restore_lines(rootfd, gfd, disp, saved, lines, n, err);
}

static int remove_dir(int rootfd, int dirfd, const char *name, const char *disp, struct error *err)
{
        if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT) {
                int r = error_errno(err, errno, "linux.intelRdt: remove \"%s\"", disp);
                return with_status(rootfd, r, err);
        }
        return 0;
}

static int remove_made(int rootfd, const struct resctrl_group *g, bool group, struct error *err)
{
        _cleanup_close_ int gfd = -1, mfd = -1;
        char disp[PATH_MAX], mon[2 * PATH_MAX];

        rdt_group_display(disp, sizeof(disp), g->root, g->name);
        if (group)
                return remove_dir(rootfd, rootfd, g->name, disp, err);
        if (!g->mon)
                return 0;
        gfd = openat(rootfd, group_rel(g->name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (gfd >= 0)
                mfd = openat(gfd, "mon_groups", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (mfd < 0) {
                if (errno == ENOENT)
                        return 0;
                return error_errno(err, errno, "linux.intelRdt: open \"%s/mon_groups\"", disp);
        }
        snprintf(mon, sizeof(mon), "%s/mon_groups/%s", disp, g->mon);
        return remove_dir(rootfd, mfd, g->mon, mon, err);
}

int resctrl_destroy(int rootfd, const struct resctrl_group *g, struct error *err)
{
        return remove_made(rootfd, g, g->made && !g->closid, err);
}

int resctrl_undo(int rootfd, const struct resctrl_group *g, struct error *err)
{
        return remove_made(rootfd, g, g->made, err);
}

static int make_mon(int rootfd, int groupfd, const char *disp, const char *field, const char *id,
                    struct error *err)
{
        _cleanup_close_ int mfd = rdt_open_mon_groups(groupfd, disp, err);

        if (mfd < 0)
                return mfd;
        if (mkdirat(mfd, id, 0755) < 0) {
                int r = errno == EEXIST
                            ? error_set(err, EEXIST, "%s: the MON group \"%s/mon_groups/%s\" already exists",
                                        field, disp, id)
                            : error_errno(err, errno, "%s: make the MON group \"%s/mon_groups/%s\"", field,
                                          disp, id);
                return with_status(rootfd, r, err);
        }
        return 0;
}

int resctrl_setup(int rootfd, const char *root, const struct spec_intel_rdt *rdt, const char *id,
                  struct resctrl_group **out, struct error *err)
{
        const char *name = rdt->clos_id ? rdt->clos_id : id;
        _cleanup_free_ struct resctrl_line *lines = NULL;
        struct resctrl_group *g = calloc(1, sizeof(*g));
        _cleanup_close_ int gfd = -1;
        char disp[PATH_MAX];
        bool exists;
        size_t n;
        int r;

        if (!g || !(g->root = strdup(root)) || !(g->name = strdup(name)) ||
            resctrl_spec_lines(rdt, &lines, &n) < 0) {
                r = error_errno(err, ENOMEM, "linux.intelRdt");
                goto fail;
        }
        g->closid = rdt->clos_id != NULL;
        rdt_group_display(disp, sizeof(disp), root, name);
        if (!is_default(name) && mkdirat(rootfd, name, 0755) == 0) {
                g->made = true;
        } else if (!is_default(name) && errno != EEXIST) {
                r = error_errno(err, errno, "linux.intelRdt: make group \"%s\"", disp);
                with_status(rootfd, r, err);
                goto fail;
        } else if ((r = group_exists(rootfd, root, name, &exists, err)) < 0) {
                goto fail;
        }
        if (g->made)
                r = resctrl_schemata_write(rootfd, g, lines, n, NULL, err);
        else
                r = check_match(rootfd, root, name, lines, n, err);
        if (r < 0)
                goto fail;
        if (wants_mon(rdt)) {
                gfd = rdt_open_group(rootfd, root, name, err);
                if (gfd < 0) {
                        r = gfd;
                        goto fail;
                }
                r = make_mon(rootfd, gfd, disp, mon_field(rdt), id, err);
                if (r < 0)
                        goto fail;
                g->mon = strdup(id);
                if (!g->mon) {
                        struct resctrl_group only_mon = {.root = g->root, .name = g->name, .mon = (char *)id};
                        r = error_errno(err, ENOMEM, "linux.intelRdt");
                        resctrl_undo(rootfd, &only_mon, NULL);
                        goto fail;
                }
        }
        *out = g;
        return 0;
fail:
        if (g && g->made) {
                struct error e = ERROR_INIT;
                if (resctrl_undo(rootfd, g, &e) < 0)
                        log_warn("cleanup: %s", e.msg);
        }
        resctrl_group_free(g);
        return r;
}

int resctrl_enter(int rootfd, const struct resctrl_group *g, pid_t pid, struct error *err)
{
        _cleanup_close_ int gfd = rdt_open_group(rootfd, g->root, g->name, err), mfd = -1, monfd = -1;
        char disp[PATH_MAX], pidtext[32];
        int r;

        if (gfd < 0)
                return gfd;
        rdt_group_display(disp, sizeof(disp), g->root, g->name);
        snprintf(pidtext, sizeof(pidtext), "%d", (int)pid);
        r = kwrite(gfd, TASKS, pidtext);
        if (r < 0) {
                error_errno(err, -r, "linux.intelRdt: add pid %d to \"%s/%s\"", (int)pid, disp, TASKS);
                return with_status(rootfd, r, err);
        }
        if (!g->mon)
                return 0;
        mfd = rdt_open_mon_groups(gfd, disp, err);
        if (mfd < 0)
                return mfd;
        monfd = openat(mfd, g->mon, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (monfd < 0)
                return error_errno(err, errno, "linux.intelRdt: open the MON group \"%s/mon_groups/%s\"",
                                   disp, g->mon);
        r = kwrite(monfd, TASKS, pidtext);
        if (r < 0) {
                error_errno(err, -r, "linux.intelRdt: add pid %d to \"%s/mon_groups/%s/%s\"", (int)pid, disp,
                            g->mon, TASKS);
                return with_status(rootfd, r, err);
        }
        return 0;
}

void resctrl_group_free(struct resctrl_group *g)
{
        if (!g)
                return;
        free(g->root);
        free(g->name);
        free(g->mon);
        free(g);
}
