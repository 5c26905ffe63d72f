/* kp_mem.c - allocation wrappers that end the run when memory runs out. */
#include "kp_mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
    void (*fn)(void *);
    void *arg;
} hooks[KP_OOM_HOOKS];
static pthread_mutex_t hooks_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_flag dying = ATOMIC_FLAG_INIT;

void kp_oom_hook(void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&hooks_lock);
    for (int i = 0; i < KP_OOM_HOOKS; i++)
        if (!hooks[i].fn) {
            hooks[i].fn = fn;
            hooks[i].arg = arg;
            break;
        }
    pthread_mutex_unlock(&hooks_lock);
}

void kp_oom_unhook(void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&hooks_lock);
    for (int i = 0; i < KP_OOM_HOOKS; i++)
        if (hooks[i].fn == fn && hooks[i].arg == arg)
            hooks[i].fn = NULL;
    pthread_mutex_unlock(&hooks_lock);
}

_Noreturn void kp_oom(void)
{
    /* A hook that runs out itself ends at once; another thread that runs out while the
     * first cleans up waits for the exit. */
    static _Thread_local int here;
    if (here)
        _exit(1);
    here = 1;
    if (atomic_flag_test_and_set(&dying))
        for (;;)
            pause();
    /* write(2), not stdio: printing must not need the memory that ran out. */
    static const char msg[] = "kaoping: error: out of memory\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    for (int i = 0; i < KP_OOM_HOOKS; i++)
        if (hooks[i].fn)
            hooks[i].fn(hooks[i].arg);
    _exit(1);
}

void *kp_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        kp_oom();
    return p;
}

void *kp_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        kp_oom();
    return p;
}

void *kp_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        kp_oom();
    return q;
}

/* A copy of the first len bytes of s, terminated. */
static char *copy(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        kp_oom();
    char *p = kp_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *kp_xstrndup(const char *s, size_t n)
{
    size_t len = 0;
    while (len < n && s[len])
        len++;
    return copy(s, len);
}

char *kp_xstrdup(const char *s)
{
    return copy(s, strlen(s));
}
