/* SPDX-License-Identifier: Apache-2.0 */
#include "identity.h"

#include <errno.h>
#include <grp.h>
#include <sys/prctl.h>
#include <unistd.h>

int identity_apply(const struct spec_user *u, bool setgroups_allowed, struct error *err)
{
        if (setgroups_allowed) {
                if (setgroups(u->n_additional_gids, (const gid_t *)u->additional_gids) < 0)
                        return error_errno(err, errno, "setgroups (process.user.additionalGids)");
        } else if (u->n_additional_gids > 0) {
                return error_set(err, EPERM,
                                 "process.user.additionalGids: setgroups is denied in this user namespace");
        }
        /* Keep the permitted set across the uid change; the capability sets are applied right after. */
        if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
                return error_errno(err, errno, "prctl(PR_SET_KEEPCAPS)");
        if (setresgid(u->gid, u->gid, u->gid) < 0)
                return error_errno(err, errno, "setresgid(%u) (process.user.gid)", u->gid);
        if (setresuid(u->uid, u->uid, u->uid) < 0)
                return error_errno(err, errno, "setresuid(%u) (process.user.uid)", u->uid);
        if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
                return error_errno(err, errno, "prctl(PR_SET_KEEPCAPS)");
        return 0;
}
