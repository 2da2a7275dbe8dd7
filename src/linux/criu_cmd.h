/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CRIU through its command line (Debian ships no libcriu): an argv built one option at a time, run with
 * the fds it must inherit, and its failure told with the last line of its own log.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

#define CRIU_MAX_KEEP_FDS 8

struct criu_cmd {
        char **argv; /* argv[0] is the binary as given (--criu); NULL-terminated */
        size_t n, cap;
        bool failed;                     /* an allocation failed: criu_run reports it */
        int keep_fds[CRIU_MAX_KEEP_FDS]; /* inherited by criu under their own numbers (--inherit-fd) */
        size_t n_keep;
        const char
            *output; /* criu's stdout and stderr (appended), stdin /dev/null; NULL: the caller's stdio */
};

/* Starts the command line: binary (a name looked up in $PATH, or a path) and the action ("dump", ...). */
void criu_cmd_init(struct criu_cmd *c, const char *binary, const char *action);
/* Appends one argument, printf-style. */
void criu_arg(struct criu_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An fd criu inherits (its number in criu is the same); -E2BIG past CRIU_MAX_KEEP_FDS. With an output
 * file (criu_output) criu's fds 0-2 are replaced: keep fds from 3 up only. */
int criu_keep_fd(struct criu_cmd *c, int fd);
/* criu's stdout and stderr go to the file at path (made 0600, appended to), its stdin is /dev/null: what
 * the programs criu runs print (nft, iptables, tar) stays out of the caller's stdio, which may be the
 * container's. */
void criu_output(struct criu_cmd *c, const char *path);
void criu_cmd_free(struct criu_cmd *c);

/*
 * Runs criu and waits for it. before_exec, when set, is called with criu's pid while criu waits to
 * exec (to put it into a cgroup); its failure kills criu. log_path is the file criu was told to log to:
 * a non-zero exit becomes "criu failed: <its last error line> (exit status N; log: <log_path>)". criu's
 * stdio is the caller's unless criu_output named a file.
 */
int criu_run(struct criu_cmd *c, const char *log_path,
             int (*before_exec)(void *ctx, pid_t pid, struct error *err), void *ctx, struct error *err);

/* criu's last error line in its log ("Error (file.c:N): ..."), not its "... FAILED." summary, else the last
 * line; without criu's timestamp, into buf ("" when none). */
void criu_log_last_line(const char *log_path, char *buf, size_t size);

/* criu restores below a root that must be a mount point: rootfs bound (recursively, private) onto
 * target, an empty directory; criu_root_unbind detaches it again. */
int criu_root_bind(const char *rootfs, const char *target, struct error *err);
void criu_root_unbind(const char *target);
