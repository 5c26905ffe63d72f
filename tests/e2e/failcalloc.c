/* failcalloc.c - an LD_PRELOAD shim for events_oom.sh: calloc(nmemb, size) fails when both
 * match KP_FAIL_CALLOC="nmemb,size", so a test can make one allocation fail. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *calloc(size_t n, size_t s)
{
    static void *(*real)(size_t, size_t);
    static long want_n = -2, want_s = -1;
    static char early[4096]; /* dlsym itself may call calloc */
    static int busy;
    if (!real) {
        if (busy) {
            memset(early, 0, sizeof early);
            return n * s <= sizeof early ? early : NULL;
        }
        busy = 1;
        real = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
        busy = 0;
    }
    if (want_n == -2) {
        const char *e = getenv("KP_FAIL_CALLOC");
        if (!e || sscanf(e, "%ld,%ld", &want_n, &want_s) != 2)
            want_n = -1;
    }
    if ((long)n == want_n && (long)s == want_s)
        return NULL;
    return real(n, s);
}
