/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's cgroup hierarchies and its mode: pure v2 (cgroup2 at the root), v1 (one mount per
 * controller or co-mounted set), or hybrid (v1 controllers plus the unified hierarchy, usually
 * at <root>/unified). Read from mountinfo, so co-mounts and named hierarchies come from the
 * superblock's options rather than from directory names.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "linux/cgroup/cgroup_internal.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

/* The v1 controllers a container's cgroup is made in (and the systemd named hierarchy). */
static const char *const v1_controllers[] = {
    "cpu",      "cpuacct", "cpuset",     "memory",  "devices", "freezer", "net_cls",
    "net_prio", "blkio",   "perf_event", "hugetlb", "pids",    "rdma",    "misc",
};

static bool known_v1(const char *opt, size_t len)
{
        if (len == strlen("name=systemd") && !strncmp(opt, "name=systemd", len))
                return true;
        for (size_t i = 0; i < ARRAY_SIZE(v1_controllers); i++)
                if (strlen(v1_controllers[i]) == len && !strncmp(opt, v1_controllers[i], len))
                        return true;
        return false;
}

/* "rw,nosuid,cpu,cpuacct" -> "cpu,cpuacct"; false when no controller we use is there. */
static bool v1_name(const char *superopts, char *out, size_t size)
{
        size_t off = 0;

        out[0] = '\0';
        for (const char *p = superopts; *p;) {
                size_t len = strcspn(p, ",");
                if (known_v1(p, len) && off + len + 2 < size)
                        off += snprintf(out + off, size - off, "%s%.*s", off ? "," : "", (int)len, p);
                p += len + (p[len] == ',');
        }
        return off > 0;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
        char *d = s;

        for (; *s; s++) {
                if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' &&
                    s[3] <= '7') {
                        *d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
                        s += 3;
                } else {
                        *d++ = *s;
                }
        }
        *d = '\0';
}

struct mount_line {
        char *dev, *root, *point, *fstype, *superopts;
};

/* Splits one mountinfo line in place; false when it is not well formed. */
static bool split_line(char *line, struct mount_line *m)
{
        char *f[16], *save = NULL;
        int n = 0, sep = -1;

        for (char *tok = strtok_r(line, " ", &save); tok && n < 16; tok = strtok_r(NULL, " ", &save)) {
                if (sep < 0 && n >= 6 && !strcmp(tok, "-"))
                        sep = n;
                f[n++] = tok;
        }
        /* id parent major:minor root point options [optional...] - fstype source superopts */
        if (sep < 0 || n < sep + 4)
                return false;
        m->dev = f[2];
        m->root = f[3];
        m->point = f[4];
        m->fstype = f[sep + 1];
        m->superopts = f[sep + 3];
        unescape(m->point);
        return true;
}

static bool below(const char *point, const char *root)
{
        size_t len = strlen(root);

        while (len > 1 && root[len - 1] == '/')
                len--;
        return !strncmp(point, root, len) && point[len] == '/' && point[len + 1];
}

static bool same_point(const char *point, const char *root)
{
        size_t len = strlen(root);

        while (len > 1 && root[len - 1] == '/')
                len--;
        return !strncmp(point, root, len) && !point[len];
}

int cgroup_discover_mountinfo(const char *mountinfo, const char *root, struct cgroup *cg, struct error *err)
{
        _cleanup_free_ char *text = strdup(mountinfo);
        char devs[CGROUP_MAX_HIERARCHIES][32];
        struct cgroup_hierarchy unified_root = {.v2 = true};
        bool root_is_v2 = false, any_v2 = false;
        char *line, *save = NULL;

        if (!text)
                return error_errno(err, ENOMEM, "mountinfo");
        cg->n = 0;
        for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                struct cgroup_hierarchy h = {.v2 = false};
                struct mount_line m;
                int i;

                if (!split_line(line, &m))
                        continue;
                if (same_point(m.point, root)) { /* the last mount at the root is the one seen */
                        root_is_v2 = !strcmp(m.fstype, "cgroup2");
                        snprintf(unified_root.mount, sizeof(unified_root.mount), "%s", m.point);
                        continue;
                }
                if (!below(m.point, root) || strlen(m.point) >= sizeof(h.mount))
                        continue;
                if (!strcmp(m.fstype, "cgroup2")) {
                        h.v2 = true;
                } else if (strcmp(m.fstype, "cgroup") || !v1_name(m.superopts, h.name, sizeof(h.name))) {
                        continue;
                }
                if (strcmp(m.root, "/"))
                        log_debug("cgroup: \"%s\" shows the hierarchy from \"%s\"", m.point, m.root);
                snprintf(h.mount, sizeof(h.mount), "%s", m.point);
                /* A later mount on the same point hides the earlier one; a second mount of the same
                 * hierarchy elsewhere adds nothing. */
                for (i = 0; i < cg->n; i++)
                        if (!strcmp(cg->h[i].mount, h.mount) || !strcmp(devs[i], m.dev))
                                break;
                if (i < cg->n && strcmp(cg->h[i].mount, h.mount))
                        continue;
                if (i == cg->n) {
                        if (cg->n == CGROUP_MAX_HIERARCHIES) {
                                log_debug("cgroup: more than %d hierarchies, \"%s\" left out",
                                          CGROUP_MAX_HIERARCHIES, h.mount);
                                continue;
                        }
                        cg->n++;
                }
                cg->h[i] = h;
                snprintf(devs[i], sizeof(devs[i]), "%s", m.dev);
        }
        if (root_is_v2) {
                cg->mode = CGROUP_MODE_V2;
                cg->h[0] = unified_root;
                cg->n = 1;
                return 0;
        }
        for (int i = 0; i < cg->n; i++)
                any_v2 |= cg->h[i].v2;
        if (cg->n == 0)
                return error_set(err, ENOENT, "no cgroup hierarchy is mounted under \"%s\"", root);
        cg->mode = any_v2 ? CGROUP_MODE_HYBRID : CGROUP_MODE_V1;
        return 0;
}

/*
 * What the last discovery in this process found: a command that loads a container more than once
 * (run: create, then delete) reads the mount table once. Keyed by the pid, so that a child in a mount
 * namespace of its own discovers again.
 */
static struct {
        pid_t pid;
        char root[256];
        enum cgroup_mode mode;
        int n;
        struct cgroup_hierarchy h[CGROUP_MAX_HIERARCHIES];
} found;

static int discover(const char *root, struct cgroup *cg, struct error *err)
{
        _cleanup_free_ char *mountinfo = NULL;
        struct statfs st;
        int r;

        if (statfs(root, &st) < 0)
                return error_errno(err, errno, "cgroup root \"%s\"", root);
        if (st.f_type == CGROUP2_SUPER_MAGIC) { /* pure v2: nothing more to learn */
                cg->mode = CGROUP_MODE_V2;
                memset(&cg->h[0], 0, sizeof(cg->h[0]));
                snprintf(cg->h[0].mount, sizeof(cg->h[0].mount), "%s", root);
                cg->h[0].v2 = true;
                cg->n = 1;
                return 0;
        }
        r = read_file_at(AT_FDCWD, "/proc/self/mountinfo", &mountinfo, NULL, err);
        if (r < 0)
                return r;
        return cgroup_discover_mountinfo(mountinfo, root, cg, err);
}

int cgroup_discover(const char *root, struct cgroup *cg, struct error *err)
{
        pid_t self = getpid();
        int r;

        if (found.pid == self && !strcmp(found.root, root)) {
                cg->mode = found.mode;
                cg->n = found.n;
                memcpy(cg->h, found.h, sizeof(cg->h));
                return 0;
        }
        r = discover(root, cg, err);
        if (r < 0 || strlen(root) >= sizeof(found.root))
                return r;
        found.pid = self;
        snprintf(found.root, sizeof(found.root), "%s", root);
        found.mode = cg->mode;
        found.n = cg->n;
        memcpy(found.h, cg->h, sizeof(found.h));
        return 0;
}

const struct cgroup_hierarchy *cgroup_find(const struct cgroup *cg, const char *controller)
{
        size_t want = strlen(controller);

        for (int i = 0; i < cg->n; i++) {
                const struct cgroup_hierarchy *h = &cg->h[i];

                if (h->v2 || !want) {
                        if (h->v2 && !want)
                                return h;
                        continue;
                }
                /* Exact names in a co-mount list ("cpu,cpuacct"): "cpu" must not match "cpuset". */
                for (const char *p = h->name; *p;) {
                        size_t len = strcspn(p, ",");
                        if (len == want && !strncmp(p, controller, len))
                                return h;
                        p += len + (p[len] == ',');
                }
        }
        return NULL;
}

const struct cgroup_hierarchy *cgroup_controller(const struct cgroup *cg, const char *controller, bool *v2)
{
        const struct cgroup_hierarchy *h = cg->mode == CGROUP_MODE_V2 ? NULL : cgroup_find(cg, controller);

        if (h) {
                *v2 = false;
                return h;
        }
        h = cgroup_find(cg, "");
        *v2 = h != NULL;
        return h;
}
