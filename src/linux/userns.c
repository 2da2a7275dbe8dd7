/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/userns.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fs.h"

int userns_format_map(const struct spec_id_mapping *m, size_t n, char *buf, size_t size)
{
        size_t off = 0;

        if (size)
                buf[0] = '\0';
        for (size_t i = 0; i < n; i++) {
                int w =
                    snprintf(buf + off, size - off, "%u %u %u\n", m[i].container_id, m[i].host_id, m[i].size);
                if (w < 0 || (size_t)w >= size - off)
                        return -ENOSPC;
                off += w;
        }
        return (int)off;
}

static int write_map(pid_t pid, const char *file, const struct spec_id_mapping *m, size_t n,
                     struct error *err)
{
        char path[64], buf[4096];
        int len, r;

        if (n == 0)
                return 0;
        len = userns_format_map(m, n, buf, sizeof(buf));
        if (len < 0)
                return error_set(err, E2BIG, "%s: too many mappings", file);
        snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
        r = write_file_at(AT_FDCWD, path, buf, len, err);
        if (r < 0)
                return error_wrap(err, r, "write user namespace %s \"%.*s\"", file, len > 0 ? len - 1 : 0,
                                  buf);
        return 0;
}

/* Only the caller's own id, alone: what an unprivileged user may write itself (user_namespaces(7)). */
static bool own_id_only(const struct spec_id_mapping *m, size_t n, unsigned own)
{
        return n == 1 && m[0].size == 1 && m[0].host_id == own;
}

/*
 * Any other mapping of a user without privileges goes through the setuid helper of shadow's uidmap
 * package, which checks the ranges against /etc/subuid or /etc/subgid: "newuidmap PID ID HOSTID
 * SIZE...". Its stderr becomes the error.
 */
static int write_map_with_tool(pid_t pid, const char *file, const char *tool, const struct spec_id_mapping *m,
                               size_t n, struct error *err)
{
        char *argv[3 + 3 * 340 + 1], nums[3 * 340][12], text[1024] = "", map[4096];
        int pipefd[2], status, len, i = 0;
        posix_spawn_file_actions_t fa;
        ssize_t got, off = 0;
        pid_t child;
        char spid[16];

        if (n > 340)
                return error_set(err, E2BIG, "%s: too many mappings", file);
        len = userns_format_map(m, n, map, sizeof(map));
        if (len > 0)
                map[len - 1] = '\0';
        for (char *p = map; *p; p++)
                if (*p == '\n')
                        *p = ',';
        snprintf(spid, sizeof(spid), "%d", (int)pid);
        argv[i++] = (char *)tool;
        argv[i++] = spid;
        for (size_t k = 0; k < n; k++) {
                snprintf(nums[3 * k], 12, "%u", m[k].container_id);
                snprintf(nums[3 * k + 1], 12, "%u", m[k].host_id);
                snprintf(nums[3 * k + 2], 12, "%u", m[k].size);
                argv[i++] = nums[3 * k];
                argv[i++] = nums[3 * k + 1];
                argv[i++] = nums[3 * k + 2];
        }
        argv[i] = NULL;
        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return error_errno(err, errno, "pipe");
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
        status = posix_spawnp(&child, tool, &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        close(pipefd[1]);
        if (status != 0) {
                close(pipefd[0]);
                if (status == ENOENT)
                        return error_set(
                            err, ENOENT,
                            "write user namespace %s \"%s\": a user without privileges needs %s "
                            "(the uidmap package) for ids other than its own, and it is not in $PATH",
                            file, map, tool);
                return error_errno(err, status, "write user namespace %s \"%s\": run %s", file, map, tool);
        }
        while (off < (ssize_t)sizeof(text) - 1 &&
               (got = read(pipefd[0], text + off, sizeof(text) - 1 - off)) > 0)
                off += got;
        text[off] = '\0';
        close(pipefd[0]);
        while (off > 0 && (text[off - 1] == '\n' || text[off - 1] == ' '))
                text[--off] = '\0';
        if (waitpid(child, &status, 0) < 0)
                return error_errno(err, errno, "wait for %s", tool);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                return 0;
        return error_set(err, EPERM,
                         "write user namespace %s \"%s\": %s refused (the ids must be the user's own, or "
                         "ranges of /etc/sub%cid): %s",
                         file, map, tool, file[0] == 'u' ? 'u' : 'g', text[0] ? text : "no reason given");
}

/* A user without privileges: its own id directly (with setgroups "deny" first for gid_map, as the
 * kernel requires), anything else through newuidmap/newgidmap. */
static int write_map_rootless(pid_t pid, bool gid, const struct spec_id_mapping *m, size_t n,
                              struct error *err)
{
        const char *file = gid ? "gid_map" : "uid_map";

        if (n == 0)
                return 0;
        if (!own_id_only(m, n, gid ? getegid() : geteuid()))
                return write_map_with_tool(pid, file, gid ? "newgidmap" : "newuidmap", m, n, err);
        if (gid) {
                char path[64];
                int r;

                snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
                r = write_file_at(AT_FDCWD, path, "deny", 4, err);
                if (r < 0 && r != -ENOENT)
                        return r;
        }
        return write_map(pid, file, m, n, err);
}

int userns_write_maps(pid_t pid, const struct spec_linux *l, bool deny_setgroups, struct error *err)
{
        int r;

        if (deny_setgroups) {
                char path[64];
                snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
                r = write_file_at(AT_FDCWD, path, "deny", 4, err);
                if (r < 0 && r != -ENOENT)
                        return r;
        }
        return userns_write_id_maps(pid, l->uid_mappings, l->n_uid_mappings, l->gid_mappings,
                                    l->n_gid_mappings, err);
}

int userns_write_id_maps(pid_t pid, const struct spec_id_mapping *uids, size_t n_uids,
                         const struct spec_id_mapping *gids, size_t n_gids, struct error *err)
{
        int r;

        if (geteuid() != 0) {
                r = write_map_rootless(pid, false, uids, n_uids, err);
                return r < 0 ? r : write_map_rootless(pid, true, gids, n_gids, err);
        }
        r = write_map(pid, "uid_map", uids, n_uids, err);

        if (r < 0)
                return r;
        return write_map(pid, "gid_map", gids, n_gids, err);
}

bool userns_setgroups_allowed(void)
{
        char buf[16] = "";
        int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);

        if (fd < 0)
                return true;
        if (read(fd, buf, sizeof(buf) - 1) < 0)
                buf[0] = '\0';
        close(fd);
        return strncmp(buf, "deny", 4) != 0;
}
