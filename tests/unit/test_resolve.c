/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux/resolve: paths inside a root never lead out of it. A temporary directory is the root; it
 * holds hostile links ("etc" -> "/", "up" -> "../../../..", a dangling one). No root needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/mount/resolve.h"
#include "util/fs.h"

static char dir[512];
static int root_fd = -1;

static void at(char *buf, size_t size, const char *rel)
{
        snprintf(buf, size, "%s/%s", dir, rel);
}

static int setup(void **state)
{
        char p[PATH_MAX];

        snprintf(dir, sizeof(dir), "%s/brownie-resolve-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(dir))
                return -1;
        at(p, sizeof(p), "marker");
        close(open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
        at(p, sizeof(p), "dir");
        mkdir(p, 0755);
        at(p, sizeof(p), "etc");
        if (symlink("/", p) < 0)
                return -1;
        at(p, sizeof(p), "up");
        if (symlink("../../../../../../..", p) < 0)
                return -1;
        at(p, sizeof(p), "dangling");
        if (symlink("/nonexistent/x", p) < 0)
                return -1;
        root_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        return root_fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        char *slash = strrchr(dir, '/');
        int parent, r;

        close(root_fd);
        *slash = '\0';
        parent = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        r = parent < 0 ? -1 : rm_rf_at(parent, slash + 1);
        if (parent >= 0)
                close(parent);
        return r < 0 ? -1 : 0;
}

/* The inode of dir/rel (not followed) equals that of fd. */
static void assert_is(int fd, const char *rel)
{
        struct stat a, b;
        char p[PATH_MAX];

        at(p, sizeof(p), rel);
        assert_int_equal(fstat(fd, &a), 0);
        assert_int_equal(lstat(p, &b), 0);
        assert_true(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}

static void absolute_symlink_stays_inside(void **state)
{
        struct error err = ERROR_INIT;
        int fd = resolve_in_root(root_fd, "/etc/marker", O_PATH, &err);

        assert_true(fd >= 0);
        assert_is(fd, "marker");
        close(fd);
        /* The host's /etc/passwd is never reached through "etc" -> "/". */
        fd = resolve_in_root(root_fd, "/etc/etc/passwd", O_PATH, &err);
        assert_int_equal(fd, -ENOENT);
        assert_string_equal(err.msg, "no such file or directory");
}

static void dotdot_stays_inside(void **state)
{
        int fd;

        fd = resolve_in_root(root_fd, "../../../../marker", O_PATH, NULL);
        assert_true(fd >= 0);
        assert_is(fd, "marker");
        close(fd);
        fd = resolve_in_root(root_fd, "/up/up/marker", O_PATH, NULL);
        assert_true(fd >= 0);
        assert_is(fd, "marker");
        close(fd);
        fd = resolve_in_root(root_fd, "/", O_PATH | O_DIRECTORY, NULL);
        assert_true(fd >= 0);
        assert_is(fd, ".");
        close(fd);
}

static void nofollow_opens_the_link_itself(void **state)
{
        struct stat st;
        int fd = resolve_in_root(root_fd, "/etc", O_PATH | O_NOFOLLOW, NULL);

        assert_true(fd >= 0);
        assert_int_equal(fstat(fd, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
        close(fd);
}

static void magic_links_are_refused(void **state)
{
        int host = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        int fd;

        assert_true(host >= 0);
        if (access("/proc/self/root", F_OK) < 0) {
                close(host);
                skip();
        }
        fd = resolve_in_root(host, "/proc/self/root/etc", O_PATH, NULL);
        assert_int_equal(fd, -ELOOP);
        close(host);
}

static void create_through_hostile_links_stays_inside(void **state)
{
        struct error err = ERROR_INIT;
        char p[PATH_MAX];
        struct stat st;
        int fd;

        fd = resolve_create(root_fd, "/etc/brownie-test-newdir/sub", RESOLVE_CREATE_DIR, 0700, &err);
        assert_true(fd >= 0);
        assert_is(fd, "brownie-test-newdir/sub");
        close(fd);
        assert_int_equal(access("/brownie-test-newdir", F_OK), -1);
        at(p, sizeof(p), "brownie-test-newdir/sub");
        assert_int_equal(stat(p, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0700);

        fd = resolve_create(root_fd, "/up/../x/y/file", RESOLVE_CREATE_FILE, 0600, &err);
        assert_true(fd >= 0);
        assert_is(fd, "x/y/file");
        assert_int_equal(fstat(fd, &st), 0);
        assert_true(S_ISREG(st.st_mode));
        close(fd);
}

static void create_uses_what_exists(void **state)
{
        int fd = resolve_create(root_fd, "/dir", RESOLVE_CREATE_DIR, 0755, NULL);

        assert_true(fd >= 0);
        assert_is(fd, "dir");
        close(fd);
        fd = resolve_create(root_fd, "/marker", RESOLVE_CREATE_DIR, 0755, NULL);
        assert_true(fd >= 0);
        assert_is(fd, "marker");
        close(fd);
}

static void create_below_a_file_fails(void **state)
{
        struct error err = ERROR_INIT;
        int fd = resolve_create(root_fd, "/marker/sub/x", RESOLVE_CREATE_DIR, 0755, &err);

        assert_int_equal(fd, -ENOTDIR);
        assert_string_equal(err.msg, "not a directory");
}

static void create_through_dangling_link_fails(void **state)
{
        int fd = resolve_create(root_fd, "/dangling/y", RESOLVE_CREATE_DIR, 0755, NULL);

        assert_true(fd < 0);
        assert_int_equal(access("/nonexistent", F_OK), -1);
}

static void parent_and_name(void **state)
{
        struct error err = ERROR_INIT;
        char name[64];
        int fd;

        fd = resolve_parent(root_fd, "/etc/brownie-parent/leaf/", true, name, sizeof(name), &err);
        assert_true(fd >= 0);
        assert_string_equal(name, "leaf");
        assert_is(fd, "brownie-parent");
        close(fd);
        fd = resolve_parent(root_fd, "/top", false, name, sizeof(name), &err);
        assert_true(fd >= 0);
        assert_string_equal(name, "top");
        assert_is(fd, ".");
        close(fd);
        assert_int_equal(resolve_parent(root_fd, "/", false, name, sizeof(name), &err), -EINVAL);
        assert_int_equal(resolve_parent(root_fd, "/missing/leaf", false, name, sizeof(name), &err), -ENOENT);
}

static void container_path_of_an_fd(void **state)
{
        struct error err = ERROR_INIT;
        char out[PATH_MAX], host[PATH_MAX];
        int fd = resolve_in_root(root_fd, "/up/dir", O_PATH, NULL);

        assert_true(fd >= 0);
        assert_int_equal(resolve_container_path(fd, dir, out, sizeof(out), &err), 0);
        assert_string_equal(out, "/dir");
        assert_int_equal(resolve_container_path(root_fd, dir, out, sizeof(out), &err), 0);
        assert_string_equal(out, "/");
        /* With "/" as the root (after pivot_root) the path is the whole path. */
        assert_int_equal(resolve_container_path(fd, "/", out, sizeof(out), &err), 0);
        at(host, sizeof(host), "dir");
        assert_string_equal(out, host);
        close(fd);
        /* Outside the root: refused. */
        fd = open("/", O_PATH | O_CLOEXEC);
        assert_int_equal(resolve_container_path(fd, dir, out, sizeof(out), &err), -EXDEV);
        close(fd);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(absolute_symlink_stays_inside),
            cmocka_unit_test(dotdot_stays_inside),
            cmocka_unit_test(nofollow_opens_the_link_itself),
            cmocka_unit_test(magic_links_are_refused),
            cmocka_unit_test(create_through_hostile_links_stays_inside),
            cmocka_unit_test(create_uses_what_exists),
            cmocka_unit_test(create_below_a_file_fails),
            cmocka_unit_test(create_through_dangling_link_fails),
            cmocka_unit_test(parent_and_name),
            cmocka_unit_test(container_path_of_an_fd),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
