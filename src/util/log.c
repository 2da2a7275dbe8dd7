/* SPDX-License-Identifier: Apache-2.0 */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jsonstr.h"
#include "utc.h"

static int log_fd = STDERR_FILENO;
static enum log_format log_fmt = LOG_FORMAT_TEXT;
static bool log_debug_on;

static const char *const level_names[] = {"error", "warning", "info", "debug"};

int log_init(const char *path, enum log_format format, bool debug)
{
        log_fmt = format;
        log_debug_on = debug;
        if (path && *path) {
                int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
                if (fd < 0)
                        return -errno;
                log_fd = fd;
        }
        return 0;
}

void log_close(void)
{
        if (log_fd != STDERR_FILENO && log_fd >= 0)
                close(log_fd);
        log_fd = STDERR_FILENO;
}

bool log_to_stderr(void)
{
        return log_fd == STDERR_FILENO;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
        char msg[4096], line[8192 + 256], ts[64];
        struct timespec now;
        va_list ap;
        int n;
        int saved = errno;

        if (level == LOG_LEVEL_DEBUG && !log_debug_on)
                return;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);

        clock_gettime(CLOCK_REALTIME, &now);
        utc_format(&now, false, ts, sizeof(ts));

        if (log_fmt == LOG_FORMAT_JSON) {
                char esc[8192];
                json_escape(msg, esc, sizeof(esc));
                n = snprintf(line, sizeof(line), "{\"level\":\"%s\",\"msg\":\"%s\",\"time\":\"%s\"}\n",
                             level_names[level], esc, ts);
        } else {
                char esc[8192];
                json_escape(msg, esc, sizeof(esc));
                n = snprintf(line, sizeof(line), "time=\"%s\" level=%s msg=\"%s\"\n", ts, level_names[level],
                             esc);
        }
        if (n > (int)sizeof(line) - 1)
                n = sizeof(line) - 1;
        /* One write per line, so concurrent writers never interleave a line. */
        if (write(log_fd, line, n) < 0) {
                /* nowhere left to report it */
        }
        errno = saved;
}
