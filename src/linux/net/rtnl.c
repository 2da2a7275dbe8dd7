/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/net/rtnl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "linux/net/mnl_lib.h"
#include "util/cleanup.h"

/* libmnl's functions: set by the first rtnl_open, which every other call here comes after. */
static const struct mnl_lib *mnl;

#define RTNL_BUF_SIZE     32768
#define RTNL_DUMP_RETRIES 5

/* The flags of an address a user may set (the others are the kernel's own state). */
#define ADDR_USER_FLAGS                                                                                      \
        (IFA_F_NODAD | IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE | IFA_F_MCAUTOJOIN)

struct open_args {
        int netns_fd;
        struct mnl_socket *nl;
        int ret;
};

/* setns() changes only the calling thread's network namespace: the socket keeps the namespace it was made
 * in after the thread is gone. */
static void *open_in_netns(void *p)
{
        struct open_args *a = p;

        if (a->netns_fd >= 0 && setns(a->netns_fd, CLONE_NEWNET) < 0) {
                a->ret = -errno;
                return NULL;
        }
        a->nl = mnl->socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
        if (!a->nl)
                a->ret = -*mnl->errno_location();
        return NULL;
}

int rtnl_open(struct rtnl *r, int netns_fd)
{
        struct open_args a = {.netns_fd = netns_fd};
        pthread_t t;
        int ret;

        r->nl = NULL;
        r->seq = 0;
        if (!mnl && !(mnl = mnl_lib_get()))
                return -errno;
        if (netns_fd < 0) {
                open_in_netns(&a);
        } else {
                ret = pthread_create(&t, NULL, open_in_netns, &a);
                if (ret != 0)
                        return -ret;
                pthread_join(t, NULL);
        }
        if (a.ret < 0)
                return a.ret;
        if (mnl->socket_bind(a.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
                ret = -*mnl->errno_location();
                mnl->socket_close(a.nl);
                return ret;
        }
        r->nl = a.nl;
        return 0;
}

void rtnl_close(struct rtnl *r)
{
        if (r->nl)
                mnl->socket_close(r->nl);
        r->nl = NULL;
}

/* True when the buffer holds the end (DONE or ERROR) of the answer to `seq`. */
static bool answer_ends(const char *buf, size_t n, unsigned int seq)
{
        const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
        int left = (int)n;

        for (; mnl->nlmsg_ok(h, left); h = mnl->nlmsg_next(h, &left))
                if (h->nlmsg_seq == seq && (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR))
                        return true;
        return false;
}

/* Sends one request and runs `cb` on every message of its answer. A dump the kernel marks interrupted (the
 * table changed under it) is read to its end, so the socket is clean for the next request, and is -EINTR. */
static int rtnl_talk(struct rtnl *r, struct nlmsghdr *nlh, bool dump, mnl_cb_t cb, void *data)
{
        _cleanup_free_ char *buf = malloc(RTNL_BUF_SIZE);
        unsigned int seq = ++r->seq, portid = mnl->socket_get_portid(r->nl);
        ssize_t n;
        int ret;

        if (!buf)
                return -ENOMEM;
        nlh->nlmsg_seq = seq;
        /* Not a test of NLM_F_DUMP: its bits are NLM_F_REPLACE and NLM_F_EXCL too. */
        if (!dump)
                nlh->nlmsg_flags |= NLM_F_ACK;
        if (mnl->socket_sendto(r->nl, nlh, nlh->nlmsg_len) < 0)
                return -*mnl->errno_location();
        for (;;) {
                n = mnl->socket_recvfrom(r->nl, buf, RTNL_BUF_SIZE);
                if (n < 0)
                        return -*mnl->errno_location();
                /* The kernel's error is libmnl's errno; one of our callbacks (ENOMEM) leaves ours. */
                *mnl->errno_location() = 0;
                errno = 0;
                ret = mnl->cb_run(buf, (size_t)n, seq, portid, cb, data);
                if (ret == MNL_CB_STOP)
                        return 0;
                if (ret < 0)
                        break;
        }
        ret = *mnl->errno_location() ? -*mnl->errno_location() : errno ? -errno : -EIO;
        if (ret != -EINTR)
                return ret;
        while (!answer_ends(buf, (size_t)n, seq)) {
                n = mnl->socket_recvfrom(r->nl, buf, RTNL_BUF_SIZE);
                if (n < 0)
                        return -*mnl->errno_location();
        }
        return -EINTR;
}

static struct nlmsghdr *link_request(char *buf, uint16_t type, uint16_t flags, int index)
{
        struct nlmsghdr *nlh = mnl->nlmsg_put_header(buf);
        struct ifinfomsg *ifi;

        nlh->nlmsg_type = type;
        nlh->nlmsg_flags = NLM_F_REQUEST | flags;
        ifi = mnl->nlmsg_put_extra_header(nlh, sizeof(*ifi));
        ifi->ifi_family = AF_UNSPEC;
        ifi->ifi_index = index;
        return nlh;
}

struct link_list {
        struct rtnl_link *v;
        size_t n, cap;
        int ret;
};

static int link_attr_cb(const struct nlattr *a, void *data)
{
        struct rtnl_link *l = data;

        if (mnl->attr_get_type(a) == IFLA_IFNAME && mnl->attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
                snprintf(l->name, sizeof(l->name), "%s", mnl->attr_get_str(a));
        return MNL_CB_OK;
}

/* Room for one more element in an array of n: doubles *cap when full. -1 with errno ENOMEM. */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
        void *nv;
        size_t ncap;

        if (n < *cap)
                return 0;
        ncap = *cap ? 2 * *cap : 8;
        nv = realloc(*v, ncap * size);
        if (!nv) {
                errno = ENOMEM;
                return -1;
        }
        *v = nv;
        *cap = ncap;
        return 0;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
        struct link_list *ll = data;
        const struct ifinfomsg *ifi = mnl->nlmsg_get_payload(nlh);
        struct rtnl_link *l;

        if (nlh->nlmsg_type != RTM_NEWLINK)
                return MNL_CB_OK;
        if (grow((void **)&ll->v, &ll->cap, ll->n, sizeof(*ll->v)) < 0)
                return MNL_CB_ERROR;
        l = &ll->v[ll->n++];
        memset(l, 0, sizeof(*l));
        l->index = ifi->ifi_index;
        l->flags = ifi->ifi_flags;
        mnl->attr_parse(nlh, sizeof(*ifi), link_attr_cb, l);
        return MNL_CB_OK;
}

int rtnl_link_get(struct rtnl *r, const char *name, int index, struct rtnl_link *out)
{
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = link_request(buf, RTM_GETLINK, 0, name ? 0 : index);
        _cleanup_free_ struct rtnl_link *v = NULL;
        struct link_list ll = {0};
        int ret;

        if (name)
                mnl->attr_put_strz(nlh, IFLA_IFNAME, name);
        mnl->attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        ret = rtnl_talk(r, nlh, false, link_cb, &ll);
        v = ll.v;
        if (ret < 0)
                return ret;
        if (ll.n == 0)
                return -ENODEV;
        *out = v[0];
        return 0;
}

int rtnl_link_list(struct rtnl *r, struct rtnl_link **out, size_t *n)
{
        char buf[MNL_SOCKET_BUFFER_SIZE];
        int ret = -EINTR;

        for (int i = 0; i < RTNL_DUMP_RETRIES && ret == -EINTR; i++) {
                struct nlmsghdr *nlh = link_request(buf, RTM_GETLINK, NLM_F_DUMP, 0);
                struct link_list ll = {0};

                mnl->attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
                ret = rtnl_talk(r, nlh, true, link_cb, &ll);
                if (ret == 0) {
                        *out = ll.v;
                        *n = ll.n;
                        return 0;
                }
                free(ll.v);
        }
        return ret;
}

struct addr_list {
        int index;
        struct rtnl_addr *v;
        size_t n, cap;
};

static void addr_copy(const struct nlattr *a, unsigned char *dst, size_t len, bool *has)
{
        if (mnl->attr_get_payload_len(a) != len)
                return;
        memcpy(dst, mnl->attr_get_payload(a), len);
        *has = true;
}

static int addr_attr_cb(const struct nlattr *a, void *data)
{
        struct rtnl_addr *ad = data;
        size_t len = ad->family == AF_INET ? 4 : 16;

        switch (mnl->attr_get_type(a)) {
        case IFA_LOCAL:
                addr_copy(a, ad->local, len, &ad->has_local);
                break;
        case IFA_ADDRESS:
                addr_copy(a, ad->address, len, &ad->has_address);
                break;
        case IFA_BROADCAST:
                addr_copy(a, ad->broadcast, len, &ad->has_broadcast);
                break;
        case IFA_FLAGS:
                if (mnl->attr_validate(a, MNL_TYPE_U32) >= 0)
                        ad->flags = mnl->attr_get_u32(a);
                break;
        }
        return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
        struct addr_list *al = data;
        const struct ifaddrmsg *ifa = mnl->nlmsg_get_payload(nlh);
        struct rtnl_addr *ad;

        if (nlh->nlmsg_type != RTM_NEWADDR || (int)ifa->ifa_index != al->index ||
            (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
                return MNL_CB_OK;
        if (grow((void **)&al->v, &al->cap, al->n, sizeof(*al->v)) < 0)
                return MNL_CB_ERROR;
        ad = &al->v[al->n++];
        memset(ad, 0, sizeof(*ad));
        ad->family = ifa->ifa_family;
        ad->prefixlen = ifa->ifa_prefixlen;
        ad->scope = ifa->ifa_scope;
        ad->flags = ifa->ifa_flags; /* IFA_FLAGS, when present, carries all 32 bits */
        mnl->attr_parse(nlh, sizeof(*ifa), addr_attr_cb, ad);
        return MNL_CB_OK;
}

int rtnl_addr_list(struct rtnl *r, int index, struct rtnl_addr **out, size_t *n)
{
        char buf[MNL_SOCKET_BUFFER_SIZE];
        int ret = -EINTR;

        for (int i = 0; i < RTNL_DUMP_RETRIES && ret == -EINTR; i++) {
                struct nlmsghdr *nlh = mnl->nlmsg_put_header(buf);
                struct addr_list al = {.index = index};
                struct ifaddrmsg *ifa;

                nlh->nlmsg_type = RTM_GETADDR;
                nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
                ifa = mnl->nlmsg_put_extra_header(nlh, sizeof(*ifa));
                ifa->ifa_family = AF_UNSPEC;
                ret = rtnl_talk(r, nlh, true, addr_cb, &al);
                if (ret == 0) {
                        *out = al.v;
                        *n = al.n;
                        return 0;
                }
                free(al.v);
        }
        return ret;
}

int rtnl_link_move(struct rtnl *r, int index, int netns_fd, const char *name)
{
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = link_request(buf, RTM_NEWLINK, 0, index);

        mnl->attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)netns_fd);
        mnl->attr_put_strz(nlh, IFLA_IFNAME, name);
        return rtnl_talk(r, nlh, false, NULL, NULL);
}

int rtnl_link_set_up(struct rtnl *r, int index, bool up)
{
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = link_request(buf, RTM_NEWLINK, 0, index);
        struct ifinfomsg *ifi = mnl->nlmsg_get_payload(nlh);

        ifi->ifi_change = IFF_UP;
        ifi->ifi_flags = up ? IFF_UP : 0;
        return rtnl_talk(r, nlh, false, NULL, NULL);
}

int rtnl_addr_add(struct rtnl *r, int index, const struct rtnl_addr *a)
{
        char buf[MNL_SOCKET_BUFFER_SIZE];
        struct nlmsghdr *nlh = mnl->nlmsg_put_header(buf);
        size_t len = a->family == AF_INET ? 4 : 16;
        struct ifaddrmsg *ifa;

        nlh->nlmsg_type = RTM_NEWADDR;
        nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
        ifa = mnl->nlmsg_put_extra_header(nlh, sizeof(*ifa));
        ifa->ifa_family = a->family;
        ifa->ifa_prefixlen = a->prefixlen;
        ifa->ifa_scope = a->scope;
        ifa->ifa_index = (uint32_t)index;
        ifa->ifa_flags = (unsigned char)(a->flags & ADDR_USER_FLAGS & 0xff);
        if (a->has_local)
                mnl->attr_put(nlh, IFA_LOCAL, len, a->local);
        if (a->has_address)
                mnl->attr_put(nlh, IFA_ADDRESS, len, a->address);
        if (a->has_broadcast && a->family == AF_INET)
                mnl->attr_put(nlh, IFA_BROADCAST, len, a->broadcast);
        if (a->flags & ADDR_USER_FLAGS & ~0xffu)
                mnl->attr_put_u32(nlh, IFA_FLAGS, a->flags & ADDR_USER_FLAGS);
        return rtnl_talk(r, nlh, false, NULL, NULL);
}

const char *rtnl_addr_str(const struct rtnl_addr *a, char *buf, size_t size)
{
        char local[INET6_ADDRSTRLEN] = "", peer[INET6_ADDRSTRLEN] = "";
        int af = a->family == AF_INET ? AF_INET : AF_INET6;

        if (a->has_local)
                inet_ntop(af, a->local, local, sizeof(local));
        if (a->has_address)
                inet_ntop(af, a->address, peer, sizeof(peer));
        if (!a->has_local || !strcmp(local, peer))
                snprintf(buf, size, "%s/%u", a->has_local ? local : peer, a->prefixlen);
        else if (!a->has_address)
                snprintf(buf, size, "%s/%u", local, a->prefixlen);
        else
                snprintf(buf, size, "%s peer %s/%u", local, peer, a->prefixlen);
        return buf;
}
