/* SPDX-License-Identifier: Apache-2.0 */
#include "signals.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "cleanup.h"
#include "parse.h"

static const struct {
        const char *name;
        int sig;
} signal_table[] = {
    {"SIGABRT", SIGABRT}, {"SIGALRM", SIGALRM}, {"SIGBUS", SIGBUS},       {"SIGCHLD", SIGCHLD},
    {"SIGCLD", SIGCHLD},  {"SIGCONT", SIGCONT}, {"SIGFPE", SIGFPE},       {"SIGHUP", SIGHUP},
    {"SIGILL", SIGILL},   {"SIGINT", SIGINT},   {"SIGIO", SIGIO},         {"SIGIOT", SIGIOT},
    {"SIGKILL", SIGKILL}, {"SIGPIPE", SIGPIPE}, {"SIGPOLL", SIGPOLL},     {"SIGPROF", SIGPROF},
    {"SIGPWR", SIGPWR},   {"SIGQUIT", SIGQUIT}, {"SIGSEGV", SIGSEGV},     {"SIGSTKFLT", SIGSTKFLT},
    {"SIGSTOP", SIGSTOP}, {"SIGSYS", SIGSYS},   {"SIGTERM", SIGTERM},     {"SIGTRAP", SIGTRAP},
    {"SIGTSTP", SIGTSTP}, {"SIGTTIN", SIGTTIN}, {"SIGTTOU", SIGTTOU},     {"SIGURG", SIGURG},
    {"SIGUSR1", SIGUSR1}, {"SIGUSR2", SIGUSR2}, {"SIGVTALRM", SIGVTALRM}, {"SIGWINCH", SIGWINCH},
    {"SIGXCPU", SIGXCPU}, {"SIGXFSZ", SIGXFSZ},
};

int signal_parse(const char *s, int *out)
{
        const char *name = s;
        int n;

        if (!s || !*s)
                return -EINVAL;
        if (isdigit((unsigned char)*s)) {
                /* 0 checks that the process exists, as kill(1) and runc take it. */
                if (parse_int(s, &n) < 0 || n < 0 || n > SIGRTMAX)
                        return -EINVAL;
                *out = n;
                return 0;
        }
        if (!strncasecmp(name, "SIG", 3))
                name += 3;
        for (size_t i = 0; i < ARRAY_SIZE(signal_table); i++) {
                if (!strcasecmp(signal_table[i].name + 3, name)) {
                        *out = signal_table[i].sig;
                        return 0;
                }
        }
        if (!strncasecmp(name, "RTMIN", 5) || !strncasecmp(name, "RTMAX", 5)) {
                bool min = !strncasecmp(name, "RTMIN", 5);
                int off = 0;
                const char *rest = name + 5;
                if (*rest) {
                        /* An offset of digits only, no wider than the real-time range (no overflow). */
                        if ((*rest != '+' && *rest != '-') || !isdigit((unsigned char)rest[1]) ||
                            parse_int(rest + 1, &off) < 0 || off > SIGRTMAX - SIGRTMIN)
                                return -EINVAL;
                        if (*rest == '-')
                                off = -off;
                }
                n = (min ? SIGRTMIN : SIGRTMAX) + off;
                if (n < SIGRTMIN || n > SIGRTMAX)
                        return -EINVAL;
                *out = n;
                return 0;
        }
        return -EINVAL;
}

const char *signal_name(int sig)
{
        for (size_t i = 0; i < ARRAY_SIZE(signal_table); i++)
                if (signal_table[i].sig == sig)
                        return signal_table[i].name;
        return NULL;
}
