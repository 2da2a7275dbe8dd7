/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exec stub (linux/selfexe.h): a container's program is exec'd through this, from a sealed memfd, so
 * that nothing running in the container ever has the runtime's binary as its /proc/self/exe, not even an
 * interpreter a script names as "/proc/self/exe". Built freestanding (no C library: its exec costs the
 * kernel's work only) and embedded in the runtime.
 *
 *   argv: FD PATH ARGV0 ARGV1 ...    sets close-on-exec on FD ("-": none), then
 *                                  execve(PATH, {ARGV0, ARGV1, ...}, envp)
 *
 * FD is what tells the runtime that the program runs (the init's end of the exec fifo or of its socket):
 * open across the stub's own exec, it closes only at the program's, so no signal sent once the runtime
 * saw it close can meet the stub (as a pid namespace's init without handlers, it would drop it). On
 * failure the stub says so on stderr and exits 127 (not found), 126 (not executable) or 1, as the init
 * would have.
 */
#define SYS_WRITE  1
#define SYS_FCNTL  72
#define SYS_EXECVE 59
#define SYS_EXIT   60
#define F_SETFD    2
#define FD_CLOEXEC 1

#if defined(__x86_64__)
static long sys3(long n, long a, long b, long c)
{
        long r;
        __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
        return r;
}
/* The kernel's initial stack: argc, argv[], NULL, envp[], NULL. */
__asm__(".text\n.globl _start\n_start:\n\txor %ebp, %ebp\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n"
        "\tcall stub_main\n\thlt\n");
#else
#error "the exec stub is built for x86_64 only (meson.build leaves it out elsewhere)"
#endif

static unsigned long len(const char *s)
{
        unsigned long n = 0;

        while (s[n])
                n++;
        return n;
}

static void say(const char *s)
{
        sys3(SYS_WRITE, 2, (long)s, (long)len(s));
}

static const char *reason(long e)
{
        switch (e) {
        case 2:
                return "no such file or directory";
        case 13:
                return "permission denied";
        case 8:
                return "exec format error";
        case 26:
                return "text file busy";
        case 7:
                return "argument list too long";
        case 12:
                return "cannot allocate memory";
        case 40:
                return "too many levels of symbolic links";
        case 21:
                return "is a directory";
        case 20:
                return "not a directory";
        case 1:
                return "operation not permitted";
        default:
                return "error";
        }
}

__attribute__((used, noreturn)) void stub_main(long *sp);

__attribute__((used, noreturn)) void stub_main(long *sp)
{
        long argc = sp[0], e, fd = 0;
        char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
        const char *p;

        if (argc < 3)
                sys3(SYS_EXIT, 127, 0, 0);
        for (p = argv[0]; *p >= '0' && *p <= '9'; p++)
                fd = fd * 10 + (*p - '0');
        if (p != argv[0] && !*p)
                sys3(SYS_FCNTL, fd, F_SETFD, FD_CLOEXEC);
        e = -sys3(SYS_EXECVE, (long)argv[1], (long)(argv + 2), (long)envp);
        say("brownie: exec \"");
        say(argv[1]);
        say("\": ");
        say(reason(e));
        say("\n");
        sys3(SYS_EXIT, e == 2 ? 127 : e == 13 ? 126 : 1, 0, 0);
        __builtin_unreachable();
}
