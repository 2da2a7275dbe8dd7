/* SPDX-License-Identifier: Apache-2.0 */
/* libsystemd.so.0 opened with dlopen and its sd_bus_* symbols resolved into one table, once. */
#include "linux/cgroup/systemd_lib.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/auxv.h>

#include "util/cleanup.h"

#define LIBSYSTEMD "libsystemd.so.0"

static struct systemd_lib lib;
static bool loaded;

/* Each entry: the symbol and where its address goes in the table. */
#define SYM(field, name)                                                                                     \
        {                                                                                                    \
                name, offsetof(struct systemd_lib, field)                                                    \
        }
static const struct {
        const char *name;
        size_t offset;
} symbols[] = {
    SYM(bus_new, "sd_bus_new"),
    SYM(bus_set_address, "sd_bus_set_address"),
    SYM(bus_start, "sd_bus_start"),
    SYM(bus_open_system, "sd_bus_open_system"),
    SYM(bus_flush_close_unref, "sd_bus_flush_close_unref"),
    SYM(bus_get_fd, "sd_bus_get_fd"),
    SYM(bus_call, "sd_bus_call"),
    SYM(bus_call_method, "sd_bus_call_method"),
    SYM(bus_get_property_string, "sd_bus_get_property_string"),
    SYM(bus_match_signal, "sd_bus_match_signal"),
    SYM(bus_slot_unref, "sd_bus_slot_unref"),
    SYM(bus_process, "sd_bus_process"),
    SYM(bus_wait, "sd_bus_wait"),
    SYM(message_new_method_call, "sd_bus_message_new_method_call"),
    SYM(message_append, "sd_bus_message_append"),
    SYM(message_append_array, "sd_bus_message_append_array"),
    SYM(message_open_container, "sd_bus_message_open_container"),
    SYM(message_close_container, "sd_bus_message_close_container"),
    SYM(message_read, "sd_bus_message_read"),
    SYM(message_unref, "sd_bus_message_unref"),
    SYM(error_free, "sd_bus_error_free"),
};

int systemd_lib_get(const struct systemd_lib **out, struct error *err)
{
        struct systemd_lib table;
        void *handle;

        if (loaded) {
                *out = &lib;
                return 0;
        }
        handle = dlopen(LIBSYSTEMD, RTLD_NOW | RTLD_LOCAL);
        if (!handle)
                return error_set(err, ENOENT, "--systemd-cgroup: load %s: %s", LIBSYSTEMD, dlerror());
        for (size_t i = 0; i < ARRAY_SIZE(symbols); i++) {
                void *fn = dlsym(handle, symbols[i].name);

                if (!fn) {
                        dlclose(handle);
                        return error_set(err, ENOSYS, "--systemd-cgroup: %s has no %s", LIBSYSTEMD,
                                         symbols[i].name);
                }
                *(void **)((char *)&table + symbols[i].offset) = fn;
        }
        /* Linked statically (no interpreter: AT_BASE is 0), brownie's libc is not the one libsystemd
         * allocates with: that is the host's libc.so, loaded with it, found through its handle. Linked
         * dynamically, libsystemd's malloc is the process's own (a sanitizer's, where one interposes). */
        table.free = getauxval(AT_BASE) ? free : (void (*)(void *))dlsym(handle, "free");
        if (!table.free) {
                dlclose(handle);
                return error_set(err, ENOSYS, "--systemd-cgroup: no free() in %s's C library", LIBSYSTEMD);
        }
        lib = table; /* the handle stays open for the life of the process */
        loaded = true;
        *out = &lib;
        return 0;
}
