/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one error type of brownie. Every fallible function returns 0 on success
 * or a negative errno, and fills a struct error with a message that carries
 * its context ("mount \"proc\" on \"/proc\": operation not permitted"). The reason is
 * worded as runc (Go) words it, in lower case: engines match it ("no such file or directory" is
 * Docker's exit code 127, "permission denied" its 126).
 * Only the CLI decides how it is printed and which exit code follows.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#define ERROR_MSG_MAX 2048

struct error {
        int code;                /* positive errno, 0 when unset */
        char msg[ERROR_MSG_MAX]; /* full message, context first */
};

#define ERROR_INIT                                                                                           \
        {                                                                                                    \
                0,                                                                                           \
                {                                                                                            \
                        0                                                                                    \
                }                                                                                            \
        }

/* Sets "<fmt>"; returns -code (code defaults to EINVAL when 0). */
int error_set(struct error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* An errno's text as runc prints it: strerror's, in lower case ("permission denied"). */
const char *errno_text(int errnum);

/* Sets "<fmt>: errno_text(errnum)"; returns -errnum. */
int error_errno(struct error *err, int errnum, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with "<fmt>: "; returns ret (or -code when ret >= 0). */
int error_wrap(struct error *err, int ret, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int error_vset(struct error *err, int code, const char *fmt, va_list ap);

void error_clear(struct error *err);
