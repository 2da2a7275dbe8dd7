/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/mount/mount_idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/clone.h"
#include "linux/mount/mount_ops.h"
#include "linux/pidfd_pin.h"
#include "linux/userns.h"
#include "util/cleanup.h"
#include "util/fdpass.h"

/* A child that only holds its user namespace: it waits to be killed (or for its parent to die). */
__attribute__((noreturn)) static void hold(pid_t parent)
{
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (getppid() != parent)
                _exit(0);
        for (;;)
                pause();
}

int idmap_userns_new(const struct spec_id_mapping *uids, size_t n_uids, const struct spec_id_mapping *gids,
                     size_t n_gids, struct error *err)
{
        _cleanup_close_ int pidfd = -1;
        pid_t self = getpid(), pid;
        char path[64];
        int fd = -1, r;

        pid = clone3_fork(CLONE_NEWUSER, -1, &pidfd, err);
        if (pid < 0)
                return error_wrap(err, pid, "create a user namespace for the mapping");
        if (pid == 0)
                hold(self);
        /* As root of the parent namespace we may write any map, and gid_map without setgroups "deny". */
        r = userns_write_id_maps(pid, uids, n_uids, gids, n_gids, err);
        if (r >= 0) {
                snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
                fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        r = error_errno(err, errno, "open \"%s\"", path);
        }
        pidfd_kill_reap(pidfd);
        return r < 0 ? r : fd;
}

/* The helper's answer: the tree as SCM_RIGHTS, or a struct error without one. */
static int recv_tree(int sock, struct error *err)
{
        struct error e = ERROR_INIT;
        size_t n;
        int fd, r;

        r = fd_recv_msg(sock, &e, sizeof(e), &n, &fd, err);
        if (r < 0)
                return error_wrap(err, r, "the id-mapped tree");
        if (fd >= 0)
                return fd;
        if (n == 0)
                return error_set(err, ECHILD, "the id-mapped mount helper died");
        if (n < sizeof(e) || e.code <= 0)
                return error_set(err, EBADMSG, "the id-mapped mount helper sent a bad answer");
        e.msg[sizeof(e.msg) - 1] = '\0';
        return error_set(err, e.code, "%s", e.msg);
}

static int make_tree(int pidfd, const char *source, bool recursive, bool idmap_recursive, int userns_fd,
                     struct error *err)
{
        _cleanup_close_ int tree = -1;
        int r;

        if (setns(pidfd, CLONE_NEWNS) < 0)
                return error_errno(err, errno, "join the container's mount namespace");
        tree = mnt_clone(AT_FDCWD, source, recursive);
        if (tree < 0)
                return error_errno(err, -tree, "bind source \"%s\"", source);
        r = userns_fd < 0 ? 0 : mnt_set_idmap(tree, userns_fd, idmap_recursive);
        if (r < 0)
                return error_set(
                    err, -r, "set MOUNT_ATTR_IDMAP on bind source \"%s\": %s%s", source, errno_text(-r),
                    r == -EINVAL  ? " (does its filesystem support id-mapped mounts on this kernel?)"
                    : r == -EPERM ? " (is it id-mapped already, or is its filesystem owned by another "
                                    "user namespace?)"
                                  : "");
        return TAKE_FD(tree);
}

/* The helper: joins the mount namespace, makes the tree and sends it (or the error); never returns. */
__attribute__((noreturn)) static void helper(int sock, int pidfd, const char *source, bool recursive,
                                             bool idmap_recursive, int userns_fd)
{
        struct error err = ERROR_INIT;
        int tree;

        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        tree = make_tree(pidfd, source, recursive, idmap_recursive, userns_fd, &err);
        if (tree >= 0 && fd_send(sock, tree, "tree", &err) == 0)
                _exit(0);
        if (!err.code)
                err.code = EIO;
        send(sock, &err, sizeof(err), MSG_NOSIGNAL);
        _exit(1);
}

int idmap_tree_open(int pidfd, const char *source, bool recursive, bool idmap_recursive, int userns_fd,
                    struct error *err)
{
        _cleanup_close_ int child = -1;
        int sock[2], tree;
        pid_t pid;

        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock) < 0)
                return error_errno(err, errno, "socketpair");
        pid = clone3_fork(0, -1, &child, err);
        if (pid == 0) {
                close(sock[0]);
                helper(sock[1], pidfd, source, recursive, idmap_recursive, userns_fd);
        }
        close(sock[1]);
        if (pid < 0) {
                close(sock[0]);
                return error_wrap(err, pid, "start the id-mapped mount helper");
        }
        tree = recv_tree(sock[0], err);
        close(sock[0]);
        pidfd_kill_reap(child);
        return tree;
}
