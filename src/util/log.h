/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The logger: text lines (logrus' shape, as runc prints them) or JSON lines
 * {"level":…,"msg":…,"time":…} that containerd parses. One of the two pieces
 * of global state (the other is the parsed global options).
 */
#pragma once

#include <stdbool.h>

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };
enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON };

/* path NULL: stderr. Returns 0 or -errno (the log file could not be opened). */
int log_init(const char *path, enum log_format format, bool debug);
void log_close(void);
bool log_to_stderr(void);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)
