/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small rtnetlink client (libmnl): links and addresses of one network namespace. The socket belongs to
 * the namespace it was opened in, whatever the runtime's own namespace is. Every call returns 0 (or a count)
 * or a negative errno; the caller names the field in its message.
 */
#pragma once

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mnl_socket;

struct rtnl {
        struct mnl_socket *nl;
        unsigned int seq;
};

struct rtnl_link {
        int index;
        unsigned int flags; /* IFF_* */
        char name[IF_NAMESIZE];
};

struct rtnl_addr {
        unsigned char family, prefixlen, scope;
        uint32_t flags; /* IFA_F_* */
        bool has_local, has_address, has_broadcast;
        unsigned char local[16], address[16], broadcast[16];
};

/* Opens a socket in the network namespace `netns_fd` (-1: the caller's). The runtime itself never leaves its
 * namespace: a short-lived thread enters the other one to open the socket. */
int rtnl_open(struct rtnl *r, int netns_fd);
void rtnl_close(struct rtnl *r);

/* The link named `name` (or, when name is NULL, of that index); -ENODEV when there is none. */
int rtnl_link_get(struct rtnl *r, const char *name, int index, struct rtnl_link *out);

/* Every link of the namespace (malloc'd array). */
int rtnl_link_list(struct rtnl *r, struct rtnl_link **out, size_t *n);

/* The addresses of link `index` (malloc'd array). */
int rtnl_addr_list(struct rtnl *r, int index, struct rtnl_addr **out, size_t *n);

/* Moves link `index` into the namespace `netns_fd` and names it `name` there in the same request (a name
 * with "%d" is a template the kernel completes). */
int rtnl_link_move(struct rtnl *r, int index, int netns_fd, const char *name);

int rtnl_link_set_up(struct rtnl *r, int index, bool up);

/* Adds the address to link `index` (its family, prefix, scope, the local/peer/broadcast addresses and the
 * flags a user may set). */
int rtnl_addr_add(struct rtnl *r, int index, const struct rtnl_addr *a);

/* "192.0.2.1/24", "2001:db8::1/64", or "192.0.2.1 peer 192.0.2.2/32". */
const char *rtnl_addr_str(const struct rtnl_addr *a, char *buf, size_t size);
