/* SPDX-License-Identifier: Apache-2.0 */
/* Scope-bound cleanup, in the manner of systemd and crun: an early return leaks nothing. */
#pragma once

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void cleanup_freep(void *p)
{
        void **pp = (void **)p;
        free(*pp);
        *pp = NULL;
}

static inline void cleanup_closep(int *fd)
{
        if (*fd >= 0) {
                int saved = errno;
                close(*fd);
                errno = saved;
        }
        *fd = -1;
}

static inline void cleanup_fclosep(FILE **f)
{
        if (*f)
                fclose(*f);
        *f = NULL;
}

static inline void cleanup_closedirp(DIR **d)
{
        if (*d)
                closedir(*d);
        *d = NULL;
}

/* Frees a NULL-terminated vector of strings. */
static inline void strv_free(char **v)
{
        if (!v)
                return;
        for (char **p = v; *p; p++)
                free(*p);
        free(v);
}

static inline void cleanup_strvp(char ***v)
{
        strv_free(*v);
        *v = NULL;
}

#define _cleanup_(f)       __attribute__((cleanup(f)))
#define _cleanup_free_     _cleanup_(cleanup_freep)
#define _cleanup_close_    _cleanup_(cleanup_closep)
#define _cleanup_fclose_   _cleanup_(cleanup_fclosep)
#define _cleanup_closedir_ _cleanup_(cleanup_closedirp)
#define _cleanup_strv_     _cleanup_(cleanup_strvp)

/* Hands ownership out of a cleanup variable. */
#define TAKE_PTR(p)                                                                                          \
        ({                                                                                                   \
                __typeof__(p) _tmp = (p);                                                                    \
                (p) = NULL;                                                                                  \
                _tmp;                                                                                        \
        })
#define TAKE_FD(fd)                                                                                          \
        ({                                                                                                   \
                int _tmp = (fd);                                                                             \
                (fd) = -1;                                                                                   \
                _tmp;                                                                                        \
        })

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
