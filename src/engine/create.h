/* SPDX-License-Identifier: Apache-2.0 */
/* The runtime's side of create, shared by create and run. */
#pragma once

#include <sys/types.h>

#include "container.h"
#include "engine.h"
#include "model/spec.h"

struct created {
        struct container *c; /* locked; state saved as "created" */
        struct spec *spec;
        pid_t pid;
        int pidfd;
};

/* Creates the container; on failure nothing is left (no state dir, cgroup, process). */
int create_container(const struct global_opts *g, const struct create_opts *o, struct created *out,
                     struct error *err);

void created_release(struct created *cr);
