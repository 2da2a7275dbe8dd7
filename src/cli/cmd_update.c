/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/values.h"
#include "util/parse.h"

#define U(field) offsetof(struct update_flags, field)

static const struct flag_def update_flags[] = {
    {"resources", 'r', FLAG_STRING, U(resources),
     "path to a file with the resources (a LinuxResources JSON) to apply, or \"-\" for stdin"},
    {"memory", 0, FLAG_STRING, U(memory), "memory limit (in bytes, or with a unit: 512m, 1g)"},
    {"memory-swap", 0, FLAG_STRING, U(memory_swap), "total memory usage (memory + swap); -1 for unlimited"},
    {"memory-reservation", 0, FLAG_STRING, U(memory_reservation), "memory reservation or soft limit"},
    {"kernel-memory", 0, FLAG_STRING, U(kernel_memory),
     "kernel memory limit (deprecated: ignored with a warning)"},
    {"kernel-memory-tcp", 0, FLAG_STRING, U(kernel_memory_tcp), "kernel memory limit for TCP buffers"},
    {"cpu-share", 0, FLAG_STRING, U(cpu_shares), "CPU shares (relative weight against other containers)"},
    {"cpu-shares", 0, FLAG_STRING, U(cpu_shares), "the same as --cpu-share (runc's spelling)"},
    {"cpu-quota", 0, FLAG_STRING, U(cpu_quota), "CPU CFS hard limit (microseconds per period)"},
    {"cpu-period", 0, FLAG_STRING, U(cpu_period), "CPU CFS period to be used for hardcapping (microseconds)"},
    {"cpu-burst", 0, FLAG_STRING, U(cpu_burst), "CPU CFS burst (microseconds)"},
    {"cpu-rt-period", 0, FLAG_STRING, U(cpu_rt_period), "CPU realtime period (microseconds)"},
    {"cpu-rt-runtime", 0, FLAG_STRING, U(cpu_rt_runtime), "CPU realtime hardcap (microseconds per period)"},
    {"cpuset-cpus", 0, FLAG_STRING, U(cpuset_cpus), "CPUs to use (0-3, 0,1)"},
    {"cpuset-mems", 0, FLAG_STRING, U(cpuset_mems), "memory nodes to use (0-3, 0,1)"},
    {"cpu-idle", 0, FLAG_STRING, U(cpu_idle), "set the cgroup's SCHED_IDLE (0 or 1)"},
    {"pids-limit", 0, FLAG_STRING, U(pids_limit), "maximum number of processes (0 or -1: unlimited)"},
    {"blkio-weight", 0, FLAG_STRING, U(blkio_weight), "block IO weight (10 to 1000)"},
    {"l3-cache-schema", 0, FLAG_STRING, U(l3_cache_schema),
     "Intel RDT L3 cache schema of the container's resctrl group (\"L3:0=ff\")"},
    {"mem-bw-schema", 0, FLAG_STRING, U(mem_bw_schema),
     "Intel RDT memory bandwidth schema of the container's resctrl group (\"MB:0=50\")"},
    {0},
};

static int size_value(const char *flag, const char *s, struct opt_int64 *out, struct error *err)
{
        int r;

        if (!s)
                return 0;
        r = parse_size(s, &out->value);
        if (r == -ERANGE)
                return error_set(err, ERANGE, "--%s: size \"%s\" is out of range", flag, s);
        if (r < 0)
                return error_set(err, EINVAL, "--%s: invalid size \"%s\"", flag, s);
        out->set = true;
        return 0;
}

static int int_value(const char *flag, const char *s, struct opt_int64 *out, struct error *err)
{
        if (!s)
                return 0;
        if (parse_int64(s, &out->value) < 0)
                return error_set(err, EINVAL, "--%s: \"%s\" is not an integer", flag, s);
        out->set = true;
        return 0;
}

static int uint_value(const char *flag, const char *s, struct opt_uint64 *out, struct error *err)
{
        if (!s)
                return 0;
        if (parse_uint64(s, &out->value) < 0)
                return error_set(err, EINVAL, "--%s: \"%s\" is not an unsigned integer", flag, s);
        out->set = true;
        return 0;
}

/* An empty value is no value, as with runc; a line must be one line, a memory bandwidth one "MB:...". */
static int schema_values(const struct update_flags *f, struct update_opts *o, struct error *err)
{
        if (f->l3_cache_schema && *f->l3_cache_schema)
                o->schemata[o->n_schemata++] =
                    (struct update_schema){"--l3-cache-schema", f->l3_cache_schema};
        if (f->mem_bw_schema && *f->mem_bw_schema)
                o->schemata[o->n_schemata++] = (struct update_schema){"--mem-bw-schema", f->mem_bw_schema};
        for (size_t i = 0; i < o->n_schemata; i++)
                if (strchr(o->schemata[i].line, '\n'))
                        return error_set(err, EINVAL, "%s: \"%s\" must be one line", o->schemata[i].name,
                                         o->schemata[i].line);
        if (f->mem_bw_schema && *f->mem_bw_schema && strncmp(f->mem_bw_schema, "MB:", 3))
                return error_set(err, EINVAL, "--mem-bw-schema: \"%s\" must start with \"MB:\"",
                                 f->mem_bw_schema);
        return 0;
}

int cli_update_values(const struct update_flags *f, struct update_opts *o, struct error *err)
{
        int r;

        o->resources = f->resources;
        o->cpuset_cpus = f->cpuset_cpus;
        o->cpuset_mems = f->cpuset_mems;
        if ((r = size_value("memory", f->memory, &o->memory, err)) < 0 ||
            (r = size_value("memory-swap", f->memory_swap, &o->memory_swap, err)) < 0 ||
            (r = size_value("memory-reservation", f->memory_reservation, &o->memory_reservation, err)) < 0 ||
            (r = size_value("kernel-memory", f->kernel_memory, &o->kernel_memory, err)) < 0 ||
            (r = size_value("kernel-memory-tcp", f->kernel_memory_tcp, &o->kernel_memory_tcp, err)) < 0 ||
            (r = uint_value("cpu-share", f->cpu_shares, &o->cpu_shares, err)) < 0 ||
            (r = int_value("cpu-quota", f->cpu_quota, &o->cpu_quota, err)) < 0 ||
            (r = uint_value("cpu-period", f->cpu_period, &o->cpu_period, err)) < 0 ||
            (r = uint_value("cpu-burst", f->cpu_burst, &o->cpu_burst, err)) < 0 ||
            (r = uint_value("cpu-rt-period", f->cpu_rt_period, &o->cpu_rt_period, err)) < 0 ||
            (r = int_value("cpu-rt-runtime", f->cpu_rt_runtime, &o->cpu_rt_runtime, err)) < 0 ||
            (r = int_value("cpu-idle", f->cpu_idle, &o->cpu_idle, err)) < 0 ||
            (r = int_value("pids-limit", f->pids_limit, &o->pids_limit, err)) < 0 ||
            (r = uint_value("blkio-weight", f->blkio_weight, &o->blkio_weight, err)) < 0)
                return r;
        if (o->blkio_weight.set && o->blkio_weight.value &&
            (o->blkio_weight.value < 10 || o->blkio_weight.value > 1000))
                return error_set(err, EINVAL, "--blkio-weight: %" PRIu64 " is not in [10, 1000]",
                                 o->blkio_weight.value);
        return schema_values(f, o, err);
}

static int run_update(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct update_opts o = {.id = argv[0]};
        struct error err = ERROR_INIT;

        if (cli_update_values(opts, &o, &err) < 0 || engine_update(g, &o, &err) < 0) {
                cli_error("%s", err.msg);
                return EXIT_FAILURE_CLI;
        }
        return 0;
}

const struct command cmd_update = {
    .name = "update",
    .summary = "update container resource constraints",
    .args_usage = "<container-id>",
    .description =
        "Applies new limits to a running container, from a LinuxResources JSON (-r FILE, or - for\n"
        "stdin) and/or the per-field flags (which win). If the kernel refuses one value, the values\n"
        "already written are put back: a failed update leaves the old limits in place.",
    .flags = update_flags,
    .opts_size = sizeof(struct update_flags),
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_update,
};
