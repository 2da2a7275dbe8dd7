/* SPDX-License-Identifier: Apache-2.0 */
/* What brownie reads of a CNI result (cniVersion 0.3.0 to 1.x): the container's addresses and DNS. Pure. */
#pragma once

#include <stddef.h>

#include <json-c/json.h>

#include "util/error.h"

struct cni_info {
        char *
            *addresses; /* "10.88.0.2/16": the ips on interfaces inside the sandbox (or with no interface) */
        size_t n_addresses;
        char **nameservers;
        size_t n_nameservers;
        char **search;
        size_t n_search;
};

/* Parses a result; -EINVAL naming the field when it is malformed. */
int cni_result_parse(json_object *result, struct cni_info *out, struct error *err);

void cni_info_free(struct cni_info *info);
