/* SPDX-License-Identifier: Apache-2.0 */
/*
 * linux.resources, one controller at a time: cgroup_resources.c finds the hierarchy that carries
 * each controller and calls that controller's function for its backend, v1 (cgroup_res_v1.c) or
 * v2 (cgroup_res_v2.c); a controller whose files are the same on both has one function here.
 */
#pragma once

#include "linux/cgroup/cgroup_internal.h"

/* Writes one formatted value to a file of the cgroup in hierarchy h; errors begin with field
 * and name the file. While cgroup_update records, the file's old value is kept first. */
int cgroup_put(struct cgroup *cg, const struct cgroup_hierarchy *h, const char *file, const char *field,
               struct error *err, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* One controller's part of linux.resources, written to its hierarchy h. */
typedef int (*cgroup_res_fn)(struct cgroup *cg, const struct cgroup_hierarchy *h,
                             const struct spec_resources *r, struct error *err);

/* v1 */
int cgroup_v1_devices(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err);
int cgroup_v1_memory(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                     struct error *err);
int cgroup_v1_cpu(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                  struct error *err);
int cgroup_v1_blkio(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                    struct error *err);
int cgroup_v1_hugetlb(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err);
int cgroup_v1_net_cls(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err);
int cgroup_v1_net_prio(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                       struct error *err);

/* v2 */
int cgroup_v2_devices(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err);
int cgroup_v2_memory(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                     struct error *err);
int cgroup_v2_cpu(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                  struct error *err);
int cgroup_v2_io(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                 struct error *err);
int cgroup_v2_hugetlb(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err);
int cgroup_v2_unified(struct cgroup *cg, const struct cgroup_hierarchy *h, const struct spec_resources *r,
                      struct error *err);
