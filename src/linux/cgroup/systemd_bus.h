/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conversation with systemd's manager over D-Bus (sd-bus, through systemd_lib.h): a connection,
 * a transient unit started and its job waited for, properties set on it, the unit stopped. Errors name
 * the unit and carry systemd's D-Bus error: "brownie-c1.scope: org.freedesktop.systemd1.UnitExists: ...".
 */
#pragma once

#include "linux/cgroup/systemd_props.h"
#include "util/error.h"

struct systemd_bus;

/* Connects to systemd (its private socket as root, else the system bus) and reads its version. A host
 * not booted with systemd, a libsystemd that does not load and a bus that does not answer are errors. */
int systemd_bus_open(struct systemd_bus **out, struct error *err);

/* The manager's version (252 for "252.38-1~deb12u1"); 0 when it could not be read. */
int systemd_bus_version(const struct systemd_bus *b);

/* StartTransientUnit (mode "replace") and the wait for its job to end "done" (30 s at most). A unit of
 * that name left failed is reset and the start tried once more, as runc does. *queued tells whether
 * systemd took the unit (a job was queued): only then is it this caller's to stop. */
int systemd_bus_start(struct systemd_bus *b, const char *unit, const struct sd_props *props, bool *queued,
                      struct error *err);

/* SetUnitProperties (runtime) of a running unit. */
int systemd_bus_set(struct systemd_bus *b, const char *unit, const struct sd_props *props, struct error *err);

/* StopUnit and the wait for its job, then ResetFailedUnit: the unit is gone. A unit systemd does not
 * know (never started, or stopped when its last process left) is no error. */
int systemd_bus_stop(struct systemd_bus *b, const char *unit, struct error *err);

/* In a child made by clone or fork: the connection's socket closed, nothing sent (sd-bus refuses to be
 * used in another process). */
void systemd_bus_close_in_child(struct systemd_bus *b);

void systemd_bus_free(struct systemd_bus *b);
