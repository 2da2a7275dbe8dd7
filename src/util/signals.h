/* SPDX-License-Identifier: Apache-2.0 */
/* Signal names as runc takes them: "KILL", "SIGKILL", "kill", "9", "RTMIN+3". */
#pragma once

/* Returns 0 and the number, or -EINVAL for an unknown name or a number out of range. */
int signal_parse(const char *s, int *out);

/* "SIGKILL" for 9; NULL when unknown. */
const char *signal_name(int sig);
