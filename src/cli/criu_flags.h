/* SPDX-License-Identifier: Apache-2.0 */
/* The criu flags checkpoint and restore share (runc's), bound to a struct criu_common_opts at offset base. */
#pragma once

#include <stddef.h>

#include "cli/flags.h"
#include "engine/engine.h"

#define CRIU_OPT(base, field) ((base) + offsetof(struct criu_common_opts, field))

/* clang-format off */
#define CRIU_COMMON_FLAGS(base)                                                                              \
        {"image-path", 0, FLAG_STRING, CRIU_OPT(base, image_path),                                           \
         "path for saving criu image files (default: \"checkpoint\" in the current directory)"},            \
        {"work-path", 0, FLAG_STRING, CRIU_OPT(base, work_path),                                             \
         "path for saving work files and logs (default: the image path)"},                                   \
        {"tcp-established", 0, FLAG_BOOL, CRIU_OPT(base, tcp_established), "allow open tcp connections"},    \
        {"ext-unix-sk", 0, FLAG_BOOL, CRIU_OPT(base, ext_unix_sk), "allow external unix sockets"},           \
        {"shell-job", 0, FLAG_BOOL, CRIU_OPT(base, shell_job), "allow shell jobs"},                          \
        {"file-locks", 0, FLAG_BOOL, CRIU_OPT(base, file_locks), "handle file locks, for safety"},           \
        {"lazy-pages", 0, FLAG_BOOL, CRIU_OPT(base, lazy_pages), "use userfaultfd to lazily restore memory pages"}, \
        {"manage-cgroups-mode", 0, FLAG_STRING, CRIU_OPT(base, manage_cgroups_mode),                         \
         "cgroups mode: soft (default), ignore, full or strict"},                                            \
        {"empty-ns", 0, FLAG_LIST, CRIU_OPT(base, empty_ns),                                                 \
         "create a namespace, but do not restore its properties (\"network\" only; repeatable)"},          \
        {"auto-dedup", 0, FLAG_BOOL, CRIU_OPT(base, auto_dedup), "enable auto deduplication of memory images"}
/* clang-format on */
