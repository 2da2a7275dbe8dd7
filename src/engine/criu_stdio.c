/* SPDX-License-Identifier: Apache-2.0 */
#include "criu_stdio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <linux/major.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux/terminal.h"
#include "util/cleanup.h"
#include "util/fs.h"

#define CONSOLE_PATH "/dev/console"

static bool pty_slave(const struct stat *st)
{
        unsigned int m = major(st->st_rdev);

        return S_ISCHR(st->st_mode) && m >= UNIX98_PTY_SLAVE_MAJOR &&
               m < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT;
}

static bool is_tty_key(const char *key)
{
        return !strncmp(key, "tty[", 4);
}

static bool is_pipe_key(const char *key)
{
        return !strncmp(key, "pipe:[", 6);
}

int criu_stdio_read(pid_t pid, struct criu_stdio *s, struct error *err)
{
        *s = (struct criu_stdio){0};
        for (int fd = 0; fd < 3; fd++) {
                char path[64];
                struct stat st;
                ssize_t n;

                snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
                if (stat(path, &st) < 0) {
                        if (errno == ENOENT)
                                continue;
                        return error_errno(err, errno, "the container's fd %d (%s)", fd, path);
                }
                if (pty_slave(&st)) {
                        snprintf(s->key[fd], sizeof(s->key[fd]), "tty[%" PRIx64 ":%" PRIx64 "]",
                                 (uint64_t)st.st_rdev, (uint64_t)st.st_dev);
                        continue;
                }
                n = readlink(path, s->key[fd], sizeof(s->key[fd]) - 1);
                if (n < 0)
                        return error_errno(err, errno, "the container's fd %d (%s)", fd, path);
                s->key[fd][n] = '\0';
        }
        return 0;
}

/* Whether key appears among the first n keys. */
static bool seen(const char keys[][CRIU_STDIO_KEY], int n, const char *key)
{
        for (int i = 0; i < n; i++)
                if (!strcmp(keys[i], key))
                        return true;
        return false;
}

static int write_descriptors(const struct criu_stdio *s, const char *image_dir, struct error *err)
{
        _cleanup_close_ int dirfd = open(image_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        json_object *a = json_object_new_array();
        const char *text;
        int r;

        if (!a)
                return error_errno(err, ENOMEM, "%s", CRIU_DESCRIPTORS);
        for (int fd = 0; fd < 3; fd++)
                json_object_array_add(a, json_object_new_string(s->key[fd]));
        text = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
        if (dirfd < 0)
                r = error_errno(err, errno, "--image-path \"%s\"", image_dir);
        else
                r = write_file_atomic_at(dirfd, CRIU_DESCRIPTORS, text, strlen(text), 0600, err);
        json_object_put(a);
        return r;
}

int criu_stdio_dump(struct criu_cmd *cmd, const struct criu_stdio *s, bool shell_job, bool console_mount,
                    const char *image_dir, struct error *err)
{
        bool tty = false;

        for (int fd = 0; fd < 3 && !shell_job; fd++) {
                if (!is_tty_key(s->key[fd]) || seen(s->key, fd, s->key[fd]))
                        continue;
                criu_arg(cmd, "--external");
                criu_arg(cmd, "%s", s->key[fd]);
                tty = true;
        }
        if (tty && console_mount) {
                criu_arg(cmd, "--ext-mount-map");
                criu_arg(cmd, "%s:%s", CONSOLE_PATH, CONSOLE_PATH);
        }
        return write_descriptors(s, image_dir, err);
}

/* The keys of descriptors.json; all "" when the images have none. */
static int read_descriptors(const char *image_dir, struct criu_stdio *s, struct error *err)
{
        _cleanup_close_ int dirfd = open(image_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        _cleanup_free_ char *text = NULL;
        json_object *a;
        size_t len;
        int r;

        *s = (struct criu_stdio){0};
        if (dirfd < 0)
                return error_errno(err, errno, "--image-path \"%s\"", image_dir);
        if (faccessat(dirfd, CRIU_DESCRIPTORS, F_OK, 0) < 0)
                return 0;
        r = read_doc_at(dirfd, CRIU_DESCRIPTORS, false, &text, &len, err);
        if (r < 0)
                return error_wrap(err, r, "%s/%s", image_dir, CRIU_DESCRIPTORS);
        a = json_tokener_parse(text);
        if (!a || !json_object_is_type(a, json_type_array)) {
                json_object_put(a);
                return error_set(err, EINVAL, "%s/%s: not a JSON array", image_dir, CRIU_DESCRIPTORS);
        }
        for (size_t fd = 0; fd < 3 && fd < json_object_array_length(a); fd++) {
                json_object *k = json_object_array_get_idx(a, fd);

                if (json_object_is_type(k, json_type_string))
                        snprintf(s->key[fd], sizeof(s->key[fd]), "%s", json_object_get_string(k));
        }
        json_object_put(a);
        return 0;
}

/* Our own fd criu inherits: a copy from 3 up (criu's fds 0-2 are its own stdio). */
static int own_fd(int fd, struct criu_stdio_restore *rs, struct error *err)
{
        rs->dups[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (rs->dups[fd] < 0)
                return error_errno(err, errno, "fd %d for criu", fd);
        return rs->dups[fd];
}

static int inherit(struct criu_cmd *cmd, int fd, const char *key, struct error *err)
{
        if (criu_keep_fd(cmd, fd) < 0)
                return error_set(err, E2BIG, "criu: too many inherited fds");
        criu_arg(cmd, "--inherit-fd");
        criu_arg(cmd, "fd[%d]:%s", fd, key);
        return 0;
}

/* The fd the terminal is restored to: a new pty's slave for the console socket, else our own terminal;
 * /dev/console is bound from it (criu ignores the key where the dump had no such mount). */
static int terminal_fd(struct criu_cmd *cmd, int fd, bool console, struct criu_stdio_restore *rs,
                       struct error *err)
{
        int r;

        if (console) {
                rs->pty_master = pty_open(&rs->pty_slave, rs->pty_path, sizeof(rs->pty_path), err);
                if (rs->pty_master < 0)
                        return rs->pty_master;
                fd = rs->pty_slave;
        } else if (!isatty(fd)) {
                return error_set(
                    err, ENOTTY,
                    "the checkpointed process has a terminal: restore needs --console-socket (or a "
                    "terminal as fd %d)",
                    fd);
        } else if ((r = ttyname_r(fd, rs->pty_path, sizeof(rs->pty_path))) != 0) {
                return error_errno(err, r, "the terminal on fd %d", fd);
        } else if ((fd = own_fd(fd, rs, err)) < 0) {
                return fd;
        }
        criu_arg(cmd, "--ext-mount-map");
        criu_arg(cmd, "%s:%s", CONSOLE_PATH, rs->pty_path);
        return fd;
}

int criu_stdio_restore(struct criu_cmd *cmd, const char *image_dir, bool console, bool shell_job,
                       struct criu_stdio_restore *rs, struct error *err)
{
        struct criu_stdio s;
        int r = read_descriptors(image_dir, &s, err);

        for (int fd = 0; r >= 0 && fd < 3; fd++) {
                int from = fd;

                if (seen(s.key, fd, s.key[fd]))
                        continue;
                if (is_tty_key(s.key[fd])) {
                        if (shell_job)
                                continue;
                        if (rs->pty_path[0])
                                return error_set(err, EINVAL, "%s/%s: more than one terminal", image_dir,
                                                 CRIU_DESCRIPTORS);
                        from = terminal_fd(cmd, fd, console, rs, err);
                        if (from < 0)
                                return from;
                } else if (!is_pipe_key(s.key[fd])) {
                        continue;
                } else if ((from = own_fd(fd, rs, err)) < 0) {
                        return from;
                }
                r = inherit(cmd, from, s.key[fd], err);
        }
        return r;
}

void criu_stdio_restore_close(struct criu_stdio_restore *rs)
{
        cleanup_closep(&rs->pty_master);
        cleanup_closep(&rs->pty_slave);
        for (int fd = 0; fd < 3; fd++)
                cleanup_closep(&rs->dups[fd]);
}
