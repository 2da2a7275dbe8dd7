/* floor: the kernel-floor reference of the benchmark (built by bench/run.sh; not part of brownie).
 *
 *   floor [-n NS,NS,...] [-c CGROUP_PROCS_FILE]... ROOTFS CMD [ARGS...]
 *
 * Does the least a container run of the bundle needs, with nothing a runtime adds (no config parsing, no
 * state, no sync protocol, no devices, no capabilities or seccomp): one clone3 into the namespaces named (the
 * config's linux.namespaces types: pid, network, ipc, uts, mount, cgroup), the child joins the container's
 * cgroup by writing to each hierarchy's cgroup.procs (opened by the parent before the clone), unshares its
 * cgroup namespace after the join when one is asked (as on cgroup v1), makes "/" private, binds ROOTFS onto
 * itself, pivot_root(".", ".") and detaches the old root, mounts /proc, and execs CMD; the parent waits and
 * exits with CMD's status. The time of a runtime above this is what the runtime itself costs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CGROUPS 32

static void fail(const char *what)
{
        fprintf(stderr, "floor: %s: %s\n", what, strerror(errno));
        _exit(125);
}

static unsigned long long ns_flag(const char *name)
{
        static const struct {
                const char *name;
                unsigned long long flag;
        } table[] = {
            {"pid", CLONE_NEWPID}, {"network", CLONE_NEWNET}, {"ipc", CLONE_NEWIPC},
            {"uts", CLONE_NEWUTS}, {"mount", CLONE_NEWNS},    {"cgroup", CLONE_NEWCGROUP},
        };

        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
                if (strcmp(name, table[i].name) == 0)
                        return table[i].flag;
        fprintf(stderr, "floor: namespace \"%s\" is not handled\n", name);
        exit(125);
}

static int child(const char *rootfs, char **argv, const int *cg, int ncg, int new_cgroupns)
{
        for (int i = 0; i < ncg; i++)
                if (write(cg[i], "0", 1) != 1)
                        fail("join cgroup");
        if (new_cgroupns && unshare(CLONE_NEWCGROUP) < 0)
                fail("unshare cgroup");
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
                fail("make / private");
        if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
                fail("bind rootfs");
        if (chdir(rootfs) < 0)
                fail("chdir rootfs");
        if (syscall(SYS_pivot_root, ".", ".") < 0)
                fail("pivot_root");
        if (umount2(".", MNT_DETACH) < 0)
                fail("detach old root");
        if (chdir("/") < 0)
                fail("chdir /");
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                fail("mount /proc");
        execv(argv[0], argv);
        fail(argv[0]);
        return 125;
}

int main(int argc, char **argv)
{
        unsigned long long flags = 0;
        int cg[MAX_CGROUPS], ncg = 0, opt;

        while ((opt = getopt(argc, argv, "+n:c:")) != -1) {
                if (opt == 'n') {
                        for (char *tok = strtok(optarg, ","); tok; tok = strtok(NULL, ","))
                                flags |= ns_flag(tok);
                } else if (opt == 'c' && ncg < MAX_CGROUPS) {
                        cg[ncg] = open(optarg, O_WRONLY | O_CLOEXEC);
                        if (cg[ncg] < 0)
                                fail(optarg);
                        ncg++;
                } else {
                        fprintf(stderr, "usage: floor [-n NS,...] [-c CGROUP_PROCS]... ROOTFS CMD...\n");
                        return 125;
                }
        }
        if (argc - optind < 2) {
                fprintf(stderr, "floor: ROOTFS and CMD needed\n");
                return 125;
        }

        /* The cgroup namespace comes after the join, so its root is the container's cgroup. */
        int new_cgroupns = (flags & CLONE_NEWCGROUP) != 0;
        struct clone_args ca = {.flags = flags & ~(unsigned long long)CLONE_NEWCGROUP,
                                .exit_signal = SIGCHLD};
        long pid = syscall(SYS_clone3, &ca, sizeof(ca));
        if (pid < 0)
                fail("clone3");
        if (pid == 0)
                return child(argv[optind], argv + optind + 1, cg, ncg, new_cgroupns);

        int status;
        while (waitpid((pid_t)pid, &status, 0) < 0)
                if (errno != EINTR)
                        fail("waitpid");
        if (WIFEXITED(status))
                return WEXITSTATUS(status);
        return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
