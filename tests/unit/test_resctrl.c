/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/linux/resctrl/resctrl.c against a resctrl tree in a temporary directory. No host here has RDT, so the
 * test plays the kernel's part: mkdirat, unlinkat and write are wrapped at link time, and on paths
 * in the tree they do what resctrl does (a new group comes with its files and the default
 * schemata; rmdir takes a group with everything in it; `schemata` parses lines, merges them and
 * prints them back the kernel's way, refusing what the kernel refuses; `tasks` moves a task;
 * CLOSIDs and RMIDs run out; info/last_cmd_status says why). Everywhere else they are the real
 * calls. The code under test only ever sees a directory fd.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/resctrl/resctrl.h"
#include "util/cleanup.h"
#include "util/fs.h"

static char tree[256];
static int rootfd = -1;

/* ---- the fake kernel ---- */

int __real_mkdirat(int dirfd, const char *path, mode_t mode);
int __real_unlinkat(int dirfd, const char *path, int flags);
ssize_t __real_write(int fd, const void *buf, size_t n);
int __wrap_mkdirat(int dirfd, const char *path, mode_t mode);
int __wrap_unlinkat(int dirfd, const char *path, int flags);
ssize_t __wrap_write(int fd, const void *buf, size_t n);

static void put(const char *path, const char *text)
{
        FILE *f = fopen(path, "we");

        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static void putf(const char *fmt_path, const char *text, ...)
{
        char path[PATH_MAX * 2];
        va_list ap;

        va_start(ap, text);
        vsnprintf(path, sizeof(path), fmt_path, ap);
        va_end(ap);
        put(path, text);
}

static char *slurp(const char *path)
{
        char *text = NULL;

        if (read_file_at(AT_FDCWD, path, &text, NULL, NULL) < 0)
                return NULL;
        return text;
}

static void status(const char *fmt, ...)
{
        char path[PATH_MAX + 32], msg[256];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        strcat(msg, "\n");
        snprintf(path, sizeof(path), "%s/info/last_cmd_status", tree);
        put(path, msg);
}

/* The tree-relative path of dirfd/name, or NULL when it is not in the tree. */
static const char *tree_path(int dirfd, const char *name, char *buf, size_t size)
{
        char fdpath[64], dir[PATH_MAX];
        size_t tl = strlen(tree);
        ssize_t n;

        if (dirfd == AT_FDCWD) {
                if (!getcwd(dir, sizeof(dir)))
                        return NULL;
        } else {
                snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", dirfd);
                n = readlink(fdpath, dir, sizeof(dir) - 1);
                if (n < 0)
                        return NULL;
                dir[n] = '\0';
        }
        if (name && *name == '/')
                snprintf(buf, size, "%s", name);
        else if (name && *name && strcmp(name, "."))
                snprintf(buf, size, "%s/%s", dir, name);
        else
                snprintf(buf, size, "%s", dir);
        if (strncmp(buf, tree, tl) || (buf[tl] && buf[tl] != '/'))
                return NULL;
        return buf[tl] ? buf + tl + 1 : "";
}

static bool is_dir(const char *path)
{
        struct stat st;

        return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool reserved(const char *name)
{
        return !strcmp(name, "info") || !strcmp(name, "mon_groups") || !strcmp(name, "mon_data") ||
               name[0] == '.';
}

static void rm_tree(const char *path)
{
        DIR *d = opendir(path);
        struct dirent *de;

        if (!d) {
                unlink(path);
                return;
        }
        while ((de = readdir(d))) {
                char sub[PATH_MAX * 2];

                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                        continue;
                snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
                if (de->d_type == DT_DIR)
                        rm_tree(sub);
                else
                        unlink(sub);
        }
        closedir(d);
        rmdir(path);
}

/* Calls fn on every group directory: the root, each CTRL_MON group, each MON group. */
static void for_each_group(void (*fn)(const char *dir, void *data), void *data)
{
        char path[PATH_MAX * 2];
        DIR *d = opendir(tree);
        struct dirent *de;

        fn(tree, data);
        while ((de = readdir(d))) {
                char mg[PATH_MAX * 2];
                DIR *m;
                struct dirent *me;

                if (reserved(de->d_name) && strcmp(de->d_name, "mon_groups"))
                        continue;
                if (strcmp(de->d_name, "mon_groups")) {
                        snprintf(path, sizeof(path), "%s/%s", tree, de->d_name);
                        if (!is_dir(path))
                                continue;
                        fn(path, data);
                        if (snprintf(mg, sizeof(mg), "%s/mon_groups", path) >= (int)sizeof(mg))
                                continue;
                } else {
                        snprintf(mg, sizeof(mg), "%s/mon_groups", tree);
                }
                m = opendir(mg);
                while (m && (me = readdir(m))) {
                        if (me->d_name[0] == '.')
                                continue;
                        if (snprintf(path, sizeof(path), "%s/%s", mg, me->d_name) < (int)sizeof(path))
                                fn(path, data);
                }
                if (m)
                        closedir(m);
        }
        closedir(d);
}

static void count_dir(const char *dir, void *data)
{
        (void)dir;
        (*(int *)data)++;
}

static void count_ctrl(const char *dir, void *data)
{
        char parent[PATH_MAX];

        snprintf(parent, sizeof(parent), "%s", dir);
        if (!strstr(parent + strlen(tree), "/mon_groups/"))
                (*(int *)data)++;
}

static long info_num(const char *rel)
{
        char path[PATH_MAX * 2];
        _cleanup_free_ char *text = NULL;

        snprintf(path, sizeof(path), "%s/info/%s", tree, rel);
        text = slurp(path);
        return text ? strtol(text, NULL, 0) : -1;
}

static bool monitoring(void)
{
        char path[PATH_MAX * 2];

        snprintf(path, sizeof(path), "%s/info/L3_MON", tree);
        return is_dir(path);
}

static void make_mon_data(const char *dir)
{
        char path[PATH_MAX * 2];

        for (int dom = 0; dom < 2; dom++) {
                snprintf(path, sizeof(path), "%s/mon_data/mon_L3_%02d", dir, dom);
                assert_int_equal(mkdir_p(path, 0755, NULL), 0);
                putf("%s/mon_data/mon_L3_%02d/llc_occupancy", "0\n", dir, dom);
                putf("%s/mon_data/mon_L3_%02d/mbm_total_bytes", "0\n", dir, dom);
                putf("%s/mon_data/mon_L3_%02d/mbm_local_bytes", "0\n", dir, dom);
        }
}

int __wrap_mkdirat(int dirfd, const char *path, mode_t mode)
{
        char buf[PATH_MAX * 2], full[PATH_MAX * 3];
        const char *rel = tree_path(dirfd, path, buf, sizeof(buf));
        const char *slash;
        bool mon;
        int groups = 0, rmids = 0;

        if (!rel)
                return __real_mkdirat(dirfd, path, mode);
        snprintf(full, sizeof(full), "%s/%s", tree, rel);
        slash = strrchr(rel, '/');
        /* Groups are made at the root, MON groups in a mon_groups directory; nothing else. */
        mon = slash && slash - rel >= 10 && !strncmp(slash - 10, "mon_groups", 10);
        if ((!mon && slash) || (!mon && reserved(rel))) {
                errno = slash ? EPERM : EEXIST;
                return -1;
        }
        if (access(full, F_OK) == 0) {
                errno = EEXIST;
                return -1;
        }
        for_each_group(count_ctrl, &groups);
        for_each_group(count_dir, &rmids);
        if (!mon && groups >= info_num("L3/num_closids")) {
                status("Out of CLOSIDs");
                errno = ENOSPC;
                return -1;
        }
        if (monitoring() && rmids >= info_num("L3_MON/num_rmids")) {
                status("Out of RMIDs");
                errno = ENOSPC;
                return -1;
        }
        if (__real_mkdirat(AT_FDCWD, full, mode) < 0)
                return -1;
        putf("%s/tasks", "", full);
        putf("%s/cpus", "0\n", full);
        if (!mon) {
                char root_schemata[PATH_MAX + 16];
                _cleanup_free_ char *text = NULL;

                snprintf(root_schemata, sizeof(root_schemata), "%s/schemata", tree);
                text = slurp(root_schemata);
                putf("%s/schemata", text ? text : "", full);
                putf("%s/mode", "shareable\n", full);
                if (monitoring()) {
                        char mg[PATH_MAX * 3 + 16];
                        snprintf(mg, sizeof(mg), "%s/mon_groups", full);
                        __real_mkdirat(AT_FDCWD, mg, 0755);
                }
        }
        if (monitoring())
                make_mon_data(full);
        status("ok");
        return 0;
}

int __wrap_unlinkat(int dirfd, const char *path, int flags)
{
        char buf[PATH_MAX * 2], full[PATH_MAX * 3], tasks[PATH_MAX * 3 + 8];
        const char *rel = tree_path(dirfd, path, buf, sizeof(buf));

        if (!rel || !(flags & AT_REMOVEDIR))
                return __real_unlinkat(dirfd, path, flags);
        snprintf(full, sizeof(full), "%s/%s", tree, rel);
        snprintf(tasks, sizeof(tasks), "%s/tasks", full);
        if (!*rel || access(tasks, F_OK) < 0)
                return __real_unlinkat(dirfd, path, flags); /* not a group: as any directory */
        /* A group goes with its files and MON groups (its tasks go back to the parent). */
        rm_tree(full);
        return 0;
}

struct row {
        char name[16];
        int n;
        unsigned long id[8];
        char val[8][32];
};

static int parse_schemata(const char *text, struct row *rows, int max)
{
        _cleanup_free_ char *copy = strdup(text);
        char *save = NULL;
        int n = 0;

        for (char *line = strtok_r(copy, "\n", &save); line && n < max; line = strtok_r(NULL, "\n", &save)) {
                char *colon = strchr(line, ':'), *s2 = NULL;
                struct row *r = &rows[n++];

                *colon = '\0';
                while (*line == ' ')
                        line++;
                snprintf(r->name, sizeof(r->name), "%s", line);
                r->n = 0;
                for (char *tok = strtok_r(colon + 1, ";", &s2); tok; tok = strtok_r(NULL, ";", &s2)) {
                        char *eq = strchr(tok, '=');
                        *eq = '\0';
                        r->id[r->n] = strtoul(tok, NULL, 10);
                        snprintf(r->val[r->n++], 32, "%s", eq + 1);
                }
        }
        return n;
}

static char *trim_ws(char *s)
{
        char *e;

        while (*s == ' ' || *s == '\t')
                s++;
        e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
                *--e = '\0';
        return s;
}

/* The kernel's schemata write: every line parsed before anything changes; printed back padded. */
static ssize_t fake_schemata(const char *path, const char *buf, size_t n)
{
        _cleanup_free_ char *text = slurp(path), *in = strndup(buf, n);
        struct row rows[8];
        int nrows, width = 0;
        char *save = NULL, out[4096] = "";

        if (!n || buf[n - 1] != '\n') {
                errno = EINVAL;
                return -1;
        }
        nrows = parse_schemata(text, rows, 8);
        in[n - 1] = '\0';
        for (char *line = strtok_r(in, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *colon = strchr(line, ':'), *name, *s2 = NULL, info[PATH_MAX + 64];
                struct row *r = NULL;

                if (!colon) {
                        status("Missing ':'");
                        errno = EINVAL;
                        return -1;
                }
                *colon = '\0';
                name = trim_ws(line);
                snprintf(info, sizeof(info), "%s/info/%s", tree, name);
                for (int i = 0; i < nrows; i++)
                        if (!strcmp(rows[i].name, name))
                                r = &rows[i];
                if (!r || !is_dir(info)) {
                        status("Unknown or unsupported resource name '%s'", name);
                        errno = EINVAL;
                        return -1;
                }
                for (char *tok = strtok_r(colon + 1, ";", &s2); tok; tok = strtok_r(NULL, ";", &s2)) {
                        char *eq = strchr(tok, '='), *end;
                        unsigned long id, v;
                        int d = -1;

                        if (!eq) {
                                status("Missing '=' or non-numeric domain");
                                errno = EINVAL;
                                return -1;
                        }
                        *eq = '\0';
                        id = strtoul(trim_ws(tok), &end, 10);
                        for (int i = 0; i < r->n; i++)
                                if (r->id[i] == id)
                                        d = i;
                        if (*end || d < 0) {
                                status("Missing '=' or non-numeric domain");
                                errno = EINVAL;
                                return -1;
                        }
                        if (!strcmp(name, "MB") || !strcmp(name, "SMBA")) {
                                char key[64];
                                long min, gran;

                                snprintf(key, sizeof(key), "%s/min_bandwidth", name);
                                min = info_num(key);
                                snprintf(key, sizeof(key), "%s/bandwidth_gran", name);
                                gran = info_num(key);
                                v = strtoul(trim_ws(eq + 1), &end, 10);
                                if (*end || (long)v < min || v > 100) {
                                        status("MB value %s out of range [%ld,100]", trim_ws(eq + 1), min);
                                        errno = EINVAL;
                                        return -1;
                                }
                                v = (v + gran - 1) / gran * gran;
                                snprintf(r->val[d], 32, "%lu", v);
                        } else {
                                char mask_path[PATH_MAX + 64];
                                _cleanup_free_ char *mask_text = NULL;
                                unsigned long mask;

                                snprintf(mask_path, sizeof(mask_path), "%s/info/%s/cbm_mask", tree, name);
                                mask_text = slurp(mask_path);
                                mask = strtoul(mask_text, NULL, 16);
                                v = strtoul(trim_ws(eq + 1), &end, 16);
                                /* contiguous and inside the mask */
                                if (*end || !v || (v & ~mask) || ((v + (v & -v)) & v)) {
                                        status("Invalid bitmask");
                                        errno = EINVAL;
                                        return -1;
                                }
                                snprintf(r->val[d], 32, "%0*lx", (int)strlen(trim_ws(mask_text)) - 1, v);
                        }
                }
        }
        for (int i = 0; i < nrows; i++)
                if ((int)strlen(rows[i].name) > width)
                        width = (int)strlen(rows[i].name);
        for (int i = 0; i < nrows; i++) {
                size_t len = strlen(out);
                len += (size_t)snprintf(out + len, sizeof(out) - len, "%*s:", width, rows[i].name);
                for (int d = 0; d < rows[i].n; d++)
                        len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%lu=%s", d ? ";" : "",
                                                rows[i].id[d], rows[i].val[d]);
                snprintf(out + len, sizeof(out) - len, "\n");
        }
        put(path, out);
        status("ok");
        return (ssize_t)n;
}

static bool has_task(const char *dir, long pid)
{
        char path[PATH_MAX * 2 + 8];
        _cleanup_free_ char *text = NULL;
        char *save = NULL;

        snprintf(path, sizeof(path), "%s/tasks", dir);
        text = slurp(path);
        for (char *l = text ? strtok_r(text, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save))
                if (strtol(l, NULL, 10) == pid)
                        return true;
        return false;
}

static void drop_task(const char *dir, void *data)
{
        long pid = *(long *)data;
        char path[PATH_MAX * 2 + 8], out[4096] = "";
        _cleanup_free_ char *text = NULL;
        char *save = NULL;

        snprintf(path, sizeof(path), "%s/tasks", dir);
        text = slurp(path);
        if (!text)
                return;
        for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
                if (strtol(l, NULL, 10) != pid)
                        snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s\n", l);
        put(path, out);
}

/* The kernel's tasks write: one pid, moved out of its group (a MON group's only within its parent). */
static ssize_t fake_tasks(const char *path, const char *buf, size_t n)
{
        _cleanup_free_ char *in = strndup(buf, n);
        char dir[PATH_MAX * 2], *slash, *end, line[32];
        long pid = strtol(in, &end, 10);
        FILE *f;

        if (end == in || (*end && strcmp(end, "\n"))) {
                errno = EINVAL;
                return -1;
        }
        if (kill((pid_t)pid, 0) < 0) {
                status("No task %ld", pid);
                errno = ESRCH;
                return -1;
        }
        snprintf(dir, sizeof(dir), "%s", path);
        *strrchr(dir, '/') = '\0';
        slash = strstr(dir + strlen(tree), "/mon_groups/");
        if (slash) {
                char ctrl[PATH_MAX * 2];
                snprintf(ctrl, sizeof(ctrl), "%.*s", (int)(slash - dir), dir);
                if (!has_task(ctrl, pid)) {
                        status("Can't move task to different control group");
                        errno = EINVAL;
                        return -1;
                }
                for_each_group(drop_task, &pid);
                /* still in the parent's tasks, which lists every task of the CLOSID */
                snprintf(line, sizeof(line), "%ld\n", pid);
                f = fopen(strcat(ctrl, "/tasks"), "ae");
                fputs(line, f);
                fclose(f);
        } else {
                for_each_group(drop_task, &pid);
        }
        snprintf(line, sizeof(line), "%ld\n", pid);
        f = fopen(path, "ae");
        fputs(line, f);
        fclose(f);
        status("ok");
        return (ssize_t)n;
}

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
        char path[PATH_MAX * 2];
        const char *rel = tree_path(fd, NULL, path, sizeof(path)), *base;

        if (!rel)
                return __real_write(fd, buf, n);
        base = strrchr(path, '/') + 1;
        if (!strcmp(base, "schemata"))
                return fake_schemata(path, buf, n);
        if (!strcmp(base, "tasks"))
                return fake_tasks(path, buf, n);
        return __real_write(fd, buf, n);
}

/* ---- the tree ---- */

static const char *at(const char *rel)
{
        static char buf[4][PATH_MAX * 2];
        static int next;
        char *out = buf[next++ % 4];

        snprintf(out, PATH_MAX * 2, "%s%s%s", tree, *rel ? "/" : "", rel);
        return out;
}

static const char *get(const char *rel)
{
        static char buf[4][1024];
        static int next;
        char *out = buf[next++ % 4];
        _cleanup_free_ char *text = slurp(at(rel));

        snprintf(out, 1024, "%s", text ? text : "");
        return out;
}

static bool exists(const char *rel)
{
        return access(at(rel), F_OK) == 0;
}

static int setup(void **state)
{
        const char *tmp = getenv("TMPDIR");
        char t[200], real[PATH_MAX];

        snprintf(t, sizeof(t), "%s/brownie-resctrl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(t) || !realpath(t, real) || strlen(real) >= sizeof(tree))
                return -1;
        strcpy(tree, real);
        mkdir_p(at("info/L3"), 0755, NULL);
        mkdir_p(at("info/MB"), 0755, NULL);
        mkdir_p(at("info/SMBA"), 0755, NULL);
        mkdir_p(at("info/L3_MON"), 0755, NULL);
        mkdir_p(at("mon_groups"), 0755, NULL);
        put(at("info/last_cmd_status"), "ok\n");
        put(at("info/L3/cbm_mask"), "fff\n");
        put(at("info/L3/min_cbm_bits"), "1\n");
        put(at("info/L3/num_closids"), "4\n");
        put(at("info/MB/bandwidth_gran"), "10\n");
        put(at("info/MB/delay_linear"), "1\n");
        put(at("info/MB/min_bandwidth"), "10\n");
        put(at("info/MB/num_closids"), "4\n");
        put(at("info/SMBA/bandwidth_gran"), "1\n");
        put(at("info/SMBA/min_bandwidth"), "1\n");
        put(at("info/SMBA/num_closids"), "4\n");
        put(at("info/L3_MON/mon_features"), "llc_occupancy\nmbm_total_bytes\nmbm_local_bytes\n");
        put(at("info/L3_MON/num_rmids"), "8\n");
        put(at("schemata"), "  L3:0=fff;1=fff\n  MB:0=100;1=100\nSMBA:0=100;1=100\n");
        put(at("tasks"), "1\n");
        make_mon_data(tree);
        rootfd = open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return rootfd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        close(rootfd);
        rootfd = -1;
        rm_tree(tree);
        return 0;
}

/* The group directories at the root, for "nothing was made". */
static int n_groups(void)
{
        int n = 0;

        for_each_group(count_ctrl, &n);
        return n - 1;
}

static int n_mon_groups(void)
{
        int all = 0;

        for_each_group(count_dir, &all);
        return all - 1 - n_groups();
}

/* ---- tests ---- */

static void test_mountinfo(void **state)
{
        char *root = NULL;

        assert_int_equal(resctrl_mountinfo_find("22 1 0:20 / /proc rw - proc proc rw\n", &root), -ENOENT);
        /* a bind of a group is not the root; the mount point's escapes are decoded */
        assert_int_equal(
            resctrl_mountinfo_find("22 1 0:20 / /proc rw - proc proc rw\n"
                                   "40 30 0:40 /grp /mnt/g rw - resctrl resctrl rw\n"
                                   "41 30 0:40 / /sys/fs/res\\040ctrl rw,relatime - resctrl resctrl rw\n"
                                   "42 30 0:40 / /other rw - resctrl resctrl rw\n",
                                   &root),
            0);
        assert_string_equal(root, "/sys/fs/res ctrl");
        free(root);
}

static void test_matches(void **state)
{
        const char *have = "    L3:0=0f0;1=fff\n    MB:0=30;1=100\n  SMBA:0=100;1=100\n";
        char why[256];

        assert_true(resctrl_schema_matches(have, "L3:0=f0", 10, why, sizeof(why)));
        assert_true(resctrl_schema_matches(have, " L3 : 1=FFF ; 0=0f0 ", 10, why, sizeof(why)));
        /* the kernel rounds 25 up to the next step of 10 */
        assert_true(resctrl_schema_matches(have, "MB:0=25;1=100", 10, why, sizeof(why)));
        assert_true(resctrl_schema_matches(have, "MB:0=30", 0, why, sizeof(why)));
        assert_false(resctrl_schema_matches(have, "MB:0=25", 0, why, sizeof(why)));
        assert_false(resctrl_schema_matches(have, "MB:0=20", 10, why, sizeof(why)));
        assert_string_equal(why, "the group has MB domain 0 = 30, not 20");
        assert_false(resctrl_schema_matches(have, "L3:0=ff", 10, why, sizeof(why)));
        assert_string_equal(why, "the group has L3 domain 0 = 0f0, not ff");
        assert_false(resctrl_schema_matches(have, "L3:2=f", 10, why, sizeof(why)));
        assert_string_equal(why, "the group's L3 line has no domain 2");
        assert_false(resctrl_schema_matches(have, "L2:0=f", 10, why, sizeof(why)));
        assert_string_equal(why, "the group has no L2 line");
        assert_false(resctrl_schema_matches(have, "L3 0=f", 10, why, sizeof(why)));
        assert_false(resctrl_schema_matches(have, "L3:x=f", 10, why, sizeof(why)));
}

static void test_spec_lines(void **state)
{
        char *sch[] = {"L3:0=f", "", "MB:1=50", NULL};
        struct spec_intel_rdt rdt = {
            .l3_cache_schema = "L3:0=ff", .mem_bw_schema = "", .schemata = sch, .n_schemata = 3};
        struct resctrl_line *lines;
        size_t n;

        assert_int_equal(resctrl_spec_lines(&rdt, &lines, &n), 0);
        assert_int_equal(n, 3);
        assert_string_equal(lines[0].field, "linux.intelRdt.l3CacheSchema");
        assert_string_equal(lines[1].field, "linux.intelRdt.schemata[0]");
        assert_string_equal(lines[2].field, "linux.intelRdt.schemata[2]");
        assert_string_equal(lines[2].text, "MB:1=50");
        free(lines);
        rdt = (struct spec_intel_rdt){.clos_id = "x"};
        assert_int_equal(resctrl_spec_lines(&rdt, &lines, &n), 0);
        assert_int_equal(n, 0);
        assert_null(lines);
}

/* msg with each '@' replaced by the tree's path. */
static const char *in_tree(const char *msg)
{
        static char buf[2048];
        size_t n = 0;

        for (const char *p = msg; *p && n < sizeof(buf) - 1; p++)
                if (*p == '@')
                        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", tree);
                else
                        buf[n++] = *p;
        buf[n] = '\0';
        return buf;
}

static void check_is(const struct spec_intel_rdt *rdt, const char *id, int code, const char *msg)
{
        struct error err = ERROR_INIT;
        int groups = n_groups(), mons = n_mon_groups();

        assert_int_equal(resctrl_check(rootfd, tree, rdt, id, &err), code);
        if (msg)
                assert_string_equal(err.msg, in_tree(msg));
        /* checks never touch the tree */
        assert_int_equal(n_groups(), groups);
        assert_int_equal(n_mon_groups(), mons);
}

static void test_check(void **state)
{
        char *l2[] = {"L2:0=f", NULL};

        check_is(&(struct spec_intel_rdt){.l3_cache_schema = "L3:0=f0"}, "c1", 0, NULL);
        check_is(&(struct spec_intel_rdt){.schemata = l2, .n_schemata = 1}, "c1", -ENOTSUP,
                 "linux.intelRdt.schemata[0]: this host's resctrl has no resource \"L2\" (no \"@/info/L2\")");
        check_is(&(struct spec_intel_rdt){.mem_bw_schema = "MB"}, "c1", -EINVAL,
                 "linux.intelRdt.memBwSchema: \"MB\" is not a schema line (\"<resource>:<id>=<value>;...\")");
        check_is(&(struct spec_intel_rdt){.clos_id = "pre"}, "c1", -ENOENT,
                 "linux.intelRdt.closID: group \"@/pre\" does not exist (without a schema, closID names a "
                 "group made beforehand)");
        check_is(&(struct spec_intel_rdt){.clos_id = "info"}, "c1", -EINVAL,
                 "linux.intelRdt.closID: \"info\" is a directory of resctrl, not a group");
        check_is(
            &(struct spec_intel_rdt){0}, "mon_groups", -EINVAL,
            "linux.intelRdt: the container id \"mon_groups\" is a directory of resctrl, not a group name "
            "(set closID)");
        /* the default group is always there: a schema for it must match the root's */
        check_is(&(struct spec_intel_rdt){.clos_id = "/", .mem_bw_schema = "MB:1=100"}, "c1", 0, NULL);
        check_is(&(struct spec_intel_rdt){.clos_id = "/", .mem_bw_schema = "MB:1=50"}, "c1", -EEXIST,
                 "linux.intelRdt.memBwSchema: \"MB:1=50\" does not match the existing group \"@\": the group "
                 "has MB domain 1 = 100, not 50");
        /* an existing closID group: joined; with a schema, it must be what the group has */
        assert_int_equal(__wrap_mkdirat(rootfd, "pre", 0755), 0);
        {
                _cleanup_close_ int fd = open(at("pre/schemata"), O_WRONLY | O_CLOEXEC);
                assert_int_equal(__wrap_write(fd, "L3:0=f\n", 7), 7);
        }
        assert_string_equal(get("pre/schemata"), "  L3:0=00f;1=fff\n  MB:0=100;1=100\nSMBA:0=100;1=100\n");
        check_is(&(struct spec_intel_rdt){.clos_id = "pre"}, "c1", 0, NULL);
        check_is(&(struct spec_intel_rdt){.clos_id = "pre", .l3_cache_schema = "L3:0=f;1=fff"}, "c1", 0,
                 NULL);
        check_is(&(struct spec_intel_rdt){.clos_id = "pre", .l3_cache_schema = "L3:0=ff"}, "c1", -EEXIST,
                 "linux.intelRdt.l3CacheSchema: \"L3:0=ff\" does not match the existing group \"@/pre\": the "
                 "group has L3 domain 0 = 00f, not ff");
        /* the container's MON group must be its own */
        assert_int_equal(__wrap_mkdirat(rootfd, "pre/mon_groups/c1", 0755), 0);
        check_is(&(struct spec_intel_rdt){.clos_id = "pre", .enable_monitoring = true}, "c1", -EEXIST,
                 "linux.intelRdt.enableMonitoring: the MON group \"@/pre/mon_groups/c1\" already exists");
        check_is(&(struct spec_intel_rdt){.clos_id = "pre", .enable_monitoring = true}, "c2", 0, NULL);
        /* what is there under a group's name must be a group */
        put(at("stray"), "");
        check_is(&(struct spec_intel_rdt){0}, "stray", -ENOTDIR,
                 "linux.intelRdt: \"@/stray\" is not a resctrl group");
        /* no monitoring on this host */
        rm_tree(at("info/L3_MON"));
        check_is(&(struct spec_intel_rdt){.enable_cmt = true}, "c1", -ENOTSUP,
                 "linux.intelRdt.enableCMT: this host's resctrl does not monitor (no \"@/info/L3_MON\")");
}

static void test_new_group(void **state)
{
        char *sch[] = {"SMBA:1=40", NULL};
        struct spec_intel_rdt rdt = {.l3_cache_schema = "L3:0=f0;1=ff",
                                     .mem_bw_schema = "MB:0=25",
                                     .schemata = sch,
                                     .n_schemata = 1,
                                     .enable_monitoring = true};
        struct resctrl_group *g = NULL;
        struct error err = ERROR_INIT;
        char pid[32];

        assert_int_equal(resctrl_setup(rootfd, tree, &rdt, "c1", &g, &err), 0);
        assert_true(g->made && !g->closid);
        assert_string_equal(g->name, "c1");
        assert_string_equal(g->root, tree);
        assert_string_equal(g->mon, "c1");
        assert_string_equal(get("c1/schemata"), "  L3:0=0f0;1=0ff\n  MB:0=30;1=100\nSMBA:0=100;1=40\n");
        assert_true(exists("c1/mon_groups/c1"));
        /* the root is untouched */
        assert_string_equal(get("schemata"), "  L3:0=fff;1=fff\n  MB:0=100;1=100\nSMBA:0=100;1=100\n");

        snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
        assert_int_equal(resctrl_enter(rootfd, g, getpid(), &err), 0);
        assert_string_equal(get("c1/tasks"), pid);
        assert_string_equal(get("c1/mon_groups/c1/tasks"), pid);
        /* the group as create left it agrees with the config */
        assert_int_equal(resctrl_check(rootfd, tree,
                                       &(struct spec_intel_rdt){.clos_id = "c1",
                                                                .l3_cache_schema = "L3:0=f0;1=ff",
                                                                .mem_bw_schema = "MB:0=25"},
                                       "c2", &err),
                         0);

        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        assert_false(exists("c1"));
        /* removing what is gone already is not an error */
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        resctrl_group_free(g);
}

static void test_join(void **state)
{
        struct resctrl_group *g = NULL;
        struct error err = ERROR_INIT;
        char pid[32];

        assert_int_equal(__wrap_mkdirat(rootfd, "shared", 0755), 0);
        put(at("shared/tasks"), "1\n");
        /* joined, not overwritten */
        assert_int_equal(resctrl_setup(rootfd, tree,
                                       &(struct spec_intel_rdt){.clos_id = "shared", .enable_mbm = true},
                                       "c1", &g, &err),
                         0);
        assert_true(!g->made && g->closid);
        assert_string_equal(g->mon, "c1");
        assert_int_equal(resctrl_enter(rootfd, g, getpid(), &err), 0);
        snprintf(pid, sizeof(pid), "1\n%d\n", (int)getpid());
        assert_string_equal(get("shared/tasks"), pid);
        snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
        assert_string_equal(get("shared/mon_groups/c1/tasks"), pid);
        /* delete takes the MON group only */
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        assert_true(exists("shared/tasks"));
        assert_false(exists("shared/mon_groups/c1"));
        resctrl_group_free(g);

        /* the default group, with a schema that matches it */
        assert_int_equal(resctrl_setup(rootfd, tree,
                                       &(struct spec_intel_rdt){.clos_id = "/",
                                                                .l3_cache_schema = "L3:0=fff",
                                                                .enable_monitoring = true},
                                       "c2", &g, &err),
                         0);
        assert_false(g->made);
        assert_true(exists("mon_groups/c2"));
        assert_int_equal(resctrl_enter(rootfd, g, getpid(), &err), 0);
        assert_string_equal(get("mon_groups/c2/tasks"), pid);
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        assert_false(exists("mon_groups/c2"));
        assert_true(exists("schemata"));
        resctrl_group_free(g);

        /* a closID's group that create made (it had a schema): the administrator's from then on, kept at
         * delete (config-linux.md); only a failed create takes it back */
        assert_int_equal(resctrl_setup(rootfd, tree,
                                       &(struct spec_intel_rdt){.clos_id = "gold",
                                                                .l3_cache_schema = "L3:0=ff0",
                                                                .enable_monitoring = true},
                                       "c4", &g, &err),
                         0);
        assert_true(g->made && g->closid);
        assert_string_equal(get("gold/schemata"), "  L3:0=ff0;1=fff\n  MB:0=100;1=100\nSMBA:0=100;1=100\n");
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        assert_true(exists("gold/schemata"));
        assert_false(exists("gold/mon_groups/c4"));
        assert_int_equal(resctrl_undo(rootfd, g, &err), 0);
        assert_false(exists("gold"));
        resctrl_group_free(g);

        /* an existing group named after the container, without closID: joined too, kept at delete */
        assert_int_equal(__wrap_mkdirat(rootfd, "c3", 0755), 0);
        assert_int_equal(resctrl_setup(rootfd, tree, &(struct spec_intel_rdt){0}, "c3", &g, &err), 0);
        assert_false(g->made);
        assert_null(g->mon);
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        assert_true(exists("c3"));
        resctrl_group_free(g);
}

static void setup_fails(const struct spec_intel_rdt *rdt, const char *id, int code, const char *msg)
{
        struct resctrl_group *g = NULL;
        struct error err = ERROR_INIT;
        int groups = n_groups(), mons = n_mon_groups();

        assert_int_equal(resctrl_setup(rootfd, tree, rdt, id, &g, &err), code);
        assert_null(g);
        assert_string_equal(err.msg, in_tree(msg));
        /* nothing made is left */
        assert_int_equal(n_groups(), groups);
        assert_int_equal(n_mon_groups(), mons);
}

static void test_rollback(void **state)
{
        char *sch[] = {"L3:1=f", "L3:0=5", NULL};

        /* the kernel refuses a value: the field is named, with what the kernel said */
        setup_fails(&(struct spec_intel_rdt){.l3_cache_schema = "L3:0=f", .mem_bw_schema = "MB:0=5"}, "c1",
                    -EINVAL,
                    "linux.intelRdt.memBwSchema: write \"MB:0=5\" to \"@/c1/schemata\": invalid argument "
                    "(last_cmd_status: MB value 5 out of range [10,100])");
        setup_fails(&(struct spec_intel_rdt){.schemata = sch, .n_schemata = 2}, "c1", -EINVAL,
                    "linux.intelRdt.schemata[1]: write \"L3:0=5\" to \"@/c1/schemata\": invalid argument "
                    "(last_cmd_status: Invalid bitmask)");
        /* out of RMIDs for the MON group: the group made for it goes too */
        put(at("info/L3_MON/num_rmids"), "2\n");
        setup_fails(&(struct spec_intel_rdt){.enable_monitoring = true}, "c1", -ENOSPC,
                    "linux.intelRdt.enableMonitoring: make the MON group \"@/c1/mon_groups/c1\": no space "
                    "left on device (last_cmd_status: Out of RMIDs)");
        put(at("info/L3_MON/num_rmids"), "8\n");
        /* out of CLOSIDs */
        assert_int_equal(__wrap_mkdirat(rootfd, "a", 0755), 0);
        assert_int_equal(__wrap_mkdirat(rootfd, "b", 0755), 0);
        assert_int_equal(__wrap_mkdirat(rootfd, "c", 0755), 0);
        setup_fails(&(struct spec_intel_rdt){.l3_cache_schema = "L3:0=f"}, "c1", -ENOSPC,
                    "linux.intelRdt: make group \"@/c1\": no space left on device (last_cmd_status: Out of "
                    "CLOSIDs)");
        /* joining with a schema that does not match leaves the group as it was */
        setup_fails(&(struct spec_intel_rdt){.clos_id = "a", .mem_bw_schema = "MB:0=50"}, "c1", -EEXIST,
                    "linux.intelRdt.memBwSchema: \"MB:0=50\" does not match the existing group \"@/a\": the "
                    "group has MB domain 0 = 100, not 50");
        assert_true(exists("a/tasks"));
}

static void test_enter_fails(void **state)
{
        struct resctrl_group *g = NULL;
        struct error err = ERROR_INIT;
        char want[2048];
        pid_t pid = fork();
        int st;

        /* a pid that was and is no more */
        if (pid == 0)
                _exit(0);
        assert_true(pid > 0);
        assert_int_equal(waitpid(pid, &st, 0), pid);
        assert_int_equal(
            resctrl_setup(rootfd, tree, &(struct spec_intel_rdt){.enable_monitoring = true}, "c1", &g, &err),
            0);
        assert_int_equal(resctrl_enter(rootfd, g, pid, &err), -ESRCH);
        snprintf(
            want, sizeof(want),
            "linux.intelRdt: add pid %d to \"%s/c1/tasks\": no such process (last_cmd_status: No task %d)",
            (int)pid, tree, (int)pid);
        assert_string_equal(err.msg, want);
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        assert_false(exists("c1"));
        resctrl_group_free(g);
}

static void test_update(void **state)
{
        struct resctrl_group *g = NULL;
        struct error err = ERROR_INIT;
        _cleanup_free_ char *saved = NULL;
        struct resctrl_line ok[] = {{"--l3-cache-schema", "L3:0=3"}, {"--mem-bw-schema", "MB:1=70"}};
        struct resctrl_line bad[] = {{"--l3-cache-schema", "L3:1=7"}, {"--mem-bw-schema", "MB:1=700"}};
        char want[2048];

        assert_int_equal(resctrl_setup(rootfd, tree, &(struct spec_intel_rdt){.l3_cache_schema = "L3:0=f"},
                                       "c1", &g, &err),
                         0);
        assert_int_equal(resctrl_schemata_write(rootfd, g, ok, 2, &saved, &err), 0);
        assert_string_equal(saved, "  L3:0=00f;1=fff\n  MB:0=100;1=100\nSMBA:0=100;1=100\n");
        assert_string_equal(get("c1/schemata"), "  L3:0=003;1=fff\n  MB:0=100;1=70\nSMBA:0=100;1=100\n");
        /* a later step failed: what was written goes back */
        assert_int_equal(resctrl_schemata_restore(rootfd, g, saved, ok, 2, &err), 0);
        assert_string_equal(get("c1/schemata"), "  L3:0=00f;1=fff\n  MB:0=100;1=100\nSMBA:0=100;1=100\n");
        /* the second line is refused: the first is put back */
        assert_int_equal(resctrl_schemata_write(rootfd, g, bad, 2, NULL, &err), -EINVAL);
        snprintf(want, sizeof(want),
                 "--mem-bw-schema: write \"MB:1=700\" to \"%s/c1/schemata\": invalid argument "
                 "(last_cmd_status: MB "
                 "value 700 out of range [10,100])",
                 tree);
        assert_string_equal(err.msg, want);
        assert_string_equal(get("c1/schemata"), "  L3:0=00f;1=fff\n  MB:0=100;1=100\nSMBA:0=100;1=100\n");
        assert_int_equal(
            resctrl_check_line(rootfd, tree, &(struct resctrl_line){"--l3-cache-schema", "L2:0=1"}, &err),
            -ENOTSUP);
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        resctrl_group_free(g);
}

static void test_stats(void **state)
{
        struct resctrl_group *g = NULL;
        struct resctrl_stats st;
        struct error err = ERROR_INIT;

        assert_int_equal(
            resctrl_setup(rootfd, tree,
                          &(struct spec_intel_rdt){.l3_cache_schema = "L3:0=f0", .enable_monitoring = true},
                          "c1", &g, &err),
            0);
        put(at("c1/mon_groups/c1/mon_data/mon_L3_01/mbm_total_bytes"), "2048\n");
        put(at("c1/mon_groups/c1/mon_data/mon_L3_01/mbm_local_bytes"), "1024\n");
        put(at("c1/mon_groups/c1/mon_data/mon_L3_00/llc_occupancy"), "65536\n");
        put(at("c1/mon_groups/c1/mon_data/mon_L3_00/mbm_total_bytes"), "Unavailable\n");
        assert_int_equal(resctrl_stats_read(rootfd, g, &st, &err), 0);
        assert_true(st.cat && st.mba && st.mbm && st.cmt);
        assert_string_equal(st.l3_cbm_mask, "fff");
        assert_int_equal(st.l3_min_cbm_bits, 1);
        assert_int_equal(st.l3_num_closids, 4);
        assert_int_equal(st.mb_bandwidth_gran, 10);
        assert_int_equal(st.mb_delay_linear, 1);
        assert_int_equal(st.mb_min_bandwidth, 10);
        assert_int_equal(st.mb_num_closids, 4);
        assert_string_equal(st.l3_schema_root, "L3:0=fff;1=fff");
        assert_string_equal(st.l3_schema, "L3:0=0f0;1=fff");
        assert_string_equal(st.mb_schema_root, "MB:0=100;1=100");
        assert_string_equal(st.mb_schema, "MB:0=100;1=100");
        assert_int_equal(st.n_schemata, 3);
        assert_string_equal(st.schemata[0], "L3:0=0f0;1=fff");
        assert_string_equal(st.schemata[2], "SMBA:0=100;1=100");
        assert_null(st.schemata[3]);
        assert_int_equal(st.n_mon, 2);
        assert_int_equal(st.mon[0].llc_occupancy, 65536);
        assert_int_equal(st.mon[0].mbm_total_bytes, 0);
        assert_int_equal(st.mon[1].mbm_total_bytes, 2048);
        assert_int_equal(st.mon[1].mbm_local_bytes, 1024);
        resctrl_stats_free(&st);

        /* a host that monitors only occupancy, and no MBA */
        put(at("info/L3_MON/mon_features"), "llc_occupancy\n");
        rm_tree(at("info/MB"));
        assert_int_equal(resctrl_stats_read(rootfd, g, &st, &err), 0);
        assert_true(st.cat && !st.mba && !st.mbm && st.cmt);
        assert_null(st.mb_schema);
        assert_int_equal(st.n_mon, 2);
        assert_int_equal(st.mon[1].mbm_total_bytes, 0);
        resctrl_stats_free(&st);
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        resctrl_group_free(g);

        /* without a MON group of its own: the group's counters */
        assert_int_equal(resctrl_setup(rootfd, tree, &(struct spec_intel_rdt){0}, "c2", &g, &err), 0);
        put(at("c2/mon_data/mon_L3_00/llc_occupancy"), "4096\n");
        assert_int_equal(resctrl_stats_read(rootfd, g, &st, &err), 0);
        assert_int_equal(st.mon[0].llc_occupancy, 4096);
        resctrl_stats_free(&st);
        /* a group gone from under the container */
        assert_int_equal(resctrl_destroy(rootfd, g, &err), 0);
        assert_int_equal(resctrl_stats_read(rootfd, g, &st, &err), -ENOENT);
        resctrl_stats_free(&st);
        resctrl_group_free(g);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_mountinfo),
            cmocka_unit_test(test_matches),
            cmocka_unit_test(test_spec_lines),
            cmocka_unit_test_setup_teardown(test_check, setup, teardown),
            cmocka_unit_test_setup_teardown(test_new_group, setup, teardown),
            cmocka_unit_test_setup_teardown(test_join, setup, teardown),
            cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
            cmocka_unit_test_setup_teardown(test_enter_fails, setup, teardown),
            cmocka_unit_test_setup_teardown(test_update, setup, teardown),
            cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
