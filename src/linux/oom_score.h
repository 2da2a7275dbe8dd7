/* SPDX-License-Identifier: Apache-2.0 */
/* process.oomScoreAdj. */
#pragma once

#include "util/error.h"

int oom_score_adj_set(int value, struct error *err);
