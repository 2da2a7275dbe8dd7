/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/uts.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int uts_apply(const struct spec *s, struct error *err)
{
        if (s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
                return error_errno(err, errno, "sethostname \"%s\"", s->hostname);
        if (s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
                return error_errno(err, errno, "setdomainname \"%s\"", s->domainname);
        return 0;
}
