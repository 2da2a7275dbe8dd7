/* SPDX-License-Identifier: Apache-2.0 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "container.h"
#include "util/cleanup.h"

int engine_state(const struct global_opts *g, const char *id, FILE *out, struct error *err)
{
        _cleanup_container_ struct container *c = NULL;
        int r = container_open(g, id, false, &c, err);

        if (r < 0)
                return r;
        return container_write_state_json(c, out, err);
}

static int cmp_summary(const void *a, const void *b)
{
        return strcmp(((const struct container_summary *)a)->id, ((const struct container_summary *)b)->id);
}

/* The owner's name as runc's list gives it: the first /etc/passwd entry with the directory's uid (runc reads
 * the file, not NSS; so does this, which keeps NSS's dlopen out of the statically linked binary), else
 * "#UID". */
static char *owner_of(int dirfd)
{
        _cleanup_fclose_ FILE *f = NULL;
        struct stat st;
        struct passwd *pw;
        char buf[32];

        if (fstat(dirfd, &st) < 0)
                return strdup("");
        f = fopen("/etc/passwd", "re");
        while (f && (pw = fgetpwent(f)))
                if (pw->pw_uid == st.st_uid)
                        return strdup(pw->pw_name);
        snprintf(buf, sizeof(buf), "#%u", st.st_uid);
        return strdup(buf);
}

int engine_list(const struct global_opts *g, struct container_summary **out, size_t *n, struct error *err)
{
        _cleanup_closedir_ DIR *d = NULL;
        struct container_summary *list = NULL;
        size_t count = 0, cap = 0;
        struct dirent *de;
        int fd;

        *out = NULL;
        *n = 0;
        fd = open(g->root ? g->root : BROWNIE_DEFAULT_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
                if (errno == ENOENT)
                        return 0;
                return error_errno(err, errno, "open state root \"%s\"",
                                   g->root ? g->root : BROWNIE_DEFAULT_ROOT);
        }
        d = fdopendir(fd);
        if (!d)
                return error_errno(err, errno, "read state root");
        while ((de = readdir(d))) {
                struct container *c = NULL;
                struct error e = ERROR_INIT;

                if (de->d_name[0] == '.' || !container_id_valid(de->d_name))
                        continue;
                if (container_open(g, de->d_name, false, &c, &e) < 0)
                        continue; /* being created or deleted right now */
                if (count == cap) {
                        struct container_summary *nl =
                            realloc(list, (cap = cap ? cap * 2 : 16) * sizeof(*list));
                        if (!nl) {
                                container_free(c);
                                engine_list_free(list, count);
                                return error_errno(err, ENOMEM, "list");
                        }
                        list = nl;
                }
                list[count] = (struct container_summary){
                    .id = strdup(c->id),
                    .pid = c->status == STATUS_STOPPED ? 0 : c->pid,
                    .status = strdup(container_status_name(c->status)),
                    .bundle = strdup(c->bundle ? c->bundle : ""),
                    .rootfs = strdup(c->rootfs ? c->rootfs : ""),
                    .created = strdup(c->created ? c->created : ""),
                    .owner = owner_of(c->dirfd),
                    .annotations = c->annotations,
                    .n_annotations = c->n_annotations,
                };
                c->annotations = NULL; /* moved to the summary */
                c->n_annotations = 0;
                count++;
                container_free(c);
        }
        if (count)
                qsort(list, count, sizeof(*list), cmp_summary);
        *out = list;
        *n = count;
        return 0;
}

void engine_list_free(struct container_summary *list, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(list[i].id);
                free(list[i].status);
                free(list[i].bundle);
                free(list[i].rootfs);
                free(list[i].created);
                free(list[i].owner);
                for (size_t j = 0; j < list[i].n_annotations; j++) {
                        free(list[i].annotations[j].key);
                        free(list[i].annotations[j].value);
                }
                free(list[i].annotations);
        }
        free(list);
}

int engine_list_json(const struct global_opts *g, FILE *out, struct error *err)
{
        struct container_summary *list;
        json_object *arr;
        size_t n;
        int r = engine_list(g, &list, &n, err);

        if (r < 0)
                return r;
        if (n == 0) {
                fputs("null\n", out); /* runc prints a nil slice */
                return 0;
        }
        arr = json_object_new_array();
        for (size_t i = 0; i < n; i++) {
                json_object *o = json_object_new_object();
                json_object_object_add(o, "ociVersion", json_object_new_string(OCI_VERSION));
                json_object_object_add(o, "id", json_object_new_string(list[i].id));
                json_object_object_add(o, "pid", json_object_new_int(list[i].pid));
                json_object_object_add(o, "status", json_object_new_string(list[i].status));
                json_object_object_add(o, "bundle", json_object_new_string(list[i].bundle));
                json_object_object_add(o, "rootfs", json_object_new_string(list[i].rootfs));
                json_object_object_add(o, "created", json_object_new_string(list[i].created));
                if (list[i].n_annotations) {
                        json_object *a = json_object_new_object();
                        for (size_t j = 0; j < list[i].n_annotations; j++)
                                json_object_object_add(a, list[i].annotations[j].key,
                                                       json_object_new_string(list[i].annotations[j].value));
                        json_object_object_add(o, "annotations", a);
                }
                json_object_object_add(o, "owner", json_object_new_string(list[i].owner));
                json_object_array_add(arr, o);
        }
        fprintf(out, "%s\n",
                json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(arr);
        engine_list_free(list, n);
        return 0;
}
