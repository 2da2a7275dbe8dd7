/* SPDX-License-Identifier: Apache-2.0 */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int error_vset(struct error *err, int code, const char *fmt, va_list ap)
{
        if (code <= 0)
                code = code < 0 ? -code : EINVAL;
        if (err) {
                err->code = code;
                vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        }
        return -code;
}

int error_set(struct error *err, int code, const char *fmt, ...)
{
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = error_vset(err, code, fmt, ap);
        va_end(ap);
        return r;
}

int error_errno(struct error *err, int errnum, const char *fmt, ...)
{
        va_list ap;
        size_t len;

        if (errnum < 0)
                errnum = -errnum;
        if (errnum == 0)
                errnum = EIO;
        if (!err)
                return -errnum;
        va_start(ap, fmt);
        error_vset(err, errnum, fmt, ap);
        va_end(ap);
        len = strlen(err->msg);
        snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", strerror(errnum));
        return -errnum;
}

int error_wrap(struct error *err, int ret, const char *fmt, ...)
{
        char prefix[ERROR_MSG_MAX], old[ERROR_MSG_MAX];
        va_list ap;

        if (!err)
                return ret < 0 ? ret : -EINVAL;
        if (ret >= 0)
                ret = -(err->code ? err->code : EINVAL);
        va_start(ap, fmt);
        vsnprintf(prefix, sizeof(prefix), fmt, ap);
        va_end(ap);
        memcpy(old, err->msg, sizeof(old));
        if (old[0])
                snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
        else
                snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, strerror(-ret));
        err->code = -ret;
        return ret;
}

void error_clear(struct error *err)
{
        if (err) {
                err->code = 0;
                err->msg[0] = '\0';
        }
}
