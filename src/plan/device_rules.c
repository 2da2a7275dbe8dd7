/* SPDX-License-Identifier: Apache-2.0 */
#include "device_rules.h"

#include <stdio.h>
#include <string.h>

static const struct device_rule defaults[] = {
    {true, 'c', -1, -1, "m"}, {true, 'b', -1, -1, "m"},    {true, 'c', 1, 3, "rwm"},
    {true, 'c', 1, 8, "rwm"}, {true, 'c', 1, 7, "rwm"},    {true, 'c', 5, 0, "rwm"},
    {true, 'c', 1, 5, "rwm"}, {true, 'c', 1, 9, "rwm"},    {true, 'c', 136, -1, "rwm"},
    {true, 'c', 5, 2, "rwm"}, {true, 'c', 10, 200, "rwm"},
};

size_t plan_device_rules(const struct spec_resources *r, struct device_rule *out, size_t max)
{
        size_t n = 0;

        if (!r || r->n_devices == 0)
                return 0;
        for (size_t i = 0; i < r->n_devices && n < max; i++) {
                const struct spec_device_cgroup *d = &r->devices[i];
                struct device_rule *o = &out[n++];

                o->allow = d->allow;
                o->type = d->type ? d->type : 'a';
                o->major = d->has_major ? d->major : -1;
                o->minor = d->has_minor ? d->minor : -1;
                snprintf(o->access, sizeof(o->access), "%s", d->access && *d->access ? d->access : "rwm");
        }
        for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]) && n < max; i++)
                out[n++] = defaults[i];
        return n;
}

void device_rule_format(const struct device_rule *d, char *buf, size_t size)
{
        char major[24], minor[24];

        if (d->major < 0)
                snprintf(major, sizeof(major), "*");
        else
                snprintf(major, sizeof(major), "%ld", d->major);
        if (d->minor < 0)
                snprintf(minor, sizeof(minor), "*");
        else
                snprintf(minor, sizeof(minor), "%ld", d->minor);
        snprintf(buf, size, "%c %s:%s %s", d->type, major, minor, d->access);
}
