/* SPDX-License-Identifier: Apache-2.0 */
#include "idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/mount.h>

#include "util/cleanup.h"

bool idmap_wanted(const struct spec_mount *m)
{
        return m->idmap || m->ridmap || m->n_uid_mappings || m->n_gid_mappings;
}

static int write_map(pid_t pid, const char *file, const struct spec_id_mapping *map, size_t n,
                     struct error *err)
{
        char path[64], text[4096];
        size_t len = 0;
        _cleanup_close_ int fd = -1;

        for (size_t i = 0; i < n; i++) {
                int w = snprintf(text + len, sizeof(text) - len, "%u %u %u\n", map[i].container_id,
                                 map[i].host_id, map[i].size);
                if (w < 0 || (size_t)w >= sizeof(text) - len)
                        return error_set(err, E2BIG, "%s: too many mappings", file);
                len += (size_t)w;
        }
        snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return error_errno(err, errno, "open %s", path);
        if (write(fd, text, len) != (ssize_t)len)
                return error_errno(err, errno, "write %s", file);
        return 0;
}

/* A user namespace with these mappings, held by an fd: a child unshares it and waits while its maps
 * are written, then is ended; the namespace lives on through the fd. */
static int userns_with(const struct spec_id_mapping *uids, size_t nu, const struct spec_id_mapping *gids,
                       size_t ng, struct error *err)
{
        char path[64];
        int pipefd[2], fd = -1, r = 0, status;
        pid_t pid;

        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return error_errno(err, errno, "pipe");
        pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
        if (pid < 0) {
                r = error_errno(err, errno, "clone a user namespace for the idmapping");
                close(pipefd[0]);
                close(pipefd[1]);
                return r;
        }
        if (pid == 0) {
                char c;
                close(pipefd[1]);
                (void)!read(pipefd[0], &c, 1); /* until the parent is done with us */
                _exit(0);
        }
        close(pipefd[0]);
        r = write_map(pid, "uid_map", uids, nu, err);
        if (r == 0)
                r = write_map(pid, "gid_map", gids, ng, err);
        if (r == 0) {
                snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
                fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        r = error_errno(err, errno, "open %s", path);
        }
        close(pipefd[1]); /* the child reads EOF and exits */
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        return r < 0 ? r : fd;
}

int idmap_tree(const struct spec_mount *m, const char *source, const struct spec_linux *lx, const char *what,
               struct error *err)
{
        const struct spec_id_mapping *uids = m->uid_mappings, *gids = m->gid_mappings;
        size_t nu = m->n_uid_mappings, ng = m->n_gid_mappings;
        _cleanup_close_ int userns = -1, tree = -1;
        struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP};
        unsigned open_flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (m->recursive ? AT_RECURSIVE : 0);

        if (!m->bind)
                return error_set(err, EINVAL, "%s: idmapped mounts are only supported for bind mounts", what);
        if (!nu && !ng && lx) { /* "idmap" alone: the container's own mappings */
                uids = lx->uid_mappings;
                nu = lx->n_uid_mappings;
                gids = lx->gid_mappings;
                ng = lx->n_gid_mappings;
        }
        if (!nu || !ng)
                return error_set(err, EINVAL,
                                 "%s: an idmapped mount needs uidMappings and gidMappings, on the mount or "
                                 "for the container's user namespace",
                                 what);
        userns = userns_with(uids, nu, gids, ng, err);
        if (userns < 0)
                return error_wrap(err, userns, "%s", what);
        tree = (int)syscall(SYS_open_tree, AT_FDCWD, source, open_flags);
        if (tree < 0)
                return error_errno(err, errno, "%s: bind source \"%s\"", what, source);
        attr.userns_fd = (uint64_t)userns;
        if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (m->ridmap ? AT_RECURSIVE : 0), &attr,
                    sizeof(attr)) < 0)
                return error_errno(err, errno,
                                   "%s: idmap \"%s\" (does its filesystem support idmapped mounts?)", what,
                                   source);
        return TAKE_FD(tree);
}
