/* SPDX-License-Identifier: Apache-2.0 */
/* systemd's manager over D-Bus: transient units started, changed and stopped, each job waited for. */
#include "linux/cgroup/systemd_bus.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "linux/cgroup/systemd_lib.h"
#include "util/cleanup.h"
#include "util/log.h"

#define SD_DEST       "org.freedesktop.systemd1"
#define SD_PATH       "/org/freedesktop/systemd1"
#define SD_MANAGER    "org.freedesktop.systemd1.Manager"
#define SD_PRIVATE    "unix:path=/run/systemd/private"
#define SD_BOOTED_DIR "/run/systemd/system"
#define JOB_TIMEOUT_S 30

#define ERR_UNIT_EXISTS "org.freedesktop.systemd1.UnitExists"
#define ERR_NO_SUCH     "org.freedesktop.systemd1.NoSuchUnit"

struct systemd_bus {
        const struct systemd_lib *lib;
        sd_bus *bus;
        pid_t owner; /* the process that opened it: a clone must not use it */
        int fd;      /* the connection's socket, for a clone to close */
        bool direct; /* systemd's private socket: no bus between, so messages carry no sender */
        int version;
        sd_bus_slot *jobs; /* the JobRemoved match */
        /* the job waited for, and how it ended */
        const char *job;
        char result[32];
        bool job_done;
};

/* "252.38-1~deb12u1", "v245.4-1.fc32": the leading number. */
static int parse_version(const char *s)
{
        while (*s == '"' || *s == 'v')
                s++;
        return atoi(s);
}

/* An sd-bus error as brownie words it, naming the unit, and freed. */
static int bus_error(struct systemd_bus *b, int r, sd_bus_error *e, const char *unit, const char *what,
                     struct error *err)
{
        if (e->name)
                r = error_set(err, r < 0 ? -r : EIO, "%s: %s: %s", unit, e->name,
                              e->message ? e->message : what);
        else
                r = error_errno(err, r < 0 ? -r : EIO, "%s: %s", unit, what);
        b->lib->error_free(e);
        return r;
}

static int on_job_removed(sd_bus_message *m, void *data, sd_bus_error *ret)
{
        struct systemd_bus *b = data;
        const char *path = NULL, *unit = NULL, *result = NULL;
        uint32_t id;

        if (b->lib->message_read(m, "uoss", &id, &path, &unit, &result) < 0 || !b->job || !path)
                return 0;
        if (!strcmp(path, b->job)) {
                snprintf(b->result, sizeof(b->result), "%s", result ? result : "");
                b->job_done = true;
        }
        return 0;
}

static int connect_bus(const struct systemd_lib *lib, sd_bus **out, bool *direct)
{
        sd_bus *bus = NULL;
        int r;

        /* As root, systemd's own socket: it answers before (and without) a D-Bus daemon. */
        if (geteuid() == 0 && lib->bus_new(&bus) >= 0) {
                r = lib->bus_set_address(bus, SD_PRIVATE);
                if (r >= 0)
                        r = lib->bus_start(bus);
                if (r >= 0) {
                        *out = bus;
                        *direct = true;
                        return 0;
                }
                lib->bus_flush_close_unref(bus);
        }
        return lib->bus_open_system(out);
}

int systemd_bus_open(struct systemd_bus **out, struct error *err)
{
        _cleanup_free_ struct systemd_bus *b = NULL;
        sd_bus_error e = SD_BUS_ERROR_NULL;
        char *version = NULL; /* libsystemd's: freed with its free() */
        struct stat st;
        int r;

        /* sd_booted(3)'s test, as runc makes it. */
        if (lstat(SD_BOOTED_DIR, &st) < 0 || !S_ISDIR(st.st_mode))
                return error_set(err, ENOTSUP,
                                 "--systemd-cgroup: systemd is not running on this host (no %s): cannot "
                                 "manage cgroups through it",
                                 SD_BOOTED_DIR);
        b = calloc(1, sizeof(*b));
        if (!b)
                return error_errno(err, ENOMEM, "--systemd-cgroup");
        r = systemd_lib_get(&b->lib, err);
        if (r < 0)
                return r;
        r = connect_bus(b->lib, &b->bus, &b->direct);
        if (r < 0)
                return error_errno(err, -r, "--systemd-cgroup: failed to connect to systemd over D-Bus (%s)",
                                   geteuid() == 0 ? "its private socket, then the system bus"
                                                  : "the system bus");
        b->owner = getpid();
        b->fd = b->lib->bus_get_fd(b->bus);
        r = b->lib->bus_get_property_string(b->bus, SD_DEST, SD_PATH, SD_MANAGER, "Version", &e, &version);
        if (r < 0) {
                r = bus_error(b, r, &e, "systemd", "read the manager's version", err);
                b->lib->bus_flush_close_unref(b->bus);
                return error_wrap(err, r, "--systemd-cgroup");
        }
        b->version = parse_version(version);
        b->lib->free(version);
        log_debug("systemd %d over D-Bus", b->version);
        *out = TAKE_PTR(b);
        return 0;
}

int systemd_bus_version(const struct systemd_bus *b)
{
        return b->version;
}

/* Signals reach a client of the system bus only once it subscribed; systemd's own socket gets them anyway. */
static int watch_jobs(struct systemd_bus *b, struct error *err)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;
        int r;

        if (b->jobs)
                return 0;
        r = b->lib->bus_match_signal(b->bus, &b->jobs, b->direct ? NULL : SD_DEST, SD_PATH, SD_MANAGER,
                                     "JobRemoved", on_job_removed, b);
        if (r < 0)
                return error_errno(err, -r, "systemd: watch for JobRemoved");
        r = b->lib->bus_call_method(b->bus, SD_DEST, SD_PATH, SD_MANAGER, "Subscribe", &e, NULL, "");
        if (r < 0)
                log_debug("systemd: Subscribe: %s", e.message ? e.message : errno_text(-r));
        b->lib->error_free(&e);
        return 0;
}

/* Waits for the job of reply to be removed; its result is in b->result. */
static int wait_job(struct systemd_bus *b, sd_bus_message *reply, const char *unit, struct error *err)
{
        const char *job = NULL;
        struct timespec now, end;
        int r;

        r = b->lib->message_read(reply, "o", &job);
        if (r < 0)
                return error_errno(err, -r, "%s: read the job systemd queued", unit);
        b->job = job;
        b->job_done = false;
        clock_gettime(CLOCK_MONOTONIC, &end);
        end.tv_sec += JOB_TIMEOUT_S;
        while (!b->job_done) {
                uint64_t left;

                r = b->lib->bus_process(b->bus, NULL);
                if (r < 0)
                        break;
                if (r > 0)
                        continue;
                clock_gettime(CLOCK_MONOTONIC, &now);
                if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec)) {
                        r = -ETIMEDOUT;
                        break;
                }
                left = (uint64_t)(end.tv_sec - now.tv_sec) * 1000000 + (uint64_t)(end.tv_nsec / 1000) -
                       (uint64_t)(now.tv_nsec / 1000);
                r = b->lib->bus_wait(b->bus, left);
                if (r < 0)
                        break;
        }
        b->job = NULL;
        if (r < 0)
                return error_errno(err, -r, "%s: wait for systemd's job %s", unit, job);
        return 0;
}

/* A property's value, as the variant of its kind. */
static int append_value(const struct systemd_lib *l, sd_bus_message *m, const struct sd_prop *p)
{
        int r;

        switch (p->kind) {
        case SD_PROP_BOOL:
                return l->message_append(m, "v", "b", (int)p->u);
        case SD_PROP_U64:
                return l->message_append(m, "v", "t", p->u);
        case SD_PROP_STRING:
                return l->message_append(m, "v", "s", p->s);
        case SD_PROP_PIDS:
                return l->message_append(m, "v", "au", 1, (uint32_t)p->u);
        case SD_PROP_BITMASK:
                if ((r = l->message_open_container(m, 'v', "ay")) < 0 ||
                    (r = l->message_append_array(m, 'y', p->bytes, p->n_bytes)) < 0)
                        return r;
                return l->message_close_container(m);
        case SD_PROP_DEVICES:
                if ((r = l->message_open_container(m, 'v', "a(ss)")) < 0 ||
                    (r = l->message_open_container(m, 'a', "(ss)")) < 0)
                        return r;
                for (size_t i = 0; i < p->n_devices; i++)
                        if ((r = l->message_append(m, "(ss)", p->devices[i].path, p->devices[i].access)) < 0)
                                return r;
                if ((r = l->message_close_container(m)) < 0)
                        return r;
                return l->message_close_container(m);
        }
        return -EINVAL;
}

static int append_props(const struct systemd_lib *l, sd_bus_message *m, const struct sd_props *props)
{
        int r = l->message_open_container(m, 'a', "(sv)");

        for (size_t i = 0; r >= 0 && i < props->n; i++) {
                r = l->message_open_container(m, 'r', "sv");
                if (r >= 0)
                        r = l->message_append(m, "s", props->p[i].name);
                if (r >= 0)
                        r = append_value(l, m, &props->p[i]);
                if (r >= 0)
                        r = l->message_close_container(m);
        }
        return r < 0 ? r : l->message_close_container(m);
}

static void reset_failed(struct systemd_bus *b, const char *unit)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;

        if (b->lib->bus_call_method(b->bus, SD_DEST, SD_PATH, SD_MANAGER, "ResetFailedUnit", &e, NULL, "s",
                                    unit) < 0)
                log_debug("%s: ResetFailedUnit: %s", unit, e.message ? e.message : "");
        b->lib->error_free(&e);
}

/* One StartTransientUnit call; the reply (the job) in *reply. */
static int call_start(struct systemd_bus *b, const char *unit, const struct sd_props *props, sd_bus_error *e,
                      sd_bus_message **reply)
{
        const struct systemd_lib *l = b->lib;
        sd_bus_message *m = NULL;
        int r;

        r = l->message_new_method_call(b->bus, &m, SD_DEST, SD_PATH, SD_MANAGER, "StartTransientUnit");
        if (r >= 0)
                r = l->message_append(m, "ss", unit, "replace");
        if (r >= 0)
                r = append_props(l, m, props);
        if (r >= 0)
                r = l->message_append(m, "a(sa(sv))", 0);
        if (r >= 0)
                r = l->bus_call(b->bus, m, 0, e, reply);
        l->message_unref(m);
        return r;
}

int systemd_bus_start(struct systemd_bus *b, const char *unit, const struct sd_props *props, bool *queued,
                      struct error *err)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;
        sd_bus_message *reply = NULL;
        int r;

        *queued = false;
        r = watch_jobs(b, err);
        if (r < 0)
                return r;
        r = call_start(b, unit, props, &e, &reply);
        if (r < 0 && e.name && !strcmp(e.name, ERR_UNIT_EXISTS)) {
                /* A unit of this name left failed: reset, so systemd forgets it, and try once more. */
                b->lib->error_free(&e);
                reset_failed(b, unit);
                r = call_start(b, unit, props, &e, &reply);
        }
        if (r < 0)
                return bus_error(b, r, &e, unit, "StartTransientUnit", err);
        *queued = true;
        r = wait_job(b, reply, unit, err);
        b->lib->message_unref(reply);
        if (r >= 0 && strcmp(b->result, "done")) {
                r = error_set(err, EIO, "%s: systemd's job to start it ended \"%s\"", unit, b->result);
                reset_failed(b, unit);
        }
        return r;
}

int systemd_bus_set(struct systemd_bus *b, const char *unit, const struct sd_props *props, struct error *err)
{
        const struct systemd_lib *l = b->lib;
        sd_bus_error e = SD_BUS_ERROR_NULL;
        sd_bus_message *m = NULL, *reply = NULL;
        int r;

        if (!props->n)
                return 0;
        r = l->message_new_method_call(b->bus, &m, SD_DEST, SD_PATH, SD_MANAGER, "SetUnitProperties");
        if (r >= 0)
                r = l->message_append(m, "sb", unit, 1);
        if (r >= 0)
                r = append_props(l, m, props);
        if (r >= 0)
                r = l->bus_call(b->bus, m, 0, &e, &reply);
        l->message_unref(m);
        l->message_unref(reply);
        return r < 0 ? bus_error(b, r, &e, unit, "SetUnitProperties", err) : 0;
}

int systemd_bus_stop(struct systemd_bus *b, const char *unit, struct error *err)
{
        sd_bus_error e = SD_BUS_ERROR_NULL;
        sd_bus_message *reply = NULL;
        int r;

        r = watch_jobs(b, err);
        if (r < 0)
                return r;
        r = b->lib->bus_call_method(b->bus, SD_DEST, SD_PATH, SD_MANAGER, "StopUnit", &e, &reply, "ss", unit,
                                    "replace");
        if (r < 0 && e.name && !strcmp(e.name, ERR_NO_SUCH)) {
                b->lib->error_free(&e);
                return 0;
        }
        if (r < 0)
                return bus_error(b, r, &e, unit, "StopUnit", err);
        r = wait_job(b, reply, unit, err);
        b->lib->message_unref(reply);
        if (r >= 0 && strcmp(b->result, "done"))
                log_warn("%s: systemd's job to stop it ended \"%s\"", unit, b->result);
        /* A failed unit stays listed until it is reset. */
        reset_failed(b, unit);
        return r;
}

void systemd_bus_close_in_child(struct systemd_bus *b)
{
        if (b && b->owner != getpid() && b->fd >= 0)
                close(b->fd);
}

void systemd_bus_free(struct systemd_bus *b)
{
        if (!b)
                return;
        if (b->owner == getpid()) {
                b->lib->bus_slot_unref(b->jobs);
                b->lib->bus_flush_close_unref(b->bus);
        }
        free(b);
}
