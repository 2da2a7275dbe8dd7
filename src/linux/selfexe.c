/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/selfexe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "util/cleanup.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3: an executable memfd, said explicitly */
#endif

#define SELF "/proc/self/exe"
/* Set only across our own re-exec, so that a view that still looks writable fails instead of looping. */
#define REEXEC_MARK "_BROWNIE_SEALED"

extern char **environ;

/* The stub's bytes (src/stub/exec_stub.c, embedded by the build; empty where it is not built). */
extern const unsigned char brownie_exec_stub[];
extern const size_t brownie_exec_stub_len;

static int exec_stub_fd = -1;

static const int memfd_seals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

/* Whether the running binary is already a view a container cannot write. */
static bool self_is_safe(int fd)
{
        struct statvfs sv;
        int seals;

        if (fstatvfs(fd, &sv) == 0 && (sv.f_flag & ST_RDONLY))
                return true;
        seals = fcntl(fd, F_GET_SEALS);
        if (seals >= 0 && (seals & memfd_seals) == memfd_seals)
                return true;
        /* Nobody with the caller's ids can write it (the container's ids are those or subordinate ones). */
        return faccessat(AT_FDCWD, SELF, W_OK, AT_EACCESS) < 0 && (errno == EACCES || errno == EPERM);
}

/* The running binary, to look at (an execute-only one by O_PATH). */
static int self_open(void)
{
        int fd = open(SELF, O_RDONLY | O_CLOEXEC);

        if (fd < 0 && errno == EACCES)
                fd = open(SELF, O_PATH | O_CLOEXEC);
        return fd;
}

bool selfexe_is_sealed(void)
{
        struct statvfs sv;
        char target[16] = "";
        _cleanup_close_ int self = -1;

        /* The common answers in a call or two: a read-only view (a re-executed runtime, a read-only
         * install), a binary the caller cannot write; the seals are looked at only on a memfd. */
        if (statvfs(SELF, &sv) == 0 && (sv.f_flag & ST_RDONLY))
                return true;
        if (faccessat(AT_FDCWD, SELF, W_OK, AT_EACCESS) < 0 && (errno == EACCES || errno == EPERM))
                return true;
        if (readlink(SELF, target, sizeof(target) - 1) < 0 || strncmp(target, "/memfd:", 7))
                return false;
        self = self_open();
        return self >= 0 && self_is_safe(self);
}

/* A detached read-only bind mount of the binary: nothing copied, no mount anyone can see or reach. */
static int ro_view(void)
{
        struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV};
        _cleanup_close_ int tree = open_tree(AT_FDCWD, SELF, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

        if (tree < 0)
                return -errno;
        if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0)
                return -errno;
        return TAKE_FD(tree);
}

/* A sealed in-memory copy, for callers that may not clone mounts (an unprivileged user owning the binary). */
static int memfd_copy(int src)
{
        _cleanup_close_ int mfd = -1;
        struct stat st;
        off_t off = 0;

        if (fstat(src, &st) < 0)
                return -errno;
        mfd = memfd_create("brownie", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
        if (mfd < 0 && errno == EINVAL) /* a kernel before 6.3 */
                mfd = memfd_create("brownie", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (mfd < 0)
                return -errno;
        while (off < st.st_size) {
                ssize_t n = sendfile(mfd, src, &off, (size_t)(st.st_size - off));
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return n < 0 ? -errno : -EIO;
        }
        if (fcntl(mfd, F_ADD_SEALS, memfd_seals) < 0)
                return -errno;
        return TAKE_FD(mfd);
}

int selfexe_reexec_sealed(char *const argv[], struct error *err)
{
        _cleanup_close_ int self = -1, view = -1;
        bool again = getenv(REEXEC_MARK) != NULL;
        int r;

        if (again)
                unsetenv(REEXEC_MARK); /* never passed on to hooks or containers */
        self = self_open();
        if (self < 0)
                return error_errno(err, errno, "open %s", SELF);
        if (self_is_safe(self))
                return 0;
        if (again)
                return error_set(err, EPERM,
                                 "the runtime binary is still writable after re-executing it sealed");

        view = ro_view();
        if (view < 0) {
                r = view;
                view = memfd_copy(self);
                if (view < 0)
                        return error_errno(err, -view, "sealing the runtime binary (read-only view: %s)",
                                           errno_text(-r));
        }
        if (setenv(REEXEC_MARK, "1", 1) < 0)
                return error_errno(err, errno, "setenv");
        execveat(view, "", argv, environ, AT_EMPTY_PATH);
        r = errno;
        unsetenv(REEXEC_MARK);
        return error_errno(err, r, "re-executing the sealed runtime binary");
}

int selfexe_stub_open(void)
{
        _cleanup_close_ int mfd = -1;
        size_t off = 0;

        if (!brownie_exec_stub_len)
                return -ENOTSUP;
        unsetenv(REEXEC_MARK); /* the stub stands for the re-exec: no mark passes on to the container */
        mfd = memfd_create("brownie-exec", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
        if (mfd < 0 && errno == EINVAL) /* a kernel before 6.3 */
                mfd = memfd_create("brownie-exec", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (mfd < 0)
                return -errno;
        while (off < brownie_exec_stub_len) {
                ssize_t n = write(mfd, brownie_exec_stub + off, brownie_exec_stub_len - off);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return n < 0 ? -errno : -EIO;
                off += (size_t)n;
        }
        if (fcntl(mfd, F_ADD_SEALS, memfd_seals) < 0)
                return -errno;
        return TAKE_FD(mfd);
}

void selfexe_exec_through(int fd)
{
        exec_stub_fd = fd;
}

int selfexe_execve(const char *path, char *const argv[], char *const envp[], int signal_fd)
{
        char fd_arg[16] = "-";
        size_t n = 0;
        char **args;
        int e;

        if (exec_stub_fd < 0) {
                execve(path, argv, envp);
                return -errno;
        }
        /* The stub's command line (src/stub/exec_stub.c): the fd it closes on exec, the program's path,
         * then the program's argv. */
        while (argv[n])
                n++;
        args = calloc(n + 3, sizeof(*args));
        if (!args)
                return -ENOMEM;
        if (signal_fd >= 0 && fcntl(signal_fd, F_SETFD, 0) == 0)
                snprintf(fd_arg, sizeof(fd_arg), "%d", signal_fd);
        args[0] = fd_arg;
        args[1] = (char *)path;
        memcpy(args + 2, argv, n * sizeof(*args));
        execveat(exec_stub_fd, "", args, envp, AT_EMPTY_PATH);
        e = errno;
        if (signal_fd >= 0)
                fcntl(signal_fd, F_SETFD, FD_CLOEXEC);
        free(args);
        return -e;
}
