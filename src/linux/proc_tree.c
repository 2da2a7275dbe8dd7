/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/proc_tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"

static int push(pid_t **pids, size_t *n, size_t *cap, pid_t pid)
{
        for (size_t i = 0; i < *n; i++)
                if ((*pids)[i] == pid)
                        return 0;
        if (*n == *cap) {
                size_t c = *cap ? *cap * 2 : 16;
                pid_t *p = realloc(*pids, c * sizeof(*p));
                if (!p)
                        return -ENOMEM;
                *pids = p;
                *cap = c;
        }
        (*pids)[(*n)++] = pid;
        return 0;
}

/* Appends the children of every thread of pid; a process that is gone has none. */
static int children_of(pid_t pid, pid_t **pids, size_t *n, size_t *cap)
{
        char path[64];
        _cleanup_closedir_ DIR *tasks = NULL;
        struct dirent *d;

        snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
        tasks = opendir(path);
        if (!tasks)
                return 0;
        while ((d = readdir(tasks))) {
                _cleanup_fclose_ FILE *f = NULL;
                char file[300];
                int child;

                if (d->d_name[0] == '.')
                        continue;
                snprintf(file, sizeof(file), "/proc/%d/task/%s/children", (int)pid, d->d_name);
                f = fopen(file, "re");
                while (f && fscanf(f, "%d", &child) == 1)
                        if (push(pids, n, cap, child) < 0)
                                return -ENOMEM;
        }
        return 0;
}

int proc_tree(pid_t root, pid_t **pids, size_t *n, struct error *err)
{
        _cleanup_free_ pid_t *list = NULL;
        size_t count = 0, cap = 0;

        if (push(&list, &count, &cap, root) < 0)
                return error_errno(err, ENOMEM, "process tree");
        for (size_t i = 0; i < count; i++)
                if (children_of(list[i], &list, &count, &cap) < 0)
                        return error_errno(err, ENOMEM, "process tree");
        *pids = TAKE_PTR(list);
        *n = count;
        return 0;
}

/* The inode of pid's pid namespace; 0 when it cannot be read. */
static ino_t pidns_of(const char *pid)
{
        char path[300];
        struct stat st;

        snprintf(path, sizeof(path), "/proc/%s/ns/pid", pid);
        return stat(path, &st) == 0 ? st.st_ino : 0;
}

int proc_container(pid_t init, pid_t **pids, size_t *n, struct error *err)
{
        _cleanup_free_ pid_t *list = NULL;
        _cleanup_closedir_ DIR *proc = NULL;
        size_t count = 0, cap = 0;
        char spid[16];
        struct dirent *d;
        ino_t ns;

        snprintf(spid, sizeof(spid), "%d", (int)init);
        ns = pidns_of(spid);
        if (!ns || ns == pidns_of("self"))
                return proc_tree(init, pids, n, err);
        proc = opendir("/proc");
        if (!proc)
                return error_errno(err, errno, "open /proc");
        if (push(&list, &count, &cap, init) < 0)
                return error_errno(err, ENOMEM, "container processes");
        while ((d = readdir(proc))) {
                if (d->d_name[0] < '1' || d->d_name[0] > '9' || pidns_of(d->d_name) != ns)
                        continue;
                if (push(&list, &count, &cap, (pid_t)atoi(d->d_name)) < 0)
                        return error_errno(err, ENOMEM, "container processes");
        }
        *pids = TAKE_PTR(list);
        *n = count;
        return 0;
}
