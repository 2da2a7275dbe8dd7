/* SPDX-License-Identifier: Apache-2.0 */
#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *errno_text(int errnum)
{
        static __thread char buf[128];
        const char *s = strerrordesc_np(errnum < 0 ? -errnum : errnum);

        if (!s) {
                snprintf(buf, sizeof(buf), "errno %d", errnum < 0 ? -errnum : errnum);
                return buf;
        }
        snprintf(buf, sizeof(buf), "%s", s);
        /* "No such file or directory" -> "no such file or directory"; an acronym ("RPC ...") stays */
        if (isupper((unsigned char)buf[0]) && !isupper((unsigned char)buf[1]))
                buf[0] = (char)tolower((unsigned char)buf[0]);
        return buf;
}

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
        snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", errno_text(errnum));
        return -errnum;
}

/* Appends src to dst (of size ERROR_MSG_MAX), truncating. */
static void msg_append(char *dst, const char *src)
{
        size_t len = strlen(dst), n = strlen(src);

        if (len + 1 >= ERROR_MSG_MAX)
                return;
        if (n > ERROR_MSG_MAX - 1 - len)
                n = ERROR_MSG_MAX - 1 - len;
        memcpy(dst + len, src, n);
        dst[len + n] = '\0';
}

int error_wrap(struct error *err, int ret, const char *fmt, ...)
{
        char old[ERROR_MSG_MAX];
        va_list ap;

        if (!err)
                return ret < 0 ? ret : -EINVAL;
        if (ret >= 0)
                ret = -(err->code ? err->code : EINVAL);
        memcpy(old, err->msg, sizeof(old));
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
        msg_append(err->msg, ": ");
        msg_append(err->msg, old[0] ? old : errno_text(-ret));
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
