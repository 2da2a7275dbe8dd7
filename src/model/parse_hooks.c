/* SPDX-License-Identifier: Apache-2.0 */
/* "hooks": six lists of {path, args, env, timeout}. */
#include <stdlib.h>

#include "checks.h"
#include "parse.h"

static const char *const kinds[HOOK__COUNT] = {
    [HOOK_PRESTART] = "prestart",
    [HOOK_CREATE_RUNTIME] = "createRuntime",
    [HOOK_CREATE_CONTAINER] = "createContainer",
    [HOOK_START_CONTAINER] = "startContainer",
    [HOOK_POSTSTART] = "poststart",
    [HOOK_POSTSTOP] = "poststop",
};

const char *spec_hook_name(enum spec_hook_kind kind)
{
        return kind < HOOK__COUNT ? kinds[kind] : "?";
}

int parse_hook(const struct jctx *j, json_object *e, const char *ip, struct spec_hook *h)
{
        char fp[JPATH_MAX];
        int64_t t;
        int r;

        if ((r = jget_string_req(j, e, ip, "path", &h->path)) < 0 ||
            (r = jget_strv(j, e, ip, "args", &h->args, &h->n_args)) < 0 ||
            (r = jget_strv(j, e, ip, "env", &h->env, &h->n_env)) < 0)
                return r;
        jpath(fp, sizeof(fp), ip, "path");
        if ((r = check_absolute(j, fp, h->path)) < 0)
                return r;
        r = jget_int64(j, e, ip, "timeout", INT64_MIN, INT64_MAX, &t);
        if (r <= 0)
                return r;
        if (t <= 0 || t > INT32_MAX) {
                jpath(fp, sizeof(fp), ip, "timeout");
                return jerr(j, fp, "must be a positive number of seconds, got %lld", (long long)t);
        }
        h->has_timeout = true;
        h->timeout = (int)t;
        return 0;
}

int parse_hooks(const struct jctx *j, json_object *o, const char *path, struct spec_hooks *out)
{
        char kp[JPATH_MAX], ip[JPATH_MAX];
        json_object *arr, *e;
        int r;

        for (int k = 0; k < HOOK__COUNT; k++) {
                r = jget_object_array(j, o, path, kinds[k], sizeof(struct spec_hook), (void **)&out->list[k],
                                      &out->n[k], &arr);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;
                jpath(kp, sizeof(kp), path, kinds[k]);
                for (size_t i = 0; i < out->n[k]; i++) {
                        if ((r = jarray_object(j, arr, kp, i, ip, sizeof(ip), &e)) < 0 ||
                            (r = parse_hook(j, e, ip, &out->list[k][i])) < 0)
                                return r;
                }
        }
        return 0;
}
