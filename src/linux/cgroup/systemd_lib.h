/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libsystemd's sd-bus, loaded with dlopen the first time --systemd-cgroup needs it: brownie is not linked
 * against libsystemd, so a start without the flag maps no more shared objects than before. The headers
 * (libsystemd-dev) give the types; this table gives the functions, resolved once.
 */
#pragma once

#include <systemd/sd-bus.h>

#include "util/error.h"

struct systemd_lib {
        int (*bus_new)(sd_bus **bus);
        int (*bus_set_address)(sd_bus *bus, const char *address);
        int (*bus_start)(sd_bus *bus);
        int (*bus_open_system)(sd_bus **bus);
        sd_bus *(*bus_flush_close_unref)(sd_bus *bus);
        int (*bus_get_fd)(sd_bus *bus);
        int (*bus_call)(sd_bus *bus, sd_bus_message *m, uint64_t usec, sd_bus_error *ret_error,
                        sd_bus_message **reply);
        int (*bus_call_method)(sd_bus *bus, const char *destination, const char *path, const char *interface,
                               const char *member, sd_bus_error *ret_error, sd_bus_message **reply,
                               const char *types, ...);
        int (*bus_get_property_string)(sd_bus *bus, const char *destination, const char *path,
                                       const char *interface, const char *member, sd_bus_error *ret_error,
                                       char **ret);
        int (*bus_match_signal)(sd_bus *bus, sd_bus_slot **ret, const char *sender, const char *path,
                                const char *interface, const char *member, sd_bus_message_handler_t callback,
                                void *userdata);
        sd_bus_slot *(*bus_slot_unref)(sd_bus_slot *slot);
        int (*bus_process)(sd_bus *bus, sd_bus_message **r);
        int (*bus_wait)(sd_bus *bus, uint64_t timeout_usec);
        int (*message_new_method_call)(sd_bus *bus, sd_bus_message **m, const char *destination,
                                       const char *path, const char *interface, const char *member);
        int (*message_append)(sd_bus_message *m, const char *types, ...);
        int (*message_append_array)(sd_bus_message *m, char type, const void *ptr, size_t size);
        int (*message_open_container)(sd_bus_message *m, char type, const char *contents);
        int (*message_close_container)(sd_bus_message *m);
        int (*message_read)(sd_bus_message *m, const char *types, ...);
        sd_bus_message *(*message_unref)(sd_bus_message *m);
        void (*error_free)(sd_bus_error *e);
        /* free() of the C library libsystemd runs on, for what it hands over (sd_bus_get_property_string's
         * string): in the statically linked brownie that is the host's libc.so, loaded beside brownie's own
         * with a heap of its own; in a dynamically linked build, the process's own (a sanitizer's, where one
         * interposes). */
        void (*free)(void *p);
};

/* The table, loaded and resolved on the first call (libsystemd.so.0); the error names what is missing. */
int systemd_lib_get(const struct systemd_lib **out, struct error *err);
