/* SPDX-License-Identifier: Apache-2.0 */
/* The flags create and run share, bound to struct create_opts. */
#pragma once

#include <stddef.h>

#include "cli/flags.h"
#include "engine/engine.h"

#define CREATE_OPT(field) offsetof(struct create_opts, field)

/* One flag per line; the formatter would stagger a multi-line macro. */
/* clang-format off */
#define CREATE_FLAGS                                                                                         \
        {"bundle", 'b', FLAG_STRING, CREATE_OPT(bundle),                                                     \
         "the bundle directory (config.json and root filesystem); the current directory by default"},        \
        {"console-socket", 0, FLAG_STRING, CREATE_OPT(console_socket),                                       \
         "AF_UNIX socket to send the master end of the container's terminal to"},                            \
        {"pid-file", 0, FLAG_STRING, CREATE_OPT(pid_file), "write the container's init pid to this file"},   \
        {"pidfd-socket", 0, FLAG_STRING, CREATE_OPT(pidfd_socket),                                           \
         "AF_UNIX socket to send a pidfd of the container's init to"},                                       \
        {"no-pivot", 0, FLAG_BOOL, CREATE_OPT(no_pivot),                                                     \
         "enter the root filesystem without pivot_root (needed when it lives on a ramdisk)"},                \
        {"no-new-keyring", 0, FLAG_BOOL, CREATE_OPT(no_new_keyring),                                         \
         "keep the caller's session keyring instead of creating one for the container"},                     \
        {"preserve-fds", 0, FLAG_INT, CREATE_OPT(preserve_fds),                                              \
         "hand N more file descriptors to the container: stdio, $LISTEN_FDS and N (default: 0)"},            \
        {"network", 0, FLAG_OPT_STRING, CREATE_OPT(network),                                                 \
         "connect the container through CNI: a conflist's name, \"none\" (loopback only), or nothing for "  \
         "brownie's default bridge network"},                                                                \
        {"publish", 'p', FLAG_LIST, CREATE_OPT(publish),                                                     \
         "publish a port: [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] (repeatable; implies --network)"},       \
        {"cni-config-dir", 0, FLAG_STRING, CREATE_OPT(cni_config_dir),                                       \
         "where --network finds conflists (default: $NETCONFPATH, else /etc/cni/net.d)"},                   \
        {"cni-path", 0, FLAG_STRING, CREATE_OPT(cni_path),                                                   \
         "where the CNI plugins are, ':'-separated (default: $CNI_PATH, else /usr/lib/cni:/opt/cni/bin)"},                                                                                                    \
        {"device", 0, FLAG_LIST, CREATE_OPT(devices),                                                        \
         "add a CDI device by its fully-qualified name, vendor.com/class=name (repeatable)"}
/* clang-format on */
