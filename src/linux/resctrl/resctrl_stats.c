/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What events --stats reports of a container's resctrl group, in runc's intel_rdt shape: the host's
 * L3 and MB info, the root's and the group's schemas, and the MON group's counters per domain.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux/resctrl/resctrl.h"
#include "linux/resctrl/resctrl_internal.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* The line of resource res in a schemata text, trimmed (malloc'd), or NULL. */
static char *resource_line(const char *schemata, const char *res)
{
        _cleanup_free_ char *doms = rdt_find_resource(schemata, res);
        char *line;

        if (!doms || asprintf(&line, "%s:%s", res, rdt_trim(doms)) < 0)
                return NULL;
        return line;
}

static int split_lines(const char *text, char ***out, size_t *n)
{
        _cleanup_free_ char *copy = strdup(text);
        char **v = NULL, *save = NULL;
        size_t count = 0;

        if (!copy)
                return -ENOMEM;
        for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char **nv;

                line = rdt_trim(line);
                if (!*line)
                        continue;
                nv = realloc(v, (count + 2) * sizeof(*v));
                if (!nv || !(nv[count] = strdup(line))) {
                        v = nv ? nv : v;
                        if (v)
                                v[count] = NULL;
                        strv_free(v);
                        return -ENOMEM;
                }
                v = nv;
                v[++count] = NULL;
        }
        if (!v && !(v = calloc(1, sizeof(*v))))
                return -ENOMEM;
        *out = v;
        *n = count;
        return 0;
}

static int cmp_names(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The counters of each mon_data/<domain> of the MON group (or the group), by domain name. */
static int read_mon(int monfd, const char *disp, struct resctrl_stats *st, bool total, bool local,
                    struct error *err)
{
        _cleanup_close_ int dfd = openat(monfd, "mon_data", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        _cleanup_closedir_ DIR *d = NULL;
        _cleanup_strv_ char **names = NULL;
        size_t n = 0;
        struct dirent *de;

        if (dfd < 0)
                return error_errno(err, errno, "linux.intelRdt: open \"%s/mon_data\"", disp);
        d = fdopendir(dfd);
        if (!d)
                return error_errno(err, errno, "linux.intelRdt: read \"%s/mon_data\"", disp);
        dfd = -1;
        while ((de = readdir(d))) {
                char **nv;

                if (de->d_name[0] == '.')
                        continue;
                nv = realloc(names, (n + 2) * sizeof(*names));
                if (!nv)
                        return error_errno(err, ENOMEM, "linux.intelRdt: stats");
                names = nv;
                names[n] = strdup(de->d_name);
                names[n + 1] = NULL;
                if (!names[n])
                        return error_errno(err, ENOMEM, "linux.intelRdt: stats");
                n++;
        }
        if (n)
                qsort(names, n, sizeof(*names), cmp_names);
        st->mon = calloc(n ? n : 1, sizeof(*st->mon));
        if (!st->mon)
                return error_errno(err, ENOMEM, "linux.intelRdt: stats");
        for (size_t i = 0; i < n; i++) {
                _cleanup_close_ int nfd =
                    openat(dirfd(d), names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                struct resctrl_mon_stats *m = &st->mon[st->n_mon];

                if (nfd < 0)
                        continue; /* not a domain's directory */
                /* A counter the kernel cannot read says "Unavailable": it counts as 0. */
                if (total)
                        m->mbm_total_bytes = rdt_read_u64(nfd, "mbm_total_bytes");
                if (local)
                        m->mbm_local_bytes = rdt_read_u64(nfd, "mbm_local_bytes");
                if (st->cmt)
                        m->llc_occupancy = rdt_read_u64(nfd, "llc_occupancy");
                st->n_mon++;
        }
        return 0;
}

static char *read_string(int dirfd, const char *path)
{
        _cleanup_free_ char *text = NULL;

        if (read_file_at(dirfd, path, &text, NULL, NULL) < 0)
                return NULL;
        return strdup(rdt_trim(text));
}

int resctrl_stats_read(int rootfd, const struct resctrl_group *g, struct resctrl_stats *st, struct error *err)
{
        _cleanup_close_ int gfd = -1, mfd = -1, monfd = -1;
        _cleanup_free_ char *root_text = NULL, *text = NULL, *features = NULL;
        char disp[PATH_MAX], mondisp[2 * PATH_MAX];
        bool total = false, local = false;
        int r;

        memset(st, 0, sizeof(*st));
        rdt_group_display(disp, sizeof(disp), g->root, g->name);
        gfd = rdt_open_group(rootfd, g->root, g->name, err);
        if (gfd < 0)
                return gfd;
        if ((r = rdt_read_schemata(rootfd, g->root, &root_text, err)) < 0 ||
            (r = rdt_read_schemata(gfd, disp, &text, err)) < 0)
                return r;
        if (split_lines(text, &st->schemata, &st->n_schemata) < 0)
                return error_errno(err, ENOMEM, "linux.intelRdt: stats");
        st->cat = faccessat(rootfd, "info/L3", F_OK, AT_SYMLINK_NOFOLLOW) == 0;
        st->mba = faccessat(rootfd, "info/MB", F_OK, AT_SYMLINK_NOFOLLOW) == 0;
        if (st->cat) {
                st->l3_cbm_mask = read_string(rootfd, "info/L3/cbm_mask");
                st->l3_min_cbm_bits = rdt_read_u64(rootfd, "info/L3/min_cbm_bits");
                st->l3_num_closids = rdt_read_u64(rootfd, "info/L3/num_closids");
                st->l3_schema_root = resource_line(root_text, "L3");
                st->l3_schema = resource_line(text, "L3");
        }
        if (st->mba) {
                st->mb_bandwidth_gran = rdt_read_u64(rootfd, "info/MB/bandwidth_gran");
                st->mb_delay_linear = rdt_read_u64(rootfd, "info/MB/delay_linear");
                st->mb_min_bandwidth = rdt_read_u64(rootfd, "info/MB/min_bandwidth");
                st->mb_num_closids = rdt_read_u64(rootfd, "info/MB/num_closids");
                st->mb_schema_root = resource_line(root_text, "MB");
                st->mb_schema = resource_line(text, "MB");
        }
        if (read_file_at(rootfd, "info/L3_MON/mon_features", &features, NULL, NULL) == 0) {
                char *save = NULL;

                for (char *f = strtok_r(features, "\n", &save); f; f = strtok_r(NULL, "\n", &save)) {
                        f = rdt_trim(f);
                        total |= !strcmp(f, "mbm_total_bytes");
                        local |= !strcmp(f, "mbm_local_bytes");
                        st->cmt |= !strcmp(f, "llc_occupancy");
                }
        }
        st->mbm = total || local;
        if (!st->mbm && !st->cmt)
                return 0;
        /* Without a MON group of its own, the group's counters: all of the group's tasks, as runc reports. */
        if (g->mon) {
                mfd = rdt_open_mon_groups(gfd, disp, err);
                if (mfd < 0)
                        return mfd;
                monfd = openat(mfd, g->mon, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                snprintf(mondisp, sizeof(mondisp), "%s/mon_groups/%s", disp, g->mon);
                if (monfd < 0)
                        return error_errno(err, errno, "linux.intelRdt: open the MON group \"%s\"", mondisp);
        } else {
                snprintf(mondisp, sizeof(mondisp), "%s", disp);
        }
        return read_mon(monfd >= 0 ? monfd : gfd, mondisp, st, total, local, err);
}

void resctrl_stats_free(struct resctrl_stats *st)
{
        free(st->l3_cbm_mask);
        free(st->l3_schema_root);
        free(st->l3_schema);
        free(st->mb_schema_root);
        free(st->mb_schema);
        strv_free(st->schemata);
        free(st->mon);
        memset(st, 0, sizeof(*st));
}
