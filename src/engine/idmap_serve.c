/* SPDX-License-Identifier: Apache-2.0 */
#include "idmap_serve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "container.h"
#include "linux/mount/mount_idmap.h"
#include "plan/mount_plan.h"
#include "sync.h"
#include "util/cleanup.h"
#include "util/fdpass.h"

/* The user namespace whose maps the mount takes (a new fd the caller closes). */
static int userns_for(struct idmap_serve_ctx *c, const struct spec_mount *m, struct error *err)
{
        struct idmap_userns *grown, *u;
        char path[64];
        int fd;

        if (plan_mount_idmap(m) == PLAN_IDMAP_CONTAINER) {
                /* The init is in its final user namespace by now (new or joined): its maps are the
                 * container's. The pid is pinned by our pidfd, the init being our unreaped child. */
                snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)c->pid);
                fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        return error_errno(err, errno, "open the container's user namespace \"%s\"", path);
                return fd;
        }
        for (size_t i = 0; i < c->cache.n; i++) {
                u = &c->cache.ns[i];
                if (plan_id_maps_equal(u->uids, u->n_uids, m->uid_mappings, m->n_uid_mappings) &&
                    plan_id_maps_equal(u->gids, u->n_gids, m->gid_mappings, m->n_gid_mappings)) {
                        fd = fcntl(u->fd, F_DUPFD_CLOEXEC, 3);
                        return fd < 0 ? error_errno(err, errno, "dup") : fd;
                }
        }
        grown = realloc(c->cache.ns, (c->cache.n + 1) * sizeof(*grown));
        if (!grown)
                return error_errno(err, ENOMEM, "user namespace of the mapping");
        c->cache.ns = grown;
        fd = idmap_userns_new(m->uid_mappings, m->n_uid_mappings, m->gid_mappings, m->n_gid_mappings, err);
        if (fd < 0)
                return fd;
        grown[c->cache.n++] = (struct idmap_userns){.uids = m->uid_mappings,
                                                    .gids = m->gid_mappings,
                                                    .n_uids = m->n_uid_mappings,
                                                    .n_gids = m->n_gid_mappings,
                                                    .fd = fd};
        fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        return fd < 0 ? error_errno(err, errno, "dup") : fd;
}

int idmap_serve(struct idmap_serve_ctx *c, int sock, int32_t index, struct error *err)
{
        const struct spec_mount *m;
        _cleanup_close_ int userns = -1, tree = -1;
        char source[PATH_MAX];
        bool mapped;
        int r;

        /* The init asks by index only: what to mount is read from our own copy of the spec. */
        if (index < 0 || (size_t)index >= c->spec->n_mounts ||
            plan_mount_kind(&c->spec->mounts[index]) != PLAN_MOUNT_BIND)
                return error_set(err, EPROTO, "sync: mounts[%d] is not a bind mount", index);
        m = &c->spec->mounts[index];
        mapped = plan_mount_idmap(m) != PLAN_IDMAP_NONE;
        if (!plan_bind_source(c->bundle, m->source, source, sizeof(source)))
                return error_set(err, ENAMETOOLONG, "mount \"%s\": bind source \"%s\"", m->destination,
                                 m->source);
        if (mapped && (userns = userns_for(c, m, err)) < 0)
                return error_wrap(err, userns, "mount \"%s\" (id-mapped)", m->destination);
        tree = idmap_tree_open(c->pidfd, source, m->recursive, m->ridmap, userns, err);
        if (tree < 0)
                return error_wrap(err, tree, "mount \"%s\"%s", m->destination, mapped ? " (id-mapped)" : "");
        r = sync_send(sock, SYNC_IDMAP_DONE, index, NULL);
        if (r < 0)
                return error_errno(err, r, "sync with container init");
        return fd_send(sock, tree, "idmap", err);
}

void idmap_serve_release(struct idmap_serve_ctx *c)
{
        for (size_t i = 0; i < c->cache.n; i++)
                close(c->cache.ns[i].fd);
        free(c->cache.ns);
        c->cache.ns = NULL;
        c->cache.n = 0;
}

int idmap_check(const struct spec *s, struct error *err)
{
        for (size_t i = 0; i < s->n_mounts; i++) {
                if (plan_mount_idmap(&s->mounts[i]) == PLAN_IDMAP_NONE)
                        continue;
                /* runc refuses them in rootless containers too: only root may map ids at will and
                 * id-map a host filesystem. */
                if (geteuid() != 0)
                        return error_set(err, EPERM,
                                         "%s: mounts[%zu] (\"%s\"): id-mapped mounts are not supported for "
                                         "rootless containers",
                                         CONFIG_FILE, i, s->mounts[i].destination);
        }
        return 0;
}
