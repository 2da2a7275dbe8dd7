/* SPDX-License-Identifier: Apache-2.0 */
#include "create_flags.h"

int create_flags(struct create_opts *o, struct opt_def *opts)
{
        const struct opt_def defs[] = {
            {"bundle", 'b', OPT_STRING, &o->bundle,
             "path to the root of the bundle directory, defaults to the current directory"},
            {"console-socket", 0, OPT_STRING, &o->console_socket,
             "path to an AF_UNIX socket which will receive the master end of the console's pseudoterminal"},
            {"pidfd-socket", 0, OPT_STRING, &o->pidfd_socket,
             "path to an AF_UNIX socket which will receive a pidfd of the container's init"},
            {"pid-file", 0, OPT_STRING, &o->pid_file, "specify the file to write the process id to"},
            {"no-pivot", 0, OPT_BOOL, &o->no_pivot,
             "do not use pivot_root to jail the process inside rootfs (for a rootfs on a ramdisk)"},
            {"no-new-keyring", 0, OPT_BOOL, &o->no_new_keyring,
             "do not create a new session keyring for the container"},
            {"preserve-fds", 0, OPT_INT, &o->preserve_fds,
             "pass N additional file descriptors to the container (stdio + N in total) (default: 0)"},
        };
        int n = (int)(sizeof(defs) / sizeof(defs[0]));

        for (int i = 0; i < n; i++)
                opts[i] = defs[i];
        return n;
}
