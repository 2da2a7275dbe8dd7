/* SPDX-License-Identifier: Apache-2.0 */
/* CDI: the spec directories, the devices a container asks for, their edits applied (engine/cdi.h). */
#include "cdi.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "container.h"
#include "model/cdi.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

#define CDI_DIRS_ENV     "BROWNIE_CDI_SPEC_DIRS"
#define CDI_PREFIXES_ENV "BROWNIE_CDI_ANNOTATION_PREFIXES"

static const char *const default_dirs[] = {"/etc/cdi", "/var/run/cdi", NULL};

struct reg_device {
        char *qname;            /* vendor.com/class=name */
        struct cdi_spec *spec;  /* owned by the registry */
        struct cdi_device *dev; /* in spec */
        int prio;               /* the directory's index: a later one wins */
        const char *conflict;   /* another spec of the same directory defines it too */
};

struct registry {
        char **dirs; /* NULL-terminated */
        struct cdi_spec **specs;
        size_t n_specs;
        struct reg_device *devs;
        size_t n_devs;
};

static void registry_free(struct registry *r)
{
        strv_free(r->dirs);
        for (size_t i = 0; i < r->n_specs; i++)
                cdi_spec_free(r->specs[i]);
        free(r->specs);
        for (size_t i = 0; i < r->n_devs; i++)
                free(r->devs[i].qname);
        free(r->devs);
}

/* Splits s at any of seps into a NULL-terminated vector, empty parts dropped. */
static char **split(const char *s, const char *seps)
{
        size_t n = 0, cap = 4;
        char **v = calloc(cap + 1, sizeof(*v));

        while (v && *s) {
                size_t len = strcspn(s, seps);

                if (len) {
                        if (n == cap) {
                                char **w = realloc(v, (2 * cap + 1) * sizeof(*v));
                                if (!w)
                                        break;
                                v = w;
                                cap *= 2;
                        }
                        if (!(v[n] = strndup(s, len)))
                                break;
                        v[++n] = NULL;
                }
                s += len;
                if (*s)
                        s++;
        }
        if (v && *s) {
                strv_free(v);
                return NULL;
        }
        return v;
}

static char **strv_copy(const char *const *v)
{
        size_t n = 0;
        char **c;

        while (v[n])
                n++;
        c = calloc(n + 1, sizeof(*c));
        for (size_t i = 0; c && i < n; i++)
                if (!(c[i] = strdup(v[i]))) {
                        strv_free(c);
                        return NULL;
                }
        return c;
}

static int spec_dirs(const struct global_opts *g, char ***out, struct error *err)
{
        const char *env = getenv(CDI_DIRS_ENV);

        if (g->cdi_spec_dirs && g->cdi_spec_dirs[0])
                *out = strv_copy((const char *const *)g->cdi_spec_dirs);
        else if (env && *env)
                *out = split(env, ":");
        else
                *out = strv_copy(default_dirs);
        return *out ? 0 : error_errno(err, ENOMEM, "CDI spec directories");
}

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool spec_file(const char *name, bool *yaml)
{
        size_t len = strlen(name);

        if (len > 5 && !strcmp(name + len - 5, ".json")) {
                *yaml = false;
                return true;
        }
        if (len > 5 && !strcmp(name + len - 5, ".yaml")) {
                *yaml = true;
                return true;
        }
        return false;
}

static int add_device(struct registry *r, struct cdi_spec *s, struct cdi_device *d, int prio)
{
        size_t len = strlen(s->kind) + strlen(d->name) + 2;
        struct reg_device *v;
        char *q = malloc(len);

        if (!q)
                return -ENOMEM;
        snprintf(q, len, "%s=%s", s->kind, d->name);
        for (size_t i = 0; i < r->n_devs; i++) {
                if (strcmp(r->devs[i].qname, q))
                        continue;
                free(q);
                if (r->devs[i].prio == prio) {
                        r->devs[i].conflict = s->origin;
                        return 0;
                }
                r->devs[i] =
                    (struct reg_device){.qname = r->devs[i].qname, .spec = s, .dev = d, .prio = prio};
                return 0;
        }
        v = realloc(r->devs, (r->n_devs + 1) * sizeof(*v));
        if (!v) {
                free(q);
                return -ENOMEM;
        }
        r->devs = v;
        v[r->n_devs++] = (struct reg_device){.qname = q, .spec = s, .dev = d, .prio = prio};
        return 0;
}

static int load_file(struct registry *r, int dfd, const char *dir, const char *name, bool yaml, int prio)
{
        _cleanup_free_ char *text = NULL, *origin = NULL;
        struct error e = ERROR_INIT;
        struct cdi_spec *s = NULL, **v;
        size_t len;

        if (asprintf(&origin, "%s/%s", dir, name) < 0) {
                origin = NULL;
                return -ENOMEM;
        }
        if (read_doc_at(dfd, name, false, &text, &len, &e) < 0 ||
            cdi_spec_parse(text, len, yaml, origin, &s, &e) < 0) {
                /* One line naming the file (and the field); the other specs are still used. */
                if (!strncmp(e.msg, origin, strlen(origin)))
                        log_warn("CDI spec skipped: %s", e.msg);
                else
                        log_warn("CDI spec skipped: %s: %s", origin, e.msg);
                return 0;
        }
        v = realloc(r->specs, (r->n_specs + 1) * sizeof(*v));
        if (!v) {
                cdi_spec_free(s);
                return -ENOMEM;
        }
        r->specs = v;
        v[r->n_specs++] = s;
        for (size_t i = 0; i < s->n_devices; i++)
                if (add_device(r, s, &s->devices[i], prio) < 0)
                        return -ENOMEM;
        return 0;
}

static int load_dir(struct registry *r, const char *dir, int prio, struct error *err)
{
        _cleanup_closedir_ DIR *d = NULL;
        _cleanup_strv_ char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        bool yaml;

        if (fd < 0) {
                if (errno != ENOENT)
                        log_warn("CDI spec directory \"%s\" skipped: %s", dir, errno_text(errno));
                return 0;
        }
        d = fdopendir(fd);
        if (!d) {
                close(fd);
                return error_errno(err, errno, "CDI spec directory \"%s\"", dir);
        }
        while ((de = readdir(d))) {
                if (!spec_file(de->d_name, &yaml))
                        continue;
                if (n + 1 >= cap) {
                        char **w = realloc(names, (cap * 2 + 8) * sizeof(*w));
                        if (!w)
                                return error_errno(err, ENOMEM, "CDI spec directory \"%s\"", dir);
                        names = w;
                        cap = cap * 2 + 8;
                }
                if (!(names[n] = strdup(de->d_name)))
                        return error_errno(err, ENOMEM, "CDI spec directory \"%s\"", dir);
                names[++n] = NULL;
        }
        if (!n)
                return 0;
        qsort(names, n, sizeof(*names), by_name);
        for (size_t i = 0; i < n; i++) {
                struct stat st;

                if (fstatat(dirfd(d), names[i], &st, 0) == 0 && S_ISDIR(st.st_mode))
                        continue;
                spec_file(names[i], &yaml);
                if (load_file(r, dirfd(d), dir, names[i], yaml, prio) < 0)
                        return error_errno(err, ENOMEM, "CDI spec directory \"%s\"", dir);
        }
        return 0;
}

static int registry_load(const struct global_opts *g, struct registry *r, struct error *err)
{
        int rc = spec_dirs(g, &r->dirs, err);

        for (int i = 0; rc == 0 && r->dirs[i]; i++)
                rc = load_dir(r, r->dirs[i], i, err);
        return rc;
}

static const struct reg_device *registry_find(const struct registry *r, const char *qname)
{
        for (size_t i = 0; i < r->n_devs; i++)
                if (!strcmp(r->devs[i].qname, qname))
                        return &r->devs[i];
        return NULL;
}

/* ---- the requests ---- */

static int add_request(char ***v, size_t *n, const char *name, struct error *err)
{
        char **w;

        for (size_t i = 0; i < *n; i++)
                if (!strcmp((*v)[i], name))
                        return 0;
        w = realloc(*v, (*n + 2) * sizeof(*w));
        if (!w)
                return error_errno(err, ENOMEM, "CDI devices");
        *v = w;
        if (!(w[*n] = strdup(name)))
                return error_errno(err, ENOMEM, "CDI devices");
        w[++*n] = NULL;
        return 0;
}

static bool cdi_annotation(const struct global_opts *g, const char *key)
{
        const char *env = getenv(CDI_PREFIXES_ENV);
        _cleanup_strv_ char **extra = NULL;

        if (!strncmp(key, CDI_ANNOTATION_PREFIX, strlen(CDI_ANNOTATION_PREFIX)))
                return true;
        for (size_t i = 0; g->cdi_annotation_prefixes && g->cdi_annotation_prefixes[i]; i++)
                if (*g->cdi_annotation_prefixes[i] &&
                    !strncmp(key, g->cdi_annotation_prefixes[i], strlen(g->cdi_annotation_prefixes[i])))
                        return true;
        if (env && (extra = split(env, ":,")))
                for (size_t i = 0; extra[i]; i++)
                        if (!strncmp(key, extra[i], strlen(extra[i])))
                                return true;
        return false;
}

/* Each annotation's comma-separated names, then --device, once each and in that order; all qualified. */
static int requests(const struct global_opts *g, char *const *devices, const struct spec *s, char ***out,
                    size_t *n, struct error *err)
{
        for (size_t i = 0; i < s->n_annotations; i++) {
                _cleanup_strv_ char **names = NULL;
                const struct kv *a = &s->annotations[i];
                int r;

                if (!cdi_annotation(g, a->key))
                        continue;
                names = split(a->value, ",");
                if (!names)
                        return error_errno(err, ENOMEM, "CDI devices");
                if (!names[0])
                        return error_set(err, EINVAL, "%s: annotations[\"%s\"]: no CDI device named",
                                         CONFIG_FILE, a->key);
                for (size_t k = 0; names[k]; k++) {
                        char *name = names[k];
                        size_t len;

                        while (*name == ' ' || *name == '\t')
                                name++;
                        len = strlen(name);
                        while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
                                name[--len] = '\0';
                        if ((r = cdi_qualified_check(name, NULL, err)) < 0)
                                return error_wrap(err, r, "%s: annotations[\"%s\"]", CONFIG_FILE, a->key);
                        if ((r = add_request(out, n, name, err)) < 0)
                                return r;
                }
        }
        for (size_t i = 0; devices && devices[i]; i++) {
                int r = cdi_qualified_check(devices[i], NULL, err);

                if (r < 0)
                        return error_wrap(err, r, "--device");
                if ((r = add_request(out, n, devices[i], err)) < 0)
                        return r;
        }
        return 0;
}

/* ---- applying ---- */

/* A node's type, numbers and mode from the host when the spec leaves them out, as the CDI library
 * fills them (lstat of hostPath, else path; a node fully given may be absent on this host). */
static int fill_node(struct cdi_node *n, const char *qname, struct error *err)
{
        const char *host = n->host_path && *n->host_path ? n->host_path : n->dev.path;
        bool minimal = n->dev.type && (n->dev.major != 0 || n->dev.type == 'p');
        struct stat st;
        char type;

        if (lstat(host, &st) < 0) {
                if (minimal)
                        return 0;
                return error_errno(err, errno, "CDI device \"%s\": device node \"%s\": stat \"%s\"", qname,
                                   n->dev.path, host);
        }
        if (S_ISBLK(st.st_mode))
                type = 'b';
        else if (S_ISCHR(st.st_mode))
                type = 'c';
        else if (S_ISFIFO(st.st_mode))
                type = 'p';
        else if (minimal)
                return 0;
        else
                return error_set(err, EINVAL,
                                 "CDI device \"%s\": device node \"%s\": \"%s\" is not a device node", qname,
                                 n->dev.path, host);
        if (!n->dev.has_file_mode) {
                n->dev.has_file_mode = true;
                n->dev.file_mode = st.st_mode & 07777;
        }
        if (minimal)
                return 0;
        if (!n->dev.type)
                n->dev.type = type;
        if (n->dev.type != type && !(n->dev.type == 'u' && type == 'c'))
                return error_set(
                    err, EINVAL,
                    "CDI device \"%s\": device node \"%s\": type '%c' but \"%s\" on the host is '%c'", qname,
                    n->dev.path, n->dev.type, host, type);
        if (type != 'p' && n->dev.major == 0) {
                n->dev.major = major(st.st_rdev);
                n->dev.minor = minor(st.st_rdev);
        }
        return 0;
}

static int apply_one(struct spec *s, const struct cdi_base *base, struct cdi_edits *e, const char *origin,
                     const char *qname, json_object *kept, struct error *err)
{
        int r;

        for (size_t i = 0; i < e->n_nodes; i++)
                if ((r = fill_node(&e->nodes[i], qname, err)) < 0)
                        return r;
        r = cdi_edits_apply(s, base, e, origin, err);
        if (r < 0)
                return error_wrap(err, r, "CDI device \"%s\"", qname);
        json_object_array_add(kept, cdi_edits_to_json(e));
        return 0;
}

static int dirs_text(const struct registry *reg, char *buf, size_t size)
{
        size_t off = 0;

        buf[0] = '\0';
        for (size_t i = 0; reg->dirs[i] && off < size; i++)
                off += (size_t)snprintf(buf + off, size - off, "%s%s", i ? ", " : "", reg->dirs[i]);
        return 0;
}

int cdi_inject(const struct global_opts *g, char *const *devices, struct spec *s, char **saved,
               struct error *err)
{
        _cleanup_strv_ char **names = NULL;
        _cleanup_free_ bool *spec_done = NULL;
        _cleanup_free_ char *list = NULL;
        struct registry reg = {0};
        struct cdi_base base;
        json_object *doc = NULL, *kept, *asked;
        size_t n = 0, list_len = 0;
        char dirs[1024];
        int r;

        *saved = NULL;
        r = requests(g, devices, s, &names, &n, err);
        if (r < 0 || n == 0)
                return r;
        r = registry_load(g, &reg, err);
        if (r < 0)
                goto out;
        dirs_text(&reg, dirs, sizeof(dirs));
        spec_done = calloc(reg.n_specs + 1, sizeof(*spec_done));
        doc = json_object_new_object();
        kept = json_object_new_array();
        asked = json_object_new_array();
        json_object_object_add(doc, "devices", asked);
        json_object_object_add(doc, "containerEdits", kept);
        if (!spec_done) {
                r = error_errno(err, ENOMEM, "CDI devices");
                goto out;
        }
        cdi_base_of(s, &base);
        for (size_t i = 0; i < n; i++) {
                const struct reg_device *d = registry_find(&reg, names[i]);
                size_t si;

                if (!d) {
                        r = error_set(err, ENOENT, "unknown CDI device \"%s\" (no spec in %s defines it)",
                                      names[i], dirs);
                        goto out;
                }
                if (d->conflict) {
                        r = error_set(err, EEXIST,
                                      "CDI device \"%s\" is defined by two specs: \"%s\" and \"%s\"",
                                      names[i], d->spec->origin, d->conflict);
                        goto out;
                }
                for (si = 0; reg.specs[si] != d->spec; si++)
                        ;
                if (!spec_done[si]) {
                        spec_done[si] = true;
                        r = apply_one(s, &base, &d->spec->edits, d->spec->origin, names[i], kept, err);
                        if (r < 0)
                                goto out;
                }
                r = apply_one(s, &base, &d->dev->edits, d->spec->origin, names[i], kept, err);
                if (r < 0)
                        goto out;
                json_object_array_add(asked, json_object_new_string(names[i]));
                list_len += strlen(names[i]) + 1;
        }
        cdi_sort_mounts(s);
        list = calloc(list_len + 1, 1);
        if (!list) {
                r = error_errno(err, ENOMEM, "CDI devices");
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                if (i)
                        strcat(list, ",");
                strcat(list, names[i]);
        }
        r = cdi_set_annotation(s, CDI_DEVICES_ANNOTATION, list, err);
        if (r < 0)
                goto out;
        *saved = strdup(
            json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        if (!*saved)
                r = error_errno(err, ENOMEM, "CDI devices");
        log_debug("CDI devices injected: %s", list);
out:
        json_object_put(doc);
        registry_free(&reg);
        return r;
}

int cdi_save(int dirfd, const char *saved, struct error *err)
{
        if (!saved)
                return 0;
        return write_file_atomic_at(dirfd, CDI_STATE_FILE, saved, strlen(saved), 0600, err);
}

int cdi_reload(int dirfd, struct spec *s, struct error *err)
{
        _cleanup_free_ char *text = NULL, *list = NULL;
        json_object *doc = NULL, *kept, *asked;
        struct cdi_base base;
        size_t len = 0, list_len = 0;
        int r;

        if (faccessat(dirfd, CDI_STATE_FILE, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                return 0;
        r = read_doc_at(dirfd, CDI_STATE_FILE, false, &text, &len, err);
        if (r < 0)
                return r;
        doc = json_tokener_parse(text);
        if (!doc || !json_object_object_get_ex(doc, "containerEdits", &kept) ||
            !json_object_is_type(kept, json_type_array) ||
            !json_object_object_get_ex(doc, "devices", &asked) ||
            !json_object_is_type(asked, json_type_array)) {
                json_object_put(doc);
                return error_set(err, EINVAL, "%s: not what create wrote", CDI_STATE_FILE);
        }
        cdi_base_of(s, &base);
        for (size_t i = 0; i < json_object_array_length(kept); i++) {
                struct cdi_edits e = {0};
                char path[64];

                snprintf(path, sizeof(path), "containerEdits[%zu]", i);
                r = cdi_edits_parse(json_object_array_get_idx(kept, i), CDI_STATE_FILE, path, &e, err);
                if (r == 0)
                        r = cdi_edits_apply(s, &base, &e, CDI_STATE_FILE, err);
                cdi_edits_clear(&e);
                if (r < 0)
                        goto out;
        }
        cdi_sort_mounts(s);
        for (size_t i = 0; i < json_object_array_length(asked); i++)
                list_len += strlen(json_object_get_string(json_object_array_get_idx(asked, i))) + 1;
        list = calloc(list_len + 1, 1);
        if (!list) {
                r = error_errno(err, ENOMEM, "%s", CDI_STATE_FILE);
                goto out;
        }
        for (size_t i = 0; i < json_object_array_length(asked); i++) {
                if (i)
                        strcat(list, ",");
                strcat(list, json_object_get_string(json_object_array_get_idx(asked, i)));
        }
        r = list_len ? cdi_set_annotation(s, CDI_DEVICES_ANNOTATION, list, err) : 0;
out:
        json_object_put(doc);
        return r;
}

int engine_cdi_list(const struct global_opts *g, FILE *out, struct error *err)
{
        struct registry reg = {0};
        _cleanup_free_ const char **names = NULL;
        size_t n = 0;
        int r = registry_load(g, &reg, err);

        if (r < 0)
                goto done;
        names = calloc(reg.n_devs + 1, sizeof(*names));
        if (!names) {
                r = error_errno(err, ENOMEM, "CDI devices");
                goto done;
        }
        for (size_t i = 0; i < reg.n_devs; i++) {
                if (reg.devs[i].conflict) {
                        log_warn("CDI device \"%s\" left out: defined by both \"%s\" and \"%s\"",
                                 reg.devs[i].qname, reg.devs[i].spec->origin, reg.devs[i].conflict);
                        continue;
                }
                names[n++] = reg.devs[i].qname;
        }
        qsort(names, n, sizeof(*names), by_name);
        for (size_t i = 0; i < n; i++)
                fprintf(out, "%s\n", names[i]);
        if (fflush(out) != 0)
                r = error_errno(err, errno, "write CDI devices");
done:
        registry_free(&reg);
        return r;
}
