/* SPDX-License-Identifier: Apache-2.0 */
/* "linux.resources.blockIO": weights and per-device throttles. */
#include <stdlib.h>

#include "parse.h"

static int weight16(const struct jctx *j, json_object *o, const char *path, const char *key, uint16_t *out,
                    bool *has)
{
        uint64_t v;
        int r = jget_uint64(j, o, path, key, UINT16_MAX, &v);

        if (r > 0) {
                *out = (uint16_t)v;
                *has = true;
        }
        return r;
}

/* major and minor, both required. */
static int device_numbers(const struct jctx *j, json_object *e, const char *ip, int64_t *major,
                          int64_t *minor)
{
        char fp[JPATH_MAX];
        int r;

        if ((r = jget_int64(j, e, ip, "major", 0, INT64_MAX, major)) <= 0) {
                jpath(fp, sizeof(fp), ip, "major");
                return r < 0 ? r : jerr(j, fp, "missing");
        }
        if ((r = jget_int64(j, e, ip, "minor", 0, INT64_MAX, minor)) <= 0) {
                jpath(fp, sizeof(fp), ip, "minor");
                return r < 0 ? r : jerr(j, fp, "missing");
        }
        return 0;
}

static int parse_throttle(const struct jctx *j, json_object *o, const char *path, const char *key,
                          struct spec_throttle_device **out, size_t *n)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r = jget_object_array(j, o, path, key, sizeof(**out), (void **)out, n, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), path, key);
        for (size_t i = 0; i < *n; i++) {
                struct spec_throttle_device *t = &(*out)[i];
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = device_numbers(j, e, ip, &t->major, &t->minor)) < 0 ||
                    (r = jget_uint64(j, e, ip, "rate", UINT64_MAX, &t->rate)) < 0)
                        return r;
        }
        return 0;
}

static int parse_weight_devices(const struct jctx *j, json_object *b, const char *p,
                                struct spec_block_io *bio)
{
        json_object *arr, *e;
        char ap[JPATH_MAX], ip[JPATH_MAX];
        int r = jget_object_array(j, b, p, "weightDevice", sizeof(*bio->weight_device),
                                  (void **)&bio->weight_device, &bio->n_weight_device, &arr);

        if (r <= 0)
                return r;
        jpath(ap, sizeof(ap), p, "weightDevice");
        for (size_t i = 0; i < bio->n_weight_device; i++) {
                struct spec_weight_device *w = &bio->weight_device[i];
                if ((r = jarray_object(j, arr, ap, i, ip, sizeof(ip), &e)) < 0 ||
                    (r = device_numbers(j, e, ip, &w->major, &w->minor)) < 0 ||
                    (r = weight16(j, e, ip, "weight", &w->weight, &w->has_weight)) < 0 ||
                    (r = weight16(j, e, ip, "leafWeight", &w->leaf_weight, &w->has_leaf_weight)) < 0)
                        return r;
                if (!w->has_weight && !w->has_leaf_weight)
                        return jerr(j, ip, "needs weight or leafWeight");
        }
        return 0;
}

int parse_block_io(const struct jctx *j, json_object *o, const char *path, struct spec_resources *res)
{
        json_object *b;
        char p[JPATH_MAX];
        struct spec_block_io *bio;
        int r = jget_object(j, o, path, "blockIO", &b);

        if (r <= 0)
                return r;
        jpath(p, sizeof(p), path, "blockIO");
        bio = res->block_io = calloc(1, sizeof(*bio));
        if (!bio)
                return jnomem(j, p);
        if ((r = weight16(j, b, p, "weight", &bio->weight, &bio->has_weight)) < 0 ||
            (r = weight16(j, b, p, "leafWeight", &bio->leaf_weight, &bio->has_leaf_weight)) < 0 ||
            (r = parse_weight_devices(j, b, p, bio)) < 0 ||
            (r = parse_throttle(j, b, p, "throttleReadBpsDevice", &bio->throttle_read_bps,
                                &bio->n_throttle_read_bps)) < 0 ||
            (r = parse_throttle(j, b, p, "throttleWriteBpsDevice", &bio->throttle_write_bps,
                                &bio->n_throttle_write_bps)) < 0 ||
            (r = parse_throttle(j, b, p, "throttleReadIOPSDevice", &bio->throttle_read_iops,
                                &bio->n_throttle_read_iops)) < 0 ||
            (r = parse_throttle(j, b, p, "throttleWriteIOPSDevice", &bio->throttle_write_iops,
                                &bio->n_throttle_write_iops)) < 0)
                return r;
        return 0;
}
