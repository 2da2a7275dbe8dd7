/* SPDX-License-Identifier: Apache-2.0 */
#include "utc.h"

#include <stdio.h>

void utc_civil(int64_t t, struct utc_time *out)
{
        int64_t days = t / 86400, secs = t % 86400, era, doe, yoe, doy, mp;

        if (secs < 0) {
                secs += 86400;
                days--;
        }
        out->hour = (int)(secs / 3600);
        out->minute = (int)(secs / 60 % 60);
        out->second = (int)(secs % 60);
        /* Days to a date: count in 400-year eras of 146097 days, from 0000-03-01 so that the leap day
         * ends a year (March-based months 0-11). */
        days += 719468;
        era = (days >= 0 ? days : days - 146096) / 146097;
        doe = days - era * 146097;                                   /* [0, 146096] */
        yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
        doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
        mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
        out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
        out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
        out->year = yoe + era * 400 + (out->month <= 2);
}

void utc_format(const struct timespec *ts, bool nanos, char *buf, size_t size)
{
        struct utc_time u;
        char frac[16] = "";
        int len;

        utc_civil((int64_t)ts->tv_sec, &u);
        if (nanos) {
                len = snprintf(frac, sizeof(frac), ".%09ld", ts->tv_nsec);
                while (len > 1 && frac[len - 1] == '0')
                        frac[--len] = '\0';
                if (len == 1)
                        frac[0] = '\0';
        }
        snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d%sZ", (long long)u.year, u.month, u.day, u.hour,
                 u.minute, u.second, frac);
}
