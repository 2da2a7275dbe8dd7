/* SPDX-License-Identifier: Apache-2.0 */
#include <stddef.h>

#include "cli/cli.h"

#define U(field) offsetof(struct update_opts, field)

static const struct flag_def update_flags[] = {
    {"resources", 'r', FLAG_STRING, U(resources),
     "path to a file with the resources (a LinuxResources JSON) to apply, or \"-\" for stdin"},
    {"memory", 0, FLAG_STRING, U(memory), "memory limit (in bytes, or with a unit: 512m, 1g)"},
    {"memory-swap", 0, FLAG_STRING, U(memory_swap), "total memory usage (memory + swap); -1 for unlimited"},
    {"memory-reservation", 0, FLAG_STRING, U(memory_reservation), "memory reservation or soft limit"},
    {"kernel-memory", 0, FLAG_STRING, U(kernel_memory),
     "kernel memory limit (deprecated: ignored with a warning)"},
    {"kernel-memory-tcp", 0, FLAG_STRING, U(kernel_memory_tcp), "kernel memory limit for TCP buffers"},
    {"cpu-shares", 0, FLAG_STRING, U(cpu_shares), "CPU shares (relative weight against other containers)"},
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

static int run_update(const struct global_opts *g, void *opts, int argc, char **argv)
{
        struct update_opts *o = opts;
        struct error err = ERROR_INIT;

        o->id = argv[0];
        if (engine_update(g, o, &err) < 0) {
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
    .opts_size = sizeof(struct update_opts),
    .min_args = 1,
    .max_args = 1,
    .takes_id = true,
    .order = FLAGS_ANYWHERE,
    .run = run_update,
};
