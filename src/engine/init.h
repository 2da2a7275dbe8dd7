/* SPDX-License-Identifier: Apache-2.0 */
/* The container's init: everything create does inside the new namespaces, then the wait for start. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/spec.h"

struct init_args {
        const struct spec *spec;
        const char *id;
        const char *bundle;
        const char *rootfs;
        int sync_fd;   /* the child's end of the socketpair */
        int fifo_fd;   /* O_PATH fd of the exec fifo */
        uint64_t new_ns; /* CLONE_NEW* flags the clone created */
        bool no_pivot;
        bool no_new_keyring;
        int preserve_fds;
};

/* Runs in the child right after clone3; never returns. */
__attribute__((noreturn)) void container_init(const struct init_args *a);
