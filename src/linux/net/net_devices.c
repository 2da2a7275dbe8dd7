/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Each device is moved and renamed by one RTM_NEWLINK (IFLA_NET_NS_FD + IFLA_IFNAME) sent from the runtime's
 * namespace, so its host name never has to be free in the container. The kernel flushes a device's
 * addresses when it leaves a namespace: the permanent addresses of global scope (what the spec asks to
 * keep) are read before the move and added again inside, then the device is set up. They are read before
 * anything changes on the host: setting the device down first, as runc does, would make the kernel drop
 * its IPv6 addresses, and a failed move would leave it down. The move itself closes the device.
 *
 * Nothing is moved back when the container goes: the spec forbids it. When the namespace dies the kernel
 * returns physical devices to the initial namespace and destroys virtual ones (a veth with its peer).
 * Only a create that fails after the move brings the devices back, as they were.
 */
#include "linux/net/net_devices.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/net/rtnl.h"
#include "util/cleanup.h"
#include "util/log.h"

struct moved_device {
        char host_name[IF_NAMESIZE];
        int host_index;
        bool was_up;
        bool moved;
        int index; /* in the container */
        char name[IF_NAMESIZE];
        struct rtnl_addr *addrs; /* the ones carried over */
        size_t n_addrs;
};

struct net_devices {
        int host_ns, ctr_ns;
        struct rtnl host, ctr;
        struct moved_device *dev;
        size_t n;
};

void net_devices_free(struct net_devices *d)
{
        if (!d)
                return;
        rtnl_close(&d->host);
        rtnl_close(&d->ctr);
        cleanup_closep(&d->host_ns);
        cleanup_closep(&d->ctr_ns);
        for (size_t i = 0; i < d->n; i++)
                free(d->dev[i].addrs);
        free(d->dev);
        free(d);
}

static bool same_file(int a, int b)
{
        struct stat sa, sb;

        return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int open_both(struct net_devices *d, int netns_fd, struct error *err)
{
        int r;

        d->host_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (d->host_ns < 0)
                return error_errno(err, errno, "linux.netDevices: open the runtime's network namespace");
        d->ctr_ns = fcntl(netns_fd, F_DUPFD_CLOEXEC, 3);
        if (d->ctr_ns < 0)
                return error_errno(err, errno, "linux.netDevices: the container's network namespace");
        if (same_file(d->host_ns, d->ctr_ns))
                return error_set(err, EINVAL,
                                 "linux.netDevices: the container's network namespace is the runtime's own");
        r = rtnl_open(&d->host, -1);
        if (r < 0)
                return error_errno(err, -r, "linux.netDevices: rtnetlink socket on the host");
        r = rtnl_open(&d->ctr, d->ctr_ns);
        if (r < 0)
                return error_errno(err, -r,
                                   "linux.netDevices: rtnetlink socket in the container's network namespace");
        return 0;
}

/* The addresses the spec carries over: permanent, of global scope. */
static int read_addresses(struct net_devices *d, struct moved_device *m)
{
        struct rtnl_addr *v;
        size_t n, kept = 0;
        int r = rtnl_addr_list(&d->host, m->host_index, &v, &n);

        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                if ((v[i].flags & IFA_F_PERMANENT) && v[i].scope == RT_SCOPE_UNIVERSE)
                        v[kept++] = v[i];
        m->addrs = v;
        m->n_addrs = kept;
        return 0;
}

static const struct rtnl_link *find_name(const struct rtnl_link *v, size_t n, const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (!strcmp(v[i].name, name))
                        return &v[i];
        return NULL;
}

static bool has_index(const struct rtnl_link *v, size_t n, int index)
{
        for (size_t i = 0; i < n; i++)
                if (v[i].index == index)
                        return true;
        return false;
}

/* After the move request (whatever it answered): the device is the container's new link. Its index is kept
 * unless the namespace already used it, and a template gives a name only the kernel knows. */
static int locate(struct net_devices *d, const struct rtnl_link *before, size_t n_before, const char *target,
                  struct moved_device *m)
{
        _cleanup_free_ struct rtnl_link *after = NULL;
        const struct rtnl_link *found = NULL;
        struct rtnl_link still;
        size_t n_after;
        int r;

        /* Still on the host under its name: it never left. */
        if (rtnl_link_get(&d->host, NULL, m->host_index, &still) == 0 && !strcmp(still.name, m->host_name))
                return -ENODEV;
        r = rtnl_link_list(&d->ctr, &after, &n_after);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n_after; i++) {
                const struct rtnl_link *l = &after[i];

                if (has_index(before, n_before, l->index))
                        continue;
                /* Several new links only when something else adds links to a joined namespace. */
                if (!found || l->index == m->host_index || !strcmp(l->name, target) ||
                    !strcmp(l->name, m->host_name))
                        found = l;
        }
        if (!found)
                return -ENODEV;
        m->moved = true;
        m->index = found->index;
        snprintf(m->name, sizeof(m->name), "%s", found->name);
        return 0;
}

static int move_one(struct net_devices *d, const struct spec_net_device *sd, struct moved_device *m,
                    struct error *err)
{
        const char *host = sd->host_name, *target = sd->name ? sd->name : sd->host_name;
        _cleanup_free_ struct rtnl_link *before = NULL;
        struct rtnl_link link;
        size_t n_before;
        char a[128];
        int r, lr;

        snprintf(m->host_name, sizeof(m->host_name), "%s", host);
        r = rtnl_link_get(&d->host, host, 0, &link);
        if (r == -ENODEV)
                return error_set(err, ENODEV, "linux.netDevices[\"%s\"]: no such device on the host", host);
        if (r < 0)
                return error_errno(err, -r, "linux.netDevices[\"%s\"]: look the device up on the host", host);
        m->host_index = link.index;
        m->was_up = link.flags & IFF_UP;
        r = read_addresses(d, m);
        if (r < 0)
                return error_errno(err, -r, "linux.netDevices[\"%s\"]: read its addresses on the host", host);
        r = rtnl_link_list(&d->ctr, &before, &n_before);
        if (r < 0)
                return error_errno(err, -r, "linux.netDevices[\"%s\"]: list the container's network devices",
                                   host);
        if (!strchr(target, '%') && find_name(before, n_before, target))
                return error_set(err, EEXIST,
                                 "linux.netDevices[\"%s\"]: the container's network namespace already has a "
                                 "device named \"%s\"",
                                 host, target);
        r = rtnl_link_move(&d->host, m->host_index, d->ctr_ns, target);
        lr = locate(d, before, n_before, target, m);
        if (r < 0)
                return error_errno(err, -r,
                                   "linux.netDevices[\"%s\"]: move into the container's network namespace as "
                                   "\"%s\"",
                                   host, target);
        if (lr < 0)
                return error_errno(err, -lr,
                                   "linux.netDevices[\"%s\"]: not found in the container's network namespace "
                                   "after the move",
                                   host);
        for (size_t i = 0; i < m->n_addrs; i++) {
                r = rtnl_addr_add(&d->ctr, m->index, &m->addrs[i]);
                if (r < 0)
                        return error_errno(err, -r,
                                           "linux.netDevices[\"%s\"]: add address %s to \"%s\" in the "
                                           "container",
                                           host, rtnl_addr_str(&m->addrs[i], a, sizeof(a)), m->name);
        }
        r = rtnl_link_set_up(&d->ctr, m->index, true);
        if (r < 0)
                return error_errno(err, -r, "linux.netDevices[\"%s\"]: set \"%s\" up in the container", host,
                                   m->name);
        log_debug("linux.netDevices[\"%s\"]: moved into the container as \"%s\" with %zu address(es)", host,
                  m->name, m->n_addrs);
        return 0;
}

int net_devices_move(const struct spec_linux *l, int netns_fd, struct net_devices **out, struct error *err)
{
        struct net_devices *d;
        int r;

        *out = NULL;
        d = calloc(1, sizeof(*d));
        if (!d)
                return error_errno(err, ENOMEM, "linux.netDevices");
        d->host_ns = d->ctr_ns = -1;
        d->dev = calloc(l->n_net_devices, sizeof(*d->dev));
        if (!d->dev) {
                net_devices_free(d);
                return error_errno(err, ENOMEM, "linux.netDevices");
        }
        r = open_both(d, netns_fd, err);
        for (size_t i = 0; r >= 0 && i < l->n_net_devices; i++) {
                d->n = i + 1;
                r = move_one(d, &l->net_devices[i], &d->dev[i], err);
        }
        if (r < 0) {
                net_devices_move_back(d);
                net_devices_free(d);
                return r;
        }
        *out = d;
        return 0;
}

static void move_back_one(struct net_devices *d, struct moved_device *m)
{
        const char *host = m->host_name;
        struct rtnl_link link;
        char a[128];
        int r;

        r = rtnl_link_move(&d->ctr, m->index, d->host_ns, host);
        if (r < 0) {
                log_warn("cleanup: linux.netDevices[\"%s\"]: move \"%s\" back to the host: %s", host, m->name,
                         errno_text(-r));
                return;
        }
        m->moved = false;
        r = rtnl_link_get(&d->host, host, 0, &link);
        if (r < 0) {
                log_warn("cleanup: linux.netDevices[\"%s\"]: not found on the host after moving it back: %s",
                         host, errno_text(-r));
                return;
        }
        for (size_t i = 0; i < m->n_addrs; i++) {
                r = rtnl_addr_add(&d->host, link.index, &m->addrs[i]);
                if (r < 0 && r != -EEXIST)
                        log_warn("cleanup: linux.netDevices[\"%s\"]: add address %s back on the host: %s",
                                 host, rtnl_addr_str(&m->addrs[i], a, sizeof(a)), errno_text(-r));
        }
        if (m->was_up && (r = rtnl_link_set_up(&d->host, link.index, true)) < 0)
                log_warn("cleanup: linux.netDevices[\"%s\"]: set it up again on the host: %s", host,
                         errno_text(-r));
}

void net_devices_move_back(struct net_devices *d)
{
        if (!d || !d->host.nl || !d->ctr.nl)
                return;
        for (size_t i = d->n; i-- > 0;)
                if (d->dev[i].moved)
                        move_back_one(d, &d->dev[i]);
}
