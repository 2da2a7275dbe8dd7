/* SPDX-License-Identifier: Apache-2.0 */
/* What a sanitizer build (-Db_sanitize=address,...) needs of the runtime; nothing in a normal build. */
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define BROWNIE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BROWNIE_ASAN 1
#endif
#endif

#ifdef BROWNIE_ASAN
#include <sanitizer/lsan_interface.h>
#endif

/*
 * LeakSanitizer's check at exit stops the process with ptrace from a helper of its own. That fails once
 * the process is no longer dumpable, which joining a user namespace makes it (its capabilities grow), and
 * GCC 12's LSan then waits for the helper forever. A runtime process about to join one has its leaks
 * checked now instead (the check at exit is then skipped).
 */
static inline void sanitizer_leak_check_now(void)
{
#ifdef BROWNIE_ASAN
        __lsan_do_leak_check();
#endif
}
