/* SPDX-License-Identifier: Apache-2.0 */
#include "seccomp_listener.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "container.h"
#include "util/cleanup.h"
#include "util/fdpass.h"

int seccomp_listener_forward(const struct spec *s, int sync_fd, pid_t pid, const char *state_json,
                             struct error *err)
{
        const struct spec_seccomp *sc = s->linux ? s->linux->seccomp : NULL;
        _cleanup_close_ int fd = -1;
        json_object *o, *fds, *state;
        char *text;
        int r;

        fd = fd_recv(sync_fd, NULL, 0, err);
        if (fd < 0)
                return error_wrap(err, fd, "linux.seccomp: the listener fd");
        if (!sc || !sc->listener_path)
                return error_set(err, EPROTO, "linux.seccomp: a listener fd came without listenerPath");
        state = json_tokener_parse(state_json);
        if (!state)
                return error_set(err, EINVAL, "linux.seccomp: container state");
        o = json_object_new_object();
        fds = json_object_new_array();
        json_object_array_add(fds, json_object_new_string("seccompFd"));
        json_object_object_add(o, "ociVersion", json_object_new_string(OCI_VERSION));
        json_object_object_add(o, "fds", fds);
        json_object_object_add(o, "pid", json_object_new_int(pid));
        if (sc->listener_metadata)
                json_object_object_add(o, "metadata", json_object_new_string(sc->listener_metadata));
        json_object_object_add(o, "state", state);
        text = strdup(
            json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
        if (!text)
                return error_errno(err, ENOMEM, "linux.seccomp: container process state");
        r = unix_send_fd(sc->listener_path, fd, text, err);
        free(text);
        if (r < 0)
                return error_wrap(
                    err, r,
                    "linux.seccomp.listenerPath \"%s\": failed to connect with seccomp agent (or to "
                    "send it the listener)",
                    sc->listener_path);
        return 0;
}
