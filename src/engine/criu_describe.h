/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What checkpoint and restore both tell criu: the image and work directories, the options the user
 * gave, and the container as runc describes it (external bind mounts and masked files, namespaces
 * joined by path, the cgroup mode).
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "engine.h"
#include "linux/criu_cmd.h"
#include "model/spec.h"

struct cgroup;

#define CRIU_DUMP_LOG    "dump.log"
#define CRIU_RESTORE_LOG "restore.log"
/* criu's own stdout and stderr (what the programs it runs print), beside its log: "<log name>.out" */
#define CRIU_OUTPUT_SUFFIX ".out"

struct criu_paths {
        char image[4096]; /* absolute */
        char work[4096];  /* absolute */
        char log[4096];   /* work/<log name> */
        char out[4096];   /* work/<log name>.out */
};

/* The image and work directories (made when missing, as runc makes them), the log's and the output's paths.
 */
int criu_paths_resolve(const struct criu_common_opts *o, const char *log_name, bool make_image,
                       struct criu_paths *p, struct error *err);

/* Checks the options before anything is done: the cgroup mode and --empty-ns. */
int criu_opts_check(const struct criu_common_opts *o, struct error *err);

/* --images-dir, --work-dir, --log-file, the user's options, --manage-cgroups. */
void criu_common_args(struct criu_cmd *cmd, const struct criu_common_opts *o, const struct criu_paths *p,
                      const char *log_name);

/*
 * The container as criu must know it: criu's configuration file (the annotation org.criu.config, else
 * /etc/criu/runc.conf where it exists, as runc picks it). dump (pid set): every bind mount and every masked
 * file is an external mount keyed by its destination; a network or pid namespace joined by path is external
 * (extRootNetNS, extRootPidNS). On a v1 host a "cgroup" mount without a cgroup namespace is a tmpfs of
 * binds of the host's hierarchies (cg: the container's cgroup, NULL for none): each bind is external too,
 * keyed by its place in the tmpfs, as runc describes them. restore (pid 0): each key mapped to the bind's
 * source (masked files to /dev/null, a cgroup bind to the restored container's cgroup); a joined
 * namespace given as an fd criu inherits (opened here, closed by ns_fds_close).
 */
int criu_describe(struct criu_cmd *cmd, const struct spec *s, const struct cgroup *cg, pid_t pid,
                  int ns_fds[2], struct error *err);
void criu_ns_fds_close(int ns_fds[2]);
