/* SPDX-License-Identifier: Apache-2.0 */
/* Linux security modules: what brownie can honour of process.apparmorProfile and process.selinuxLabel. */
#include "lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/log.h"

int lsm_check(const struct spec_process *p, struct error *err)
{
        char buf[8] = "";
        _cleanup_close_ int fd = -1;

        if (p->selinux_label)
                log_debug("process.selinuxLabel \"%s\" dropped: SELinux is not supported here",
                          p->selinux_label);
        if (!p->apparmor_profile || !*p->apparmor_profile)
                return 0;
        fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
        if (fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0 && buf[0] == 'Y')
                return error_set(err, ENOTSUP,
                                 "process.apparmorProfile \"%s\": AppArmor profiles are not supported yet",
                                 p->apparmor_profile);
        return error_set(err, EINVAL, "process.apparmorProfile \"%s\": AppArmor is not enabled on this host",
                         p->apparmor_profile);
}
