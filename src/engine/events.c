/* SPDX-License-Identifier: Apache-2.0 */
/*
 * events: runc's stats JSON (the cgroup's counters, intel_rdt from resctrl) once (--stats), or a
 * stream every --interval with an "oom" event whenever the cgroup's OOM-kill counter grows, until
 * the container stops.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include <json-c/json.h>

#include "container.h"
#include "linux/cgroup/cgroup.h"
#include "linux/resctrl/resctrl.h"
#include "util/cleanup.h"

static json_object *u64(uint64_t v)
{
        return json_object_new_uint64(v);
}

static json_object *io_json(const struct cgroup_blkio_entry *e, size_t n)
{
        json_object *a = json_object_new_array();

        for (size_t i = 0; i < n; i++) {
                json_object *o = json_object_new_object();

                json_object_object_add(o, "major", u64(e[i].major));
                json_object_object_add(o, "minor", u64(e[i].minor));
                json_object_object_add(o, "op", json_object_new_string(e[i].op));
                json_object_object_add(o, "value", u64(e[i].value));
                json_object_array_add(a, o);
        }
        return a;
}

static void add_u64(json_object *o, const char *key, uint64_t v)
{
        if (v) /* runc's omitempty */
                json_object_object_add(o, key, u64(v));
}

static void add_str(json_object *o, const char *key, const char *v)
{
        if (v && *v)
                json_object_object_add(o, key, json_object_new_string(v));
}

/* runc's intel_rdt: {} for a container without linux.intelRdt; what the host lacks is left out. */
static json_object *rdt_json(const struct resctrl_stats *st)
{
        json_object *o = json_object_new_object();

        if (!st)
                return o;
        if (st->cat) {
                json_object *info = json_object_new_object();

                add_str(info, "cbm_mask", st->l3_cbm_mask);
                add_u64(info, "min_cbm_bits", st->l3_min_cbm_bits);
                add_u64(info, "num_closids", st->l3_num_closids);
                json_object_object_add(o, "l3_cache_info", info);
                add_str(o, "l3_cache_schema_root", st->l3_schema_root);
                add_str(o, "l3_cache_schema", st->l3_schema);
        }
        if (st->mba) {
                json_object *info = json_object_new_object();

                add_u64(info, "bandwidth_gran", st->mb_bandwidth_gran);
                add_u64(info, "delay_linear", st->mb_delay_linear);
                add_u64(info, "min_bandwidth", st->mb_min_bandwidth);
                add_u64(info, "num_closids", st->mb_num_closids);
                json_object_object_add(o, "mem_bw_info", info);
                add_str(o, "mem_bw_schema_root", st->mb_schema_root);
                add_str(o, "mem_bw_schema", st->mb_schema);
        }
        if (st->n_schemata) {
                json_object *a = json_object_new_array();

                for (size_t i = 0; i < st->n_schemata; i++)
                        json_object_array_add(a, json_object_new_string(st->schemata[i]));
                json_object_object_add(o, "schemata", a);
        }
        if (st->mbm) {
                json_object *a = json_object_new_array();

                for (size_t i = 0; i < st->n_mon; i++) {
                        json_object *m = json_object_new_object();

                        json_object_object_add(m, "mbm_total_bytes", u64(st->mon[i].mbm_total_bytes));
                        json_object_object_add(m, "mbm_local_bytes", u64(st->mon[i].mbm_local_bytes));
                        json_object_array_add(a, m);
                }
                json_object_object_add(o, "mbm_stats", a);
        }
        if (st->cmt) {
                json_object *a = json_object_new_array();

                for (size_t i = 0; i < st->n_mon; i++) {
                        json_object *m = json_object_new_object();

                        json_object_object_add(m, "llc_occupancy", u64(st->mon[i].llc_occupancy));
                        json_object_array_add(a, m);
                }
                json_object_object_add(o, "cmt_stats", a);
        }
        return o;
}

static json_object *stats_json(const struct cgroup_stats *st, const struct resctrl_stats *rdt)
{
        json_object *data = json_object_new_object(), *cpu = json_object_new_object(),
                    *usage = json_object_new_object();
        json_object *thr = json_object_new_object(), *percpu = json_object_new_array(),
                    *mem = json_object_new_object();
        json_object *mu = json_object_new_object(), *sw = json_object_new_object(),
                    *pids = json_object_new_object();

        for (size_t i = 0; i < st->n_percpu; i++)
                json_object_array_add(percpu, u64(st->cpu_percpu[i]));
        json_object_object_add(usage, "total", u64(st->cpu_total));
        json_object_object_add(usage, "percpu", percpu);
        json_object_object_add(usage, "kernel", u64(st->cpu_kernel));
        json_object_object_add(usage, "user", u64(st->cpu_user));
        json_object_object_add(cpu, "usage", usage);
        json_object_object_add(thr, "periods", u64(st->throttle_periods));
        json_object_object_add(thr, "throttledPeriods", u64(st->throttled_periods));
        json_object_object_add(thr, "throttledTime", u64(st->throttled_time));
        json_object_object_add(cpu, "throttling", thr);
        json_object_object_add(data, "cpu", cpu);
        json_object_object_add(mu, "limit", u64(st->mem_limit));
        json_object_object_add(mu, "usage", u64(st->mem_usage));
        json_object_object_add(mu, "max", u64(st->mem_max_usage));
        json_object_object_add(mu, "failcnt", u64(st->mem_failcnt));
        json_object_object_add(mem, "usage", mu);
        json_object_object_add(sw, "limit", u64(st->swap_limit));
        json_object_object_add(sw, "usage", u64(st->swap_usage));
        json_object_object_add(mem, "swap", sw);
        json_object_object_add(data, "memory", mem);
        json_object_object_add(pids, "current", u64(st->pids_current));
        json_object_object_add(pids, "limit", u64(st->pids_limit));
        json_object_object_add(data, "pids", pids);
        {
                json_object *blkio = json_object_new_object(), *huge = json_object_new_object();

                /* runc leaves out empty lists; containerd reads the ones there are */
                if (st->n_io_bytes)
                        json_object_object_add(blkio, "ioServiceBytesRecursive",
                                               io_json(st->io_bytes, st->n_io_bytes));
                if (st->n_io_ios)
                        json_object_object_add(blkio, "ioServicedRecursive",
                                               io_json(st->io_ios, st->n_io_ios));
                json_object_object_add(data, "blkio", blkio);
                for (size_t i = 0; i < st->n_hugetlb; i++) {
                        json_object *h = json_object_new_object();

                        json_object_object_add(h, "usage", u64(st->hugetlb[i].usage));
                        json_object_object_add(h, "max", u64(st->hugetlb[i].max));
                        json_object_object_add(h, "failcnt", u64(st->hugetlb[i].failcnt));
                        json_object_object_add(huge, st->hugetlb[i].size, h);
                }
                json_object_object_add(data, "hugetlb", huge);
        }
        json_object_object_add(data, "intel_rdt", rdt_json(rdt));
        return data;
}

static int emit(FILE *out, const char *type, const char *id, json_object *data, struct error *err)
{
        json_object *o = json_object_new_object();

        json_object_object_add(o, "type", json_object_new_string(type));
        json_object_object_add(o, "id", json_object_new_string(id));
        if (data)
                json_object_object_add(o, "data", data);
        fprintf(out, "%s\n",
                json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
        if (fflush(out) != 0)
                return error_errno(err, errno, "write events");
        return 0;
}

int engine_events(const struct global_opts *g, const char *id, bool once, int64_t interval_ns, FILE *out,
                  struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        _cleanup_close_ int rdt_fd = -1;
        struct cgroup *cg = NULL;
        uint64_t ooms = 0;
        bool first = true;
        int r;

        r = container_open(g, id, false, &c, err);
        if (r < 0)
                return r;
        if (c->status == STATUS_STOPPED)
                return error_set(err, EINVAL, "container not running");
        if (!c->cgroup_path)
                return error_set(err, ENOTSUP, "container \"%s\" has no cgroup", c->id);
        if (c->rdt) {
                rdt_fd = resctrl_open(c->rdt->root, err);
                if (rdt_fd < 0)
                        return rdt_fd;
        }
        r = container_cgroup(c, &cg, err);
        if (r < 0)
                return r;
        for (;;) {
                struct cgroup_stats st;
                struct timespec ts = {interval_ns / 1000000000LL, interval_ns % 1000000000LL};
                bool stopped = false;

                if (!first) {
                        nanosleep(&ts, NULL);
                        container_refresh_status(c);
                        stopped = c->status == STATUS_STOPPED;
                }
                r = cgroup_stats_read(cg, &st, err);
                if (r < 0) {
                        if (stopped) { /* its cgroup may be gone with it: nothing more to tell */
                                error_clear(err);
                                r = 0;
                        }
                        break;
                }
                /* Read once more after the container stopped: an OOM kill that ended it is still told. */
                if (!first && st.oom_kills > ooms)
                        r = emit(out, "oom", c->id, NULL, err);
                ooms = st.oom_kills;
                if (r >= 0 && !stopped && (once || interval_ns > 0)) {
                        struct resctrl_stats rdt;

                        r = c->rdt ? resctrl_stats_read(rdt_fd, c->rdt, &rdt, err) : 0;
                        if (r >= 0)
                                r = emit(out, "stats", c->id, stats_json(&st, c->rdt ? &rdt : NULL), err);
                        if (c->rdt)
                                resctrl_stats_free(&rdt);
                }
                cgroup_stats_free(&st);
                if (r < 0 || once || stopped)
                        break;
                first = false;
        }
        cgroup_free(cg);
        return r;
}
