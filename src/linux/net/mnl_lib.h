/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libmnl, loaded with dlopen the first time a netlink socket is opened (linux.netDevices): Debian ships it
 * shared only, and brownie is linked statically (docs/ARCHITECTURE.md, Dependencies), so the runs that move
 * no device load nothing. The headers (libmnl-dev) give the types; this table gives the functions, resolved
 * once.
 */
#pragma once

#include <libmnl/libmnl.h>

struct mnl_lib {
        struct mnl_socket *(*socket_open2)(int bus, int flags);
        int (*socket_bind)(struct mnl_socket *nl, unsigned int groups, pid_t pid);
        int (*socket_close)(struct mnl_socket *nl);
        unsigned int (*socket_get_portid)(const struct mnl_socket *nl);
        ssize_t (*socket_sendto)(const struct mnl_socket *nl, const void *req, size_t size);
        ssize_t (*socket_recvfrom)(const struct mnl_socket *nl, void *buf, size_t size);
        bool (*nlmsg_ok)(const struct nlmsghdr *nlh, int len);
        struct nlmsghdr *(*nlmsg_next)(const struct nlmsghdr *nlh, int *len);
        struct nlmsghdr *(*nlmsg_put_header)(void *buf);
        void *(*nlmsg_put_extra_header)(struct nlmsghdr *nlh, size_t size);
        void *(*nlmsg_get_payload)(const struct nlmsghdr *nlh);
        int (*cb_run)(const void *buf, size_t numbytes, unsigned int seq, unsigned int portid,
                      mnl_cb_t cb_data, void *data);
        int (*attr_parse)(const struct nlmsghdr *nlh, unsigned int offset, mnl_attr_cb_t cb, void *data);
        uint16_t (*attr_get_type)(const struct nlattr *attr);
        int (*attr_validate)(const struct nlattr *attr, enum mnl_attr_data_type type);
        const char *(*attr_get_str)(const struct nlattr *attr);
        uint32_t (*attr_get_u32)(const struct nlattr *attr);
        uint16_t (*attr_get_payload_len)(const struct nlattr *attr);
        void *(*attr_get_payload)(const struct nlattr *attr);
        void (*attr_put)(struct nlmsghdr *nlh, uint16_t type, size_t len, const void *data);
        void (*attr_put_u32)(struct nlmsghdr *nlh, uint16_t type, uint32_t data);
        void (*attr_put_strz)(struct nlmsghdr *nlh, uint16_t type, const char *data);
        /* The errno of the C library libmnl runs on: in the statically linked brownie that is the host's
         * libc.so, which dlopen brings in beside brownie's own, with an errno of its own; in a dynamically
         * linked build, the one errno. Read it, not errno, after a call into libmnl. */
        int *(*errno_location)(void);
};

/* The table, loaded on the first call; NULL where libmnl cannot be loaded (errno ELIBACC), after logging
 * why at debug level. */
const struct mnl_lib *mnl_lib_get(void);
