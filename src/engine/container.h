/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A container's state directory, <root>/<id>/:
 *   state.json   what brownie knows of it (written atomically)
 *   config.json  the config it was created from (for delete's poststop hooks and cgroup)
 *   exec.fifo    present while the container is "created"; start opens it
 * The directory fd carries an flock, so commands on one id serialise.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "engine.h"
#include "kernel.h"
#include "linux/cgroup/cgroup.h"
#include "linux/resctrl/resctrl.h"
#include "model/spec.h"
#include "util/error.h"

#define STATE_FILE  "state.json"
#define CONFIG_FILE "config.json"
#define FIFO_FILE   "exec.fifo"
#define OCI_VERSION "1.2.0"

enum container_status {
        STATUS_CREATING,
        STATUS_CREATED,
        STATUS_RUNNING,
        STATUS_PAUSED,
        STATUS_STOPPED,
};

struct container {
        char *id;
        int dirfd;  /* the locked state directory */
        int rootfd; /* the state root it is in, as its opener had it open (-1: opened again when needed) */
        pid_t pid;
        uint64_t start_time;
        char *bundle;
        char *rootfs;
        char *created;
        char *cgroup_path; /* the primary path (shown, and every hierarchy's in older states) */
        struct cgroup_saved_path *cgroup_paths; /* each hierarchy's, as create resolved it */
        size_t n_cgroup_paths;
        bool cgroup_listed; /* rootless: only the hierarchies in cgroup_paths hold the container */
        bool systemd_cgroup;
        char *systemd_unit; /* --systemd-cgroup: the transient unit holding the cgroup ("brownie-c1.scope") */
        struct kv *annotations;
        size_t n_annotations;
        struct resctrl_group *rdt;       /* linux.intelRdt: the resctrl group create made or joined */
        const struct kernel_ops *kernel; /* the calls on its processes: g->kernel, else kernel_linux */
        enum container_status status;    /* computed when opened */
        bool locked;                     /* we hold the state directory's lock (create holds it throughout) */
};

/* Valid ids as runc takes them: [A-Za-z0-9_+.-]+, not "." or "..". */
bool container_id_valid(const char *id);

/* Fills c (c->id set, the rest zero) from the text of its state.json; the fields it names only. */
int container_parse_state(struct container *c, const char *text, struct error *err);

/* Opens the state root, creating it when create is set. */
int state_root_open(const struct global_opts *g, bool create, struct error *err);

/* Opens and (with lock) locks <root>/<id>, reads its state and computes its status.
 * An unknown id (or one whose create has not saved a state yet, when not locking) is -ENOENT
 * "container does not exist". A create that died half-way (killed, crashed) left a container whose
 * init was never recorded and whose lock nobody holds: it is opened as stopped, so delete removes
 * whatever exists of it (cgroup, processes in it, state) and the id is free again. */
int container_open(const struct global_opts *g, const char *id, bool lock, struct container **out,
                   struct error *err);

/* Recomputes c->status from the process and the fifo; a container with no init recorded yet is
 * creating while its creator holds the lock, else stopped. */
void container_refresh_status(struct container *c);

int container_save(const struct container *c, struct error *err);

/* Keeps where create made the cgroup: its primary path and each hierarchy's. */
int container_set_cgroup(struct container *c, const struct cgroup *cg, struct error *err);

/* The container's cgroup, found again where create made it (from the state, never from the
 * caller's own cgroup). The container must have one (c->cgroup_path). */
int container_cgroup(const struct container *c, struct cgroup **out, struct error *err);

/* Freezes or thaws the container's cgroup (pause.c). */
int container_set_frozen(struct container *c, bool frozen, struct error *err);

/* Parses the config.json kept in the state directory. */
int container_load_spec(const struct container *c, struct spec **out, struct error *err);

/* Writes runc's state JSON (indented) to out. */
int container_write_state_json(const struct container *c, FILE *out, struct error *err);

/* The state as hooks receive it on stdin (one line of JSON), with the given status. Malloc'd. */
char *container_hook_state(const char *id, pid_t pid, const char *bundle, const struct kv *annotations,
                           size_t n_annotations, enum container_status status);

const char *container_status_name(enum container_status s);

/* Removes the state directory (the container is gone). */
int container_remove_dir(const struct global_opts *g, struct container *c, struct error *err);

void container_free(struct container *c);

/* The kernel calls on the container's processes (engine/kernel.h). */
static inline const struct kernel_ops *container_kernel(const struct container *c)
{
        return c->kernel ? c->kernel : &kernel_linux;
}

static inline void cleanup_containerp(struct container **c)
{
        container_free(*c);
        *c = NULL;
}
#define _cleanup_container_ __attribute__((cleanup(cleanup_containerp)))

/* RFC 3339 with nanoseconds in UTC, as Go's time.RFC3339Nano prints it. */
void format_rfc3339nano(char *buf, size_t size);
