/* SPDX-License-Identifier: Apache-2.0 */
/* The whole config: its top-level members, and the entry points of the model. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "json_text.h"
#include "parse.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "validate_cross.h"

/* Reads a decimal number without sign or white space; false when there is none. */
static bool version_part(const char **s, unsigned long *out)
{
        const char *p = *s;
        unsigned long v = 0;

        if (*p < '0' || *p > '9')
                return false;
        for (; *p >= '0' && *p <= '9'; p++) {
                if (v > 100000)
                        return false;
                v = v * 10 + (unsigned long)(*p - '0');
        }
        *s = p;
        *out = v;
        return true;
}

/* SemVer MAJOR.MINOR.PATCH with an optional pre-release or build suffix; 1.0.0 up to 1.3.x. */
static int check_version(const struct jctx *j, const char *v)
{
        unsigned long major, minor, patch;
        const char *s = v;

        if (!version_part(&s, &major) || *s++ != '.' || !version_part(&s, &minor) || *s++ != '.' ||
            !version_part(&s, &patch) || (*s && ((*s != '-' && *s != '+') || !s[1])))
                return jerr(j, "ociVersion", "\"%s\" is not a version (MAJOR.MINOR.PATCH)", v);
        if (major != 1 || minor > 3)
                return jerr(j, "ociVersion", "unsupported version \"%s\" (supported: 1.0.0 to 1.3.x)", v);
        return 0;
}

static int check_annotations(const struct jctx *j, const struct spec *s)
{
        for (size_t i = 0; i < s->n_annotations; i++)
                if (!s->annotations[i].key[0])
                        return jerr(j, "annotations[\"\"]", "keys must not be empty");
        return 0;
}

/* sethostname(2) and setdomainname(2) take at most 64 bytes. */
static int check_name_length(const struct jctx *j, const char *key, const char *value)
{
        if (value && strlen(value) > 64)
                return jerr(j, key, "\"%s\" is longer than 64 bytes", value);
        return 0;
}

static int parse_object(const struct jctx *j, json_object *o, struct spec *s)
{
        json_object *e;
        int r;

        if ((r = jget_string_req(j, o, "", "ociVersion", &s->oci_version)) < 0 ||
            (r = check_version(j, s->oci_version)) < 0 || (r = parse_root(j, o, s)) < 0 ||
            (r = parse_mounts(j, o, s)) < 0)
                return r;
        r = jget_object(j, o, "", "process", &e);
        if (r < 0 || (r > 0 && (r = parse_process(j, e, "process", &s->process)) < 0))
                return r;
        if ((r = jget_string(j, o, "", "hostname", &s->hostname)) < 0 ||
            (r = check_name_length(j, "hostname", s->hostname)) < 0 ||
            (r = jget_string(j, o, "", "domainname", &s->domainname)) < 0 ||
            (r = check_name_length(j, "domainname", s->domainname)) < 0 ||
            (r = jget_map(j, o, "", "annotations", &s->annotations, &s->n_annotations)) < 0 ||
            (r = check_annotations(j, s)) < 0)
                return r;
        r = jget_object(j, o, "", "hooks", &e);
        if (r < 0 || (r > 0 && (r = parse_hooks(j, e, "hooks", &s->hooks)) < 0))
                return r;
        r = jget_object(j, o, "", "linux", &e);
        if (r < 0 || (r > 0 && (r = parse_linux(j, e, "linux", &s->linux)) < 0))
                return r;
        return spec_validate_cross(j, s);
}

int spec_parse(const char *json, size_t len, const char *origin, struct spec **out, struct error *err)
{
        struct jctx j = {.origin = origin, .err = err};
        json_object *o = NULL;
        struct spec *s;
        int r;

        r = json_text_parse(json, len, origin, &o, err);
        if (r < 0)
                return r;
        s = calloc(1, sizeof(*s));
        if (!s) {
                json_object_put(o);
                return jnomem(&j, "");
        }
        r = parse_object(&j, o, s);
        json_object_put(o);
        if (r < 0) {
                spec_free(s);
                return r;
        }
        *out = s;
        return 0;
}

int spec_load(const char *path, struct spec **out, struct error *err)
{
        _cleanup_free_ char *text = NULL;
        const char *base = strrchr(path, '/');
        size_t len;
        int r = read_doc_at(AT_FDCWD, path, false, &text, &len, err);

        if (r < 0)
                return r;
        return spec_parse(text, len, base ? base + 1 : path, out, err);
}

int spec_process_parse(const char *json, size_t len, const char *origin, struct spec_process **out,
                       struct error *err)
{
        struct jctx j = {.origin = origin, .err = err};
        struct spec_process *p = NULL;
        json_object *o = NULL;
        int r;

        r = json_text_parse(json, len, origin, &o, err);
        if (r < 0)
                return r;
        r = parse_process(&j, o, "", &p);
        json_object_put(o);
        if (r < 0) {
                spec_process_free(p);
                return r;
        }
        *out = p;
        return 0;
}

int spec_resources_parse(const char *json, size_t len, const char *origin, struct spec_resources **out,
                         struct error *err)
{
        struct jctx j = {.origin = origin, .err = err};
        struct spec_resources *res = NULL;
        json_object *o = NULL;
        int r;

        r = json_text_parse(json, len, origin, &o, err);
        if (r < 0)
                return r;
        r = parse_resources(&j, o, "", &res);
        json_object_put(o);
        if (r < 0) {
                spec_resources_free(res);
                return r;
        }
        *out = res;
        return 0;
}
