/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rawsyscall: makes each syscall named by number, with no arguments, and prints one line for each:
 * "NR ok" or "NR errno E". For the seccomp tests: what a filter answers to a syscall it does not name.
 *
 *   rawsyscall NR [NR...]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        for (int i = 1; i < argc; i++) {
                long nr = strtol(argv[i], NULL, 10);

                errno = 0;
                if (syscall(nr, 0, 0, 0, 0, 0, 0) < 0)
                        printf("%ld errno %d\n", nr, errno);
                else
                        printf("%ld ok\n", nr);
        }
        return 0;
}
