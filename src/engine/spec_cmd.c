/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "engine.h"
#include "model/spec.h"
#include "util/cleanup.h"

int engine_spec(const char *bundle, bool rootless, struct error *err)
{
        _cleanup_close_ int dirfd = -1, fd = -1;
        _cleanup_free_ char *json = NULL;
        size_t len, off = 0;

        dirfd = open(bundle ? bundle : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0)
                return error_errno(err, errno, "bundle \"%s\"", bundle ? bundle : ".");
        fd = openat(dirfd, CONFIG_FILE, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
                if (errno == EEXIST)
                        return error_set(err, EEXIST, "File %s exists. Remove it first", CONFIG_FILE);
                return error_errno(err, errno, "create \"%s\"", CONFIG_FILE);
        }
        json = spec_default_json(rootless);
        if (!json)
                return error_errno(err, ENOMEM, "default spec");
        len = strlen(json);
        while (off < len) {
                ssize_t w = write(fd, json + off, len - off);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        return error_errno(err, errno, "write \"%s\"", CONFIG_FILE);
                }
                off += w;
        }
        return 0;
}
