/* SPDX-License-Identifier: Apache-2.0 */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cdi.h"
#include "linux/cgroup/cgroup.h"
#include "network.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/utc.h"

static const char *const status_names[] = {
    [STATUS_CREATING] = "creating", [STATUS_CREATED] = "created", [STATUS_RUNNING] = "running",
    [STATUS_PAUSED] = "paused",     [STATUS_STOPPED] = "stopped",
};

const char *container_status_name(enum container_status s)
{
        return status_names[s];
}

bool container_id_valid(const char *id)
{
        if (!id || !*id || !strcmp(id, ".") || !strcmp(id, ".."))
                return false;
        for (const char *p = id; *p; p++) {
                char c = *p;
                /* runc's pattern [\w+-\.] is a range from '+' to '.': it takes ',' too. */
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || (c >= '+' && c <= '.')))
                        return false;
        }
        return strlen(id) <= 1024;
}

bool engine_id_valid(const char *id)
{
        return container_id_valid(id);
}

void format_rfc3339nano(char *buf, size_t size)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        utc_format(&ts, true, buf, size);
}

static const char *root_path(const struct global_opts *g)
{
        return g->root ? g->root : BROWNIE_DEFAULT_ROOT;
}

int state_root_open(const struct global_opts *g, bool create, struct error *err)
{
        const char *root = root_path(g);
        int fd;

        /* Opened first: it is there but on a host's first container. */
        fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && create) {
                int r = mkdir_p(root, 0700, err);
                if (r < 0)
                        return error_wrap(err, r, "state root");
                fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        }
        if (fd < 0)
                return error_errno(err, errno, "open state root \"%s\"", root);
        return fd;
}

static char *dup_str(json_object *o, const char *key)
{
        json_object *v;

        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        return strdup(json_object_get_string(v));
}

/* "intel_rdt": {"root": "/sys/fs/resctrl", "group": "c1", "closID": false, "made": true, "mon": "c1"} */
static int parse_rdt(struct container *c, json_object *v, struct error *err)
{
        json_object *b;

        if (!json_object_is_type(v, json_type_object))
                return 0;
        c->rdt = calloc(1, sizeof(*c->rdt));
        if (!c->rdt)
                return error_errno(err, ENOMEM, "container \"%s\"", c->id);
        c->rdt->root = dup_str(v, "root");
        c->rdt->name = dup_str(v, "group");
        c->rdt->mon = dup_str(v, "mon");
        c->rdt->made = json_object_object_get_ex(v, "made", &b) && json_object_get_boolean(b);
        c->rdt->closid = json_object_object_get_ex(v, "closID", &b) && json_object_get_boolean(b);
        if (!c->rdt->root || !c->rdt->name)
                return error_set(err, EINVAL, "container \"%s\": corrupt %s (intel_rdt)", c->id, STATE_FILE);
        return 0;
}

static json_object *rdt_json(const struct resctrl_group *g)
{
        json_object *o = json_object_new_object();

        json_object_object_add(o, "root", json_object_new_string(g->root));
        json_object_object_add(o, "group", json_object_new_string(g->name));
        json_object_object_add(o, "closID", json_object_new_boolean(g->closid));
        json_object_object_add(o, "made", json_object_new_boolean(g->made));
        if (g->mon)
                json_object_object_add(o, "mon", json_object_new_string(g->mon));
        return o;
}

/* "cgroup_paths": {"memory": "/a/c1", "cpu,cpuacct": "/c1", "": "/u/c1"}: hierarchy -> path. */
static int parse_cgroup_paths(struct container *c, json_object *v, struct error *err)
{
        size_t n;

        if (!json_object_is_type(v, json_type_object))
                return error_set(err, EINVAL, "container \"%s\": corrupt %s (cgroup_paths)", c->id,
                                 STATE_FILE);
        n = json_object_object_length(v);
        c->cgroup_paths = calloc(n ? n : 1, sizeof(*c->cgroup_paths));
        if (!c->cgroup_paths)
                return error_errno(err, ENOMEM, "container \"%s\"", c->id);
        json_object_object_foreach(v, key, val)
        {
                struct cgroup_saved_path *p = &c->cgroup_paths[c->n_cgroup_paths];

                if (!json_object_is_type(val, json_type_string))
                        return error_set(err, EINVAL, "container \"%s\": corrupt %s (cgroup_paths[\"%s\"])",
                                         c->id, STATE_FILE, key);
                p->hierarchy = strdup(key);
                p->path = strdup(json_object_get_string(val));
                c->n_cgroup_paths++;
                if (!p->hierarchy || !p->path)
                        return error_errno(err, ENOMEM, "container \"%s\"", c->id);
        }
        return 0;
}

static void free_cgroup_paths(struct container *c)
{
        for (size_t i = 0; i < c->n_cgroup_paths; i++) {
                free(c->cgroup_paths[i].hierarchy);
                free(c->cgroup_paths[i].path);
        }
        free(c->cgroup_paths);
        c->cgroup_paths = NULL;
        c->n_cgroup_paths = 0;
}

int container_set_cgroup(struct container *c, const struct cgroup *cg, struct error *err)
{
        int n = cgroup_hierarchies(cg);

        int joined = 0;

        free(c->cgroup_path);
        c->cgroup_path = NULL;
        free(c->systemd_unit);
        c->systemd_unit = NULL;
        free_cgroup_paths(c);
        if (cgroup_unit(cg) && !(c->systemd_unit = strdup(cgroup_unit(cg))))
                return error_errno(err, ENOMEM, "container \"%s\"", c->id);
        for (int i = 0; i < n; i++)
                joined += cgroup_joined(cg, i);
        /* Rootless without any cgroup: the container is its init's process tree. */
        if (!joined)
                return 0;
        c->cgroup_listed = joined < n;
        c->cgroup_path = strdup(cgroup_path(cg));
        c->cgroup_paths = calloc(n ? n : 1, sizeof(*c->cgroup_paths));
        if (!c->cgroup_path || !c->cgroup_paths)
                return error_errno(err, ENOMEM, "container \"%s\"", c->id);
        for (int i = 0; i < n; i++) {
                struct cgroup_saved_path *p = &c->cgroup_paths[c->n_cgroup_paths];
                const char *name, *path;

                if (!cgroup_joined(cg, i))
                        continue;
                cgroup_hierarchy(cg, i, &name, &path);
                p->hierarchy = strdup(name);
                p->path = strdup(path);
                c->n_cgroup_paths++;
                if (!p->hierarchy || !p->path)
                        return error_errno(err, ENOMEM, "container \"%s\"", c->id);
        }
        return 0;
}

int container_cgroup(const struct container *c, struct cgroup **out, struct error *err)
{
        int r;

        if (!c->cgroup_path)
                return error_set(err, ENOENT, "container \"%s\" has no cgroup", c->id);
        if (c->cgroup_listed)
                r = cgroup_resolve_saved_listed(c->cgroup_path, c->cgroup_paths, c->n_cgroup_paths, out, err);
        else
                r = cgroup_resolve_saved(c->cgroup_path, c->cgroup_paths, c->n_cgroup_paths, out, err);
        if (r >= 0 && c->systemd_unit && (r = cgroup_use_unit(*out, c->systemd_unit, err)) < 0) {
                cgroup_free(*out);
                *out = NULL;
        }
        return r;
}

/* "annotations": {"key": "value"}, strings only (a null or another type is a corrupt state). */
static int parse_annotations(struct container *c, json_object *v, struct error *err)
{
        size_t n;

        if (!json_object_is_type(v, json_type_object))
                return 0;
        n = json_object_object_length(v);
        c->annotations = calloc(n ? n : 1, sizeof(*c->annotations));
        if (!c->annotations)
                return error_errno(err, ENOMEM, "container \"%s\"", c->id);
        json_object_object_foreach(v, key, val)
        {
                struct kv *a = &c->annotations[c->n_annotations];

                if (!json_object_is_type(val, json_type_string))
                        return error_set(err, EINVAL, "container \"%s\": corrupt %s (annotations[\"%s\"])",
                                         c->id, STATE_FILE, key);
                a->key = strdup(key);
                a->value = strdup(json_object_get_string(val));
                c->n_annotations++;
                if (!a->key || !a->value)
                        return error_errno(err, ENOMEM, "container \"%s\"", c->id);
        }
        return 0;
}

int container_parse_state(struct container *c, const char *text, struct error *err)
{
        json_object *o, *v;
        int r;

        o = json_tokener_parse(text);
        if (!o || !json_object_is_type(o, json_type_object)) {
                json_object_put(o);
                return error_set(err, EINVAL, "container \"%s\": corrupt %s", c->id, STATE_FILE);
        }
        if (json_object_object_get_ex(o, "pid", &v))
                c->pid = json_object_get_int(v);
        if (json_object_object_get_ex(o, "init_start_time", &v))
                c->start_time = json_object_get_uint64(v);
        if (json_object_object_get_ex(o, "cgroup_listed", &v))
                c->cgroup_listed = json_object_get_boolean(v);
        if (json_object_object_get_ex(o, "systemd_cgroup", &v))
                c->systemd_cgroup = json_object_get_boolean(v);
        c->bundle = dup_str(o, "bundle");
        c->rootfs = dup_str(o, "rootfs");
        c->created = dup_str(o, "created");
        c->cgroup_path = dup_str(o, "cgroup_path");
        c->systemd_unit = dup_str(o, "systemd_unit");
        if (json_object_object_get_ex(o, "cgroup_paths", &v) && (r = parse_cgroup_paths(c, v, err)) < 0) {
                json_object_put(o);
                return r;
        }
        if (json_object_object_get_ex(o, "intel_rdt", &v) && (r = parse_rdt(c, v, err)) < 0) {
                json_object_put(o);
                return r;
        }
        if (json_object_object_get_ex(o, "annotations", &v) && (r = parse_annotations(c, v, err)) < 0) {
                json_object_put(o);
                return r;
        }
        json_object_put(o);
        return 0;
}

static bool container_frozen(const struct container *c)
{
        struct cgroup *cg = NULL;
        bool frozen;

        if (!c->cgroup_path || container_cgroup(c, &cg, NULL) < 0)
                return false;
        frozen = cgroup_is_frozen(cg);
        cgroup_free(cg);
        return frozen;
}

/* Whether a create still holds the lock of a container we have not locked ourselves. */
static bool creator_alive(struct container *c)
{
        if (c->locked)
                return false;
        if (flock(c->dirfd, LOCK_SH | LOCK_NB) == 0) {
                flock(c->dirfd, LOCK_UN);
                return false;
        }
        return errno == EWOULDBLOCK;
}

void container_refresh_status(struct container *c)
{
        if (c->pid <= 0)
                c->status = creator_alive(c) ? STATUS_CREATING : STATUS_STOPPED;
        else if (!container_kernel(c)->process_alive(c->pid, c->start_time))
                c->status = STATUS_STOPPED;
        else if (faccessat(c->dirfd, FIFO_FILE, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
                c->status = STATUS_CREATED;
        else if (container_frozen(c))
                c->status = STATUS_PAUSED;
        else
                c->status = STATUS_RUNNING;
}

int container_open(const struct global_opts *g, const char *id, bool lock, struct container **out,
                   struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        _cleanup_close_ int rootfd = -1;
        _cleanup_free_ char *text = NULL;
        struct stat st;
        int r;

        if (!container_id_valid(id))
                return error_set(err, EINVAL, "invalid container id format: %s", id ? id : "");
        rootfd = open(root_path(g), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (rootfd < 0) {
                if (errno == ENOENT)
                        return error_set(err, ENOENT, "container does not exist");
                return error_errno(err, errno, "open state root \"%s\"", root_path(g));
        }
        c = calloc(1, sizeof(*c));
        if (!c)
                return error_errno(err, ENOMEM, "container \"%s\"", id);
        c->id = strdup(id);
        c->kernel = g->kernel;
        c->rootfd = TAKE_FD(rootfd);
        c->dirfd = openat(c->rootfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (c->dirfd < 0) {
                if (errno == ENOENT)
                        return error_set(err, ENOENT, "container does not exist");
                return error_errno(err, errno, "open state of container \"%s\"", id);
        }
        if (lock && flock(c->dirfd, LOCK_EX) < 0)
                return error_errno(err, errno, "lock container \"%s\"", id);
        c->locked = lock;
        /* A delete may have removed the directory while we waited for the lock. */
        if (fstat(c->dirfd, &st) < 0 || st.st_nlink == 0)
                return error_set(err, ENOENT, "container does not exist");
        r = read_doc_at(c->dirfd, STATE_FILE, false, &text, NULL, err);
        if (r == -ENOENT) {
                /* Its create died before the first save (or, unlocked, is still before it). */
                if (creator_alive(c))
                        return error_set(err, ENOENT, "container does not exist");
                error_clear(err);
        } else if (r < 0) {
                return r;
        } else if ((r = container_parse_state(c, text, err)) < 0) {
                return r;
        }
        container_refresh_status(c);
        *out = TAKE_PTR(c);
        return 0;
}

int container_save(const struct container *c, struct error *err)
{
        json_object *o = json_object_new_object(), *ann;
        const char *text;
        int r;

        json_object_object_add(o, "id", json_object_new_string(c->id));
        json_object_object_add(o, "pid", json_object_new_int(c->pid));
        json_object_object_add(o, "init_start_time", json_object_new_uint64(c->start_time));
        json_object_object_add(o, "bundle", json_object_new_string(c->bundle ? c->bundle : ""));
        json_object_object_add(o, "rootfs", json_object_new_string(c->rootfs ? c->rootfs : ""));
        json_object_object_add(o, "created", json_object_new_string(c->created ? c->created : ""));
        if (c->cgroup_path)
                json_object_object_add(o, "cgroup_path", json_object_new_string(c->cgroup_path));
        if (c->n_cgroup_paths) {
                json_object *paths = json_object_new_object();

                for (size_t i = 0; i < c->n_cgroup_paths; i++)
                        json_object_object_add(paths, c->cgroup_paths[i].hierarchy,
                                               json_object_new_string(c->cgroup_paths[i].path));
                json_object_object_add(o, "cgroup_paths", paths);
        }
        if (c->cgroup_listed)
                json_object_object_add(o, "cgroup_listed", json_object_new_boolean(true));
        json_object_object_add(o, "systemd_cgroup", json_object_new_boolean(c->systemd_cgroup));
        if (c->systemd_unit)
                json_object_object_add(o, "systemd_unit", json_object_new_string(c->systemd_unit));
        if (c->rdt)
                json_object_object_add(o, "intel_rdt", rdt_json(c->rdt));
        ann = json_object_new_object();
        for (size_t i = 0; i < c->n_annotations; i++)
                json_object_object_add(ann, c->annotations[i].key,
                                       json_object_new_string(c->annotations[i].value));
        json_object_object_add(o, "annotations", ann);
        text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
        r = write_file_atomic_at(c->dirfd, STATE_FILE, text, strlen(text), 0600, err);
        json_object_put(o);
        return r;
}

int container_load_spec(const struct container *c, struct spec **out, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        size_t len;
        int r = read_doc_at(c->dirfd, CONFIG_FILE, false, &text, &len, err);

        if (r < 0)
                return error_wrap(err, r, "container \"%s\"", c->id);
        r = spec_parse(text, len, CONFIG_FILE, out, err);
        /* The CDI edits create applied to its parsed config (the copy is the bundle's, unedited). */
        if (r == 0 && (r = cdi_reload(c->dirfd, *out, err)) < 0)
                cleanup_specp(out);
        return r;
}

static json_object *annotations_json(const struct kv *a, size_t n)
{
        json_object *o = json_object_new_object();

        for (size_t i = 0; i < n; i++)
                json_object_object_add(o, a[i].key, json_object_new_string(a[i].value));
        return o;
}

int container_write_state_json(const struct container *c, FILE *out, struct error *err)
{
        json_object *o = json_object_new_object();
        bool stopped = c->status == STATUS_STOPPED;

        json_object_object_add(o, "ociVersion", json_object_new_string(OCI_VERSION));
        json_object_object_add(o, "id", json_object_new_string(c->id));
        json_object_object_add(o, "pid", json_object_new_int(stopped ? 0 : c->pid));
        json_object_object_add(o, "status", json_object_new_string(container_status_name(c->status)));
        json_object_object_add(o, "bundle", json_object_new_string(c->bundle ? c->bundle : ""));
        json_object_object_add(o, "rootfs", json_object_new_string(c->rootfs ? c->rootfs : ""));
        json_object_object_add(o, "created", json_object_new_string(c->created ? c->created : ""));
        if (c->n_annotations)
                json_object_object_add(o, "annotations", annotations_json(c->annotations, c->n_annotations));
        json_object_object_add(o, "owner", json_object_new_string(""));
        /* An extension clients ignore: what --network set up (network.json). */
        json_object *net = network_state_json(c->dirfd);
        if (net)
                json_object_object_add(o, NETWORK_STATE_KEY, net);
        fprintf(out, "%s\n",
                json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
        if (fflush(out) != 0)
                return error_errno(err, errno, "write state");
        return 0;
}

char *container_hook_state(const char *id, pid_t pid, const char *bundle, const struct kv *annotations,
                           size_t n_annotations, enum container_status status)
{
        json_object *o = json_object_new_object();
        char *text;

        json_object_object_add(o, "ociVersion", json_object_new_string(OCI_VERSION));
        json_object_object_add(o, "id", json_object_new_string(id));
        json_object_object_add(o, "status", json_object_new_string(container_status_name(status)));
        if (pid > 0)
                json_object_object_add(o, "pid", json_object_new_int(pid));
        json_object_object_add(o, "bundle", json_object_new_string(bundle));
        json_object_object_add(o, "annotations", annotations_json(annotations, n_annotations));
        text = strdup(
            json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
        return text;
}

int container_remove_dir(const struct global_opts *g, struct container *c, struct error *err)
{
        _cleanup_close_ int opened = -1;
        int rootfd = c->rootfd, r;

        if (rootfd < 0)
                rootfd = opened = open(root_path(g), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (rootfd < 0)
                return error_errno(err, errno, "open state root \"%s\"", root_path(g));
        /* What every container's directory holds goes by name and the directory with it; anything else
         * (a fifo start did not consume, a network record) makes the rmdir fail and takes the walk. */
        if (c->dirfd >= 0) {
                static const char *const usual[] = {STATE_FILE, CONFIG_FILE};

                for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++)
                        unlinkat(c->dirfd, usual[i], 0);
                if (unlinkat(rootfd, c->id, AT_REMOVEDIR) == 0)
                        return 0;
        }
        r = rm_rf_at(rootfd, c->id);
        if (r < 0)
                return error_errno(err, r, "remove state of container \"%s\"", c->id);
        return 0;
}

void container_free(struct container *c)
{
        if (!c)
                return;
        if (c->dirfd >= 0)
                close(c->dirfd);
        if (c->rootfd >= 0)
                close(c->rootfd);
        free(c->id);
        free(c->bundle);
        free(c->rootfs);
        free(c->created);
        free(c->cgroup_path);
        free(c->systemd_unit);
        free_cgroup_paths(c);
        resctrl_group_free(c->rdt);
        for (size_t i = 0; i < c->n_annotations; i++) {
                free(c->annotations[i].key);
                free(c->annotations[i].value);
        }
        free(c->annotations);
        free(c);
}
