/* failnth.c - an LD_PRELOAD shim for oom.sh: the Nth allocation kaoping's own code asks for
 * (malloc, calloc or realloc called from the kaoping executable, KP_FAIL_NTH=N) returns NULL;
 * KP_COUNT_ALLOCS=FILE writes how many there were at exit instead, so a test can pick its Ns.
 * Allocations inside shared libraries are passed through: how libxlsxwriter or libxml2 cope
 * with a NULL of their own is theirs to test. Counting starts at the first fopen() of a .ini
 * file (the run config), after the libraries' start-up. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static atomic_long calls;
static atomic_int armed;
static long nth = -1;
static uintptr_t text_lo, text_hi; /* the executable's code */
static char early[65536];          /* dlsym's own calloc, before the real one is known */
static size_t early_used;

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size, (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type == PT_LOAD && (p->p_flags & PF_X)) {
            text_lo = info->dlpi_addr + p->p_vaddr;
            text_hi = text_lo + p->p_memsz;
        }
    }
    return 1; /* the first object is the program itself */
}

static void report(void)
{
    const char *f = getenv("KP_COUNT_ALLOCS");
    FILE *fp = f ? fopen(f, "w") : NULL;
    if (fp) {
        fprintf(fp, "%ld\n", (long)calls);
        fclose(fp);
    }
}

__attribute__((constructor)) static void init(void)
{
    if (real_malloc)
        return;
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    dl_iterate_phdr(first_object, NULL);
    const char *e = getenv("KP_FAIL_NTH");
    nth = e ? atol(e) : -1;
    if (getenv("KP_COUNT_ALLOCS"))
        atexit(report);
}

FILE *fopen(const char *path, const char *mode)
{
    static FILE *(*real_fopen)(const char *, const char *);
    if (!real_fopen)
        real_fopen = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
    size_t n = strlen(path);
    if (n > 4 && !strcmp(path + n - 4, ".ini"))
        armed = 1;
    return real_fopen(path, mode);
}

/* Whether this allocation, asked for from `caller`, is the one to fail. */
static int fail_now(void *caller)
{
    uintptr_t c = (uintptr_t)caller;
    if (!armed || c < text_lo || c >= text_hi)
        return 0;
    if (atomic_fetch_add(&calls, 1) + 1 != nth)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    if (!real_malloc)
        init();
    return fail_now(__builtin_return_address(0)) ? NULL : real_malloc(n);
}

void *calloc(size_t n, size_t s)
{
    if (!real_calloc) {
        size_t want = (n * s + 15) & ~(size_t)15;
        if (early_used + want > sizeof early)
            return NULL;
        void *p = early + early_used;
        early_used += want;
        return p;
    }
    return fail_now(__builtin_return_address(0)) ? NULL : real_calloc(n, s);
}

void *realloc(void *p, size_t n)
{
    if (!real_realloc)
        init();
    return fail_now(__builtin_return_address(0)) ? NULL : real_realloc(p, n);
}

void free(void *p)
{
    static void (*real_free)(void *);
    if ((char *)p >= early && (char *)p < early + sizeof early)
        return;
    if (!real_free)
        real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real_free(p);
}
