/* SPDX-License-Identifier: Apache-2.0 */
#include "root_plan.h"

#include <sys/mount.h>

#include "mount_plan.h"

unsigned long plan_root_prepare_flags(enum spec_propagation p, bool recursive)
{
        if (p == PROPAGATION_NONE || p == PROPAGATION_UNBINDABLE)
                return MS_SLAVE | MS_REC;
        return plan_propagation_flags(p, recursive);
}

unsigned long plan_root_parent_flags(enum spec_propagation p)
{
        return p == PROPAGATION_SLAVE ? MS_SLAVE : MS_PRIVATE;
}

unsigned long plan_root_final_flags(enum spec_propagation p, bool recursive)
{
        if (p == PROPAGATION_SHARED || p == PROPAGATION_UNBINDABLE)
                return plan_propagation_flags(p, recursive);
        return 0;
}

bool plan_root_no_pivot_allowed(enum spec_propagation p)
{
        return p != PROPAGATION_PRIVATE;
}
