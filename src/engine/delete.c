/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "lifecycle.h"
#include "network.h"
#include "linux/cgroup/cgroup.h"
#include "linux/resctrl/resctrl.h"
#include "util/cleanup.h"
#include "util/log.h"

/* What create made in resctrl goes; a resctrl unmounted since took it along. */
static int destroy_rdt(const struct container *c, struct error *err)
{
        struct error e = ERROR_INIT;
        _cleanup_close_ int fd = resctrl_open(c->rdt->root, &e);

        if (fd < 0) {
                log_warn("delete \"%s\": %s", c->id, e.msg);
                return 0;
        }
        return resctrl_destroy(fd, c->rdt, err);
}

int container_destroy(const struct global_opts *g, struct container *c, const struct spec *known,
                      struct error *err)
{
        _cleanup_spec_ struct spec *loaded = NULL;
        const struct spec *spec = known;
        struct cgroup *cg = NULL;
        struct error e = ERROR_INIT;
        int r;

        if (!spec) {
                r = container_load_spec(c, &loaded, &e);
                if (r < 0)
                        log_warn("delete \"%s\": %s (poststop hooks skipped)", c->id, e.msg);
                spec = loaded;
        }
        /* CNI DEL first: the address, the port rules and the veth go, also for a container killed -9. */
        network_teardown(c->dirfd, c->id);
        if (c->cgroup_path) {
                r = container_cgroup(c, &cg, err);
                if (r < 0)
                        return r;
                /* An empty cgroup goes at once (an init of its own pid namespace took every process with
                 * it); one still populated (no pid namespace: the init's children outlive it) is killed
                 * first, then removed. */
                if (!cgroup_remove_empty(cg)) {
                        container_signal(c, SIGKILL, true, &e);
                        r = cgroup_destroy(cg, err);
                }
                cgroup_free(cg);
                if (r < 0)
                        return r;
        } else {
                /* No cgroup (rootless): what the init left without a pid namespace goes with it. */
                container_signal(c, SIGKILL, true, &e);
        }
        if (c->rdt) {
                r = destroy_rdt(c, err);
                if (r < 0)
                        return r;
        }
        if (spec && spec->hooks.n[HOOK_POSTSTOP]) {
                _cleanup_free_ char *json = container_hook_state(c->id, 0, c->bundle, spec->annotations,
                                                                 spec->n_annotations, STATUS_STOPPED);
                /* Every poststop hook runs; failures are reported, the delete goes on (runtime.md). */
                hooks_run(spec, HOOK_POSTSTOP, json, true, &e);
        }
        return container_remove_dir(g, c, err);
}

int engine_delete(const struct global_opts *g, const char *id, bool force, struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        int r;

        r = container_open(g, id, true, &c, err);
        if (r == -ENOENT && force)
                return 0;
        if (r < 0)
                return r;
        if (c->status != STATUS_STOPPED) {
                if (!force)
                        return error_set(err, EBUSY, "cannot delete container %s that is not stopped: %s", id,
                                         container_status_name(c->status));
                container_signal(c, SIGKILL, true, err);
                container_signal(c, SIGKILL, false, err);
                /* A v1 freezer holds even SIGKILL'ed tasks until they are thawed. */
                if (c->status == STATUS_PAUSED)
                        container_set_frozen(c, false, err);
                if (container_wait_stopped(c, 10000) < 0)
                        return error_set(err, ETIMEDOUT, "container \"%s\": init did not die after SIGKILL",
                                         id);
                error_clear(err);
        }
        return container_destroy(g, c, NULL, err);
}
