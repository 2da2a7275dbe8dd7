/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/keyring.h"

#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/keyctl.h>

int keyring_join_new(const char *id, struct error *err)
{
        char name[300];

        snprintf(name, sizeof(name), "_ses.%s", id);
        if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, name, 0, 0, 0) < 0) {
                if (errno == ENOSYS)
                        return 0;
                return error_errno(err, errno, "join session keyring \"%s\"", name);
        }
        return 0;
}
