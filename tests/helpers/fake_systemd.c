/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A stand-in for systemd's manager on its private socket, for hosts whose init is not systemd: the
 * calls --systemd-cgroup makes (StartTransientUnit, SetUnitProperties, StopUnit, ResetFailedUnit,
 * Subscribe, the Version property) are answered as systemd answers them, each job announced by
 * JobRemoved "done", and every call with its properties written to LOG, one line per property
 * ("  MemoryMax t 268435456"), for the test to read. It makes no cgroup: brownie makes the directories
 * and moves the init itself after the unit starts, so the container runs all the same.
 *
 *   fake_systemd SOCKET LOG [REFUSE]   a unit whose name contains REFUSE is refused with
 *                                      org.freedesktop.DBus.Error.InvalidArgs
 * Serves one connection after another until killed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#define PATH    "/org/freedesktop/systemd1"
#define MANAGER "org.freedesktop.systemd1.Manager"

static FILE *log_file;
static const char *refuse;
static uint32_t jobs;

/* One property's variant, as "t 42", "ay 03", "a(ss) /dev/null:rwm ...". */
static int log_variant(sd_bus_message *m)
{
        const char *contents = NULL, *s1, *s2;
        char type;
        int r;

        if ((r = sd_bus_message_peek_type(m, &type, &contents)) < 0 ||
            (r = sd_bus_message_enter_container(m, 'v', contents)) < 0)
                return r;
        fprintf(log_file, " %s", contents);
        if (!strcmp(contents, "t")) {
                uint64_t v;
                r = sd_bus_message_read(m, "t", &v);
                fprintf(log_file, " %" PRIu64, v);
        } else if (!strcmp(contents, "b")) {
                int v;
                r = sd_bus_message_read(m, "b", &v);
                fprintf(log_file, " %s", v ? "yes" : "no");
        } else if (!strcmp(contents, "s")) {
                r = sd_bus_message_read(m, "s", &s1);
                fprintf(log_file, " %s", s1);
        } else if (!strcmp(contents, "ay")) {
                const uint8_t *p;
                size_t n;
                r = sd_bus_message_read_array(m, 'y', (const void **)&p, &n);
                for (size_t i = 0; r >= 0 && i < n; i++)
                        fprintf(log_file, " %02x", p[i]);
        } else if (!strcmp(contents, "au")) {
                uint32_t v;
                r = sd_bus_message_enter_container(m, 'a', "u");
                while (r >= 0 && (r = sd_bus_message_read(m, "u", &v)) > 0)
                        fprintf(log_file, " %" PRIu32, v);
                if (r >= 0)
                        r = sd_bus_message_exit_container(m);
        } else if (!strcmp(contents, "a(ss)")) {
                r = sd_bus_message_enter_container(m, 'a', "(ss)");
                while (r >= 0 && (r = sd_bus_message_read(m, "(ss)", &s1, &s2)) > 0)
                        fprintf(log_file, " %s:%s", s1, s2);
                if (r >= 0)
                        r = sd_bus_message_exit_container(m);
        } else {
                r = sd_bus_message_skip(m, contents);
        }
        if (r >= 0)
                r = sd_bus_message_exit_container(m);
        return r;
}

static int log_props(sd_bus_message *m)
{
        const char *name;
        int r = sd_bus_message_enter_container(m, 'a', "(sv)");

        while (r >= 0 && (r = sd_bus_message_enter_container(m, 'r', "sv")) > 0) {
                if ((r = sd_bus_message_read(m, "s", &name)) < 0)
                        break;
                fprintf(log_file, "  %s", name);
                r = log_variant(m);
                fputc('\n', log_file);
                if (r >= 0)
                        r = sd_bus_message_exit_container(m);
        }
        if (r >= 0)
                r = sd_bus_message_exit_container(m);
        fflush(log_file);
        return r;
}

/* Answers with a new job's path, then announces the job done. */
static int job_done(sd_bus_message *m, const char *unit)
{
        char job[64];
        int r;

        snprintf(job, sizeof(job), PATH "/job/%" PRIu32, ++jobs);
        r = sd_bus_reply_method_return(m, "o", job);
        if (r >= 0)
                r = sd_bus_emit_signal(sd_bus_message_get_bus(m), PATH, MANAGER, "JobRemoved", "uoss", jobs,
                                       job, unit, "done");
        return r;
}

static int start_unit(sd_bus_message *m, void *data, sd_bus_error *e)
{
        const char *unit, *mode;
        int r = sd_bus_message_read(m, "ss", &unit, &mode);

        if (r < 0)
                return r;
        fprintf(log_file, "start %s %s\n", unit, mode);
        if ((r = log_props(m)) < 0)
                return r;
        if (refuse && strstr(unit, refuse))
                return sd_bus_error_setf(e, SD_BUS_ERROR_INVALID_ARGS, "Unit %s refused by the test", unit);
        return job_done(m, unit);
}

static int set_props(sd_bus_message *m, void *data, sd_bus_error *e)
{
        const char *unit;
        int runtime, r = sd_bus_message_read(m, "sb", &unit, &runtime);

        if (r < 0)
                return r;
        fprintf(log_file, "set %s%s\n", unit, runtime ? " runtime" : "");
        if ((r = log_props(m)) < 0)
                return r;
        return sd_bus_reply_method_return(m, "");
}

static int stop_unit(sd_bus_message *m, void *data, sd_bus_error *e)
{
        const char *unit, *mode;
        int r = sd_bus_message_read(m, "ss", &unit, &mode);

        if (r < 0)
                return r;
        fprintf(log_file, "stop %s %s\n", unit, mode);
        fflush(log_file);
        return job_done(m, unit);
}

static int reset_failed(sd_bus_message *m, void *data, sd_bus_error *e)
{
        const char *unit;
        int r = sd_bus_message_read(m, "s", &unit);

        if (r < 0)
                return r;
        fprintf(log_file, "reset %s\n", unit);
        fflush(log_file);
        return sd_bus_reply_method_return(m, "");
}

static int subscribe(sd_bus_message *m, void *data, sd_bus_error *e)
{
        return sd_bus_reply_method_return(m, "");
}

static int version(sd_bus *bus, const char *path, const char *interface, const char *property,
                   sd_bus_message *reply, void *data, sd_bus_error *e)
{
        return sd_bus_message_append(reply, "s", "252.99-fake");
}

static const sd_bus_vtable manager[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("StartTransientUnit", "ssa(sv)a(sa(sv))", "o", start_unit, 0),
    SD_BUS_METHOD("SetUnitProperties", "sba(sv)", "", set_props, 0),
    SD_BUS_METHOD("StopUnit", "ss", "o", stop_unit, 0),
    SD_BUS_METHOD("ResetFailedUnit", "s", "", reset_failed, 0),
    SD_BUS_METHOD("Subscribe", "", "", subscribe, 0),
    SD_BUS_PROPERTY("Version", "s", version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_VTABLE_END,
};

/* One client, served until it hangs up. */
static void serve(int fd)
{
        sd_bus *bus = NULL;
        sd_id128_t id;
        int r;

        if (sd_bus_new(&bus) < 0 || sd_bus_set_fd(bus, fd, fd) < 0 || sd_id128_randomize(&id) < 0 ||
            sd_bus_set_server(bus, 1, id) < 0 ||
            sd_bus_add_object_vtable(bus, NULL, PATH, MANAGER, manager, NULL) < 0 || sd_bus_start(bus) < 0) {
                fprintf(stderr, "fake_systemd: cannot serve a connection\n");
                sd_bus_unref(bus);
                close(fd);
                return;
        }
        for (;;) {
                r = sd_bus_process(bus, NULL);
                if (r > 0)
                        continue;
                if (r < 0 || sd_bus_wait(bus, UINT64_MAX) < 0)
                        break;
        }
        sd_bus_flush_close_unref(bus);
}

int main(int argc, char **argv)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int lfd;

        if (argc < 3) {
                fprintf(stderr, "usage: fake_systemd SOCKET LOG [REFUSE]\n");
                return 2;
        }
        refuse = argc > 3 ? argv[3] : NULL;
        log_file = fopen(argv[2], "a");
        lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
        unlink(argv[1]);
        if (!log_file || lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 8) < 0) {
                perror("fake_systemd");
                return 1;
        }
        for (;;) {
                int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

                if (fd < 0 && errno == EINTR)
                        continue;
                if (fd < 0)
                        return 1;
                serve(fd);
        }
}
