/* SPDX-License-Identifier: Apache-2.0 */
/* libmnl.so.0 opened with dlopen and the mnl_* functions rtnl.c uses resolved into one table, once. */
#include "linux/net/mnl_lib.h"

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <sys/auxv.h>

#include "util/cleanup.h"
#include "util/log.h"

#define LIBMNL "libmnl.so.0"

static struct mnl_lib lib;
static bool loaded;

/* Each entry: the symbol and where its address goes in the table. */
#define SYM(field)                                                                                           \
        {                                                                                                    \
                "mnl_" #field, offsetof(struct mnl_lib, field)                                               \
        }
static const struct {
        const char *name;
        size_t offset;
} symbols[] = {
    SYM(socket_open2),      SYM(socket_bind),
    SYM(socket_close),      SYM(socket_get_portid),
    SYM(socket_sendto),     SYM(socket_recvfrom),
    SYM(nlmsg_ok),          SYM(nlmsg_next),
    SYM(nlmsg_put_header),  SYM(nlmsg_put_extra_header),
    SYM(nlmsg_get_payload), SYM(cb_run),
    SYM(attr_parse),        SYM(attr_get_type),
    SYM(attr_validate),     SYM(attr_get_str),
    SYM(attr_get_u32),      SYM(attr_get_payload_len),
    SYM(attr_get_payload),  SYM(attr_put),
    SYM(attr_put_u32),      SYM(attr_put_strz),
};

const struct mnl_lib *mnl_lib_get(void)
{
        struct mnl_lib table;
        void *handle;

        if (loaded)
                return &lib;
        handle = dlopen(LIBMNL, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
                log_debug("load %s: %s", LIBMNL, dlerror());
                errno = ELIBACC;
                return NULL;
        }
        for (size_t i = 0; i < ARRAY_SIZE(symbols); i++) {
                void *fn = dlsym(handle, symbols[i].name);

                if (!fn) {
                        log_debug("%s has no %s", LIBMNL, symbols[i].name);
                        dlclose(handle);
                        errno = ELIBACC;
                        return NULL;
                }
                *(void **)((char *)&table + symbols[i].offset) = fn;
        }
        /* Linked statically (AT_BASE 0: no interpreter), libmnl's C library is the host's libc.so, with an
         * errno of its own, found through the handle; linked dynamically, it is ours. */
        table.errno_location =
            getauxval(AT_BASE) ? __errno_location : (int *(*)(void))dlsym(handle, "__errno_location");
        if (!table.errno_location) {
                log_debug("%s: no __errno_location in its C library", LIBMNL);
                dlclose(handle);
                errno = ELIBACC;
                return NULL;
        }
        lib = table; /* the handle stays open for the life of the process */
        loaded = true;
        return &lib;
}
