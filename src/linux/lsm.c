/* SPDX-License-Identifier: Apache-2.0 */
/* Linux security modules: process.apparmorProfile and process.selinuxLabel. */
#include "linux/lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/log.h"

/* Set by lsm_check in the runtime, where selinuxfs is in sight; read by lsm_apply in the container's
 * processes, clones of the runtime that inherit it, after the pivot has hidden /sys/fs/selinux. One of the
 * few globals docs/ARCHITECTURE.md lists. */
static bool selinux_on;

bool lsm_apparmor_enabled(void)
{
        _cleanup_close_ int fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
        char buf[8] = "";

        return fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0 && buf[0] == 'Y';
}

/* As libselinux tells: selinuxfs is mounted. */
bool lsm_selinux_enabled(void)
{
        return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

int lsm_check(const struct spec_process *p, struct error *err)
{
        selinux_on = p->selinux_label && lsm_selinux_enabled(); /* looked at only when a label asks */
        if (p->selinux_label && !selinux_on)
                log_debug("process.selinuxLabel \"%s\" dropped: SELinux is not enabled on this host",
                          p->selinux_label);
        if (p->apparmor_profile && *p->apparmor_profile && !lsm_apparmor_enabled())
                return error_set(err, EINVAL,
                                 "process.apparmorProfile \"%s\": AppArmor is not enabled on this host",
                                 p->apparmor_profile);
        return 0;
}

/* Writes text to the first of the attribute files that exists; invalid (may be NULL) says what an
 * EINVAL means. */
static int write_attr(const char *const *files, const char *text, const char *field, const char *value,
                      const char *invalid, struct error *err)
{
        for (const char *const *f = files; *f; f++) {
                _cleanup_close_ int fd = open(*f, O_WRONLY | O_CLOEXEC);
                size_t len = strlen(text);

                if (fd < 0 && errno == ENOENT)
                        continue;
                if (fd < 0)
                        return error_errno(err, errno, "%s \"%s\": open \"%s\"", field, value, *f);
                if (write(fd, text, len) != (ssize_t)len) {
                        if (errno == EINVAL && invalid)
                                return error_set(err, EINVAL, "%s \"%s\": %s (write \"%s\": %s)", field,
                                                 value, invalid, *f, errno_text(EINVAL));
                        return error_errno(err, errno, "%s \"%s\": write \"%s\"", field, value, *f);
                }
                return 0;
        }
        return error_errno(err, ENOENT, "%s \"%s\": no attribute file in /proc", field, value);
}

int lsm_apply(const struct spec_process *p, struct error *err)
{
        int r;

        if (p->apparmor_profile && *p->apparmor_profile) {
                static const char *const files[] = {"/proc/thread-self/attr/apparmor/exec",
                                                    "/proc/thread-self/attr/exec", NULL};
                char text[512];

                /* The profile takes effect at the execve of the program. */
                snprintf(text, sizeof(text), "exec %s", p->apparmor_profile);
                r = write_attr(files, text, "process.apparmorProfile", p->apparmor_profile, NULL, err);
                if (r < 0)
                        return r;
        }
        if (p->selinux_label && *p->selinux_label && selinux_on) {
                static const char *const files[] = {"/proc/thread-self/attr/exec", NULL};

                r = write_attr(files, p->selinux_label, "process.selinuxLabel", p->selinux_label,
                               "not a context of the loaded SELinux policy", err);
                if (r < 0)
                        return r;
        }
        return 0;
}

int lsm_label_file(int fd, const char *label, struct error *err)
{
        char path[64];

        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
        if (setxattr(path, "security.selinux", label, strlen(label), 0) == 0)
                return 0;
        if (errno == EOPNOTSUPP) {
                log_debug("linux.mountLabel \"%s\": the filesystem keeps no labels of its own", label);
                return 0;
        }
        if (errno == EINVAL)
                return error_set(err, EINVAL, "\"%s\": not a context of the loaded SELinux policy", label);
        return error_errno(err, errno, "label \"%s\"", label);
}
