/* SPDX-License-Identifier: Apache-2.0 */
#include "mount_plan.h"

#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <linux/mount.h>

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

uint64_t plan_ms_to_attr(unsigned long ms)
{
        uint64_t a = 0;

        if (ms & MS_RDONLY)
                a |= MOUNT_ATTR_RDONLY;
        if (ms & MS_NOSUID)
                a |= MOUNT_ATTR_NOSUID;
        if (ms & MS_NODEV)
                a |= MOUNT_ATTR_NODEV;
        if (ms & MS_NOEXEC)
                a |= MOUNT_ATTR_NOEXEC;
        if (ms & MS_NODIRATIME)
                a |= MOUNT_ATTR_NODIRATIME;
        if (ms & MS_NOSYMFOLLOW)
                a |= MOUNT_ATTR_NOSYMFOLLOW;
        if (ms & MS_NOATIME)
                a |= MOUNT_ATTR_NOATIME;
        else if (ms & MS_STRICTATIME)
                a |= MOUNT_ATTR_STRICTATIME;
        return a;
}

unsigned long plan_propagation_flags(enum spec_propagation p, bool recursive)
{
        unsigned long f = 0;

        switch (p) {
        case PROPAGATION_NONE:
                return 0;
        case PROPAGATION_SHARED:
                f = MS_SHARED;
                break;
        case PROPAGATION_SLAVE:
                f = MS_SLAVE;
                break;
        case PROPAGATION_PRIVATE:
                f = MS_PRIVATE;
                break;
        case PROPAGATION_UNBINDABLE:
                f = MS_UNBINDABLE;
                break;
        }
        return f | (recursive ? MS_REC : 0);
}

const struct default_device plan_default_devices[] = {
    {"/dev/null", 'c', 1, 3, 0666},
    {"/dev/zero", 'c', 1, 5, 0666},
    {"/dev/full", 'c', 1, 7, 0666},
    {"/dev/random", 'c', 1, 8, 0666},
    {"/dev/urandom", 'c', 1, 9, 0666},
    {"/dev/tty", 'c', 5, 0, 0666},
    {NULL, 0, 0, 0, 0},
};

const struct dev_link plan_dev_links[] = {
    {"/proc/self/fd", "/dev/fd"},       {"/proc/self/fd/0", "/dev/stdin"}, {"/proc/self/fd/1", "/dev/stdout"},
    {"/proc/self/fd/2", "/dev/stderr"}, {"pts/ptmx", "/dev/ptmx"},         {NULL, NULL},
};

bool plan_needs_dev_setup(const struct spec *s)
{
        for (size_t i = 0; i < s->n_mounts; i++)
                if (!strcmp(s->mounts[i].destination, "/dev") && s->mounts[i].bind)
                        return false;
        return true;
}
