/* SPDX-License-Identifier: Apache-2.0 */
#include "dev_plan.h"

#include <string.h>

#include "mount_plan.h"
#include "util/cleanup.h"

static const struct plan_device default_devices[] = {
    {"/dev/null", 'c', 1, 3, 0666, 0, 0},    {"/dev/zero", 'c', 1, 5, 0666, 0, 0},
    {"/dev/full", 'c', 1, 7, 0666, 0, 0},    {"/dev/random", 'c', 1, 8, 0666, 0, 0},
    {"/dev/urandom", 'c', 1, 9, 0666, 0, 0}, {"/dev/tty", 'c', 5, 0, 0666, 0, 0},
};

static bool same_path(const char *a, const char *b)
{
        char ca[4096], cb[4096];

        if (!plan_clean_path(a, ca, sizeof(ca)) || !plan_clean_path(b, cb, sizeof(cb)))
                return !strcmp(a, b);
        return !strcmp(ca, cb);
}

bool plan_needs_dev_setup(const struct spec *s)
{
        for (size_t i = 0; i < s->n_mounts; i++)
                if (s->mounts[i].bind && same_path(s->mounts[i].destination, "/dev"))
                        return false;
        return true;
}

size_t plan_devices_max(const struct spec *s)
{
        return ARRAY_SIZE(default_devices) + (s->linux ? s->linux->n_devices : 0);
}

static bool listed(const struct spec *s, const char *path)
{
        for (size_t i = 0; s->linux && i < s->linux->n_devices; i++)
                if (same_path(s->linux->devices[i].path, path))
                        return true;
        return false;
}

size_t plan_devices(const struct spec *s, struct plan_device *out, size_t max)
{
        size_t n = 0;

        for (size_t i = 0; i < ARRAY_SIZE(default_devices) && n < max; i++)
                if (!listed(s, default_devices[i].path))
                        out[n++] = default_devices[i];
        for (size_t i = 0; s->linux && i < s->linux->n_devices && n < max; i++) {
                const struct spec_device *d = &s->linux->devices[i];

                /* The container's ptmx is its devpts's: the link below, never a node. */
                if (same_path(d->path, "/dev/ptmx"))
                        continue;
                out[n++] = (struct plan_device){
                    .path = d->path,
                    .type = d->type == 'u' ? 'c' : d->type,
                    .major = d->type == 'p' ? 0 : (uint32_t)d->major,
                    .minor = d->type == 'p' ? 0 : (uint32_t)d->minor,
                    .mode = d->has_file_mode ? (mode_t)(d->file_mode & 07777) : 0666,
                    .uid = d->has_uid ? d->uid : 0,
                    .gid = d->has_gid ? d->gid : 0,
                };
        }
        return n;
}

size_t plan_dev_links(bool kcore, struct plan_link *out, size_t max)
{
        static const struct plan_link links[] = {
            {"/proc/self/fd", "/dev/fd"},       {"/proc/self/fd/0", "/dev/stdin"},
            {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"},
            {"/proc/kcore", "/dev/core"},       {"pts/ptmx", "/dev/ptmx"},
        };
        size_t n = 0;

        for (size_t i = 0; i < ARRAY_SIZE(links) && n < max; i++)
                if (kcore || strcmp(links[i].path, "/dev/core"))
                        out[n++] = links[i];
        return n;
}
