/* kp_arena.c - chunked bump allocation; large requests get a block of their own. */
#include "kp_arena.h"

#include "kp_mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KP_ARENA_CHUNK (64 * 1024)

struct kp_arena_block {
    kp_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

void kp_arena_init(kp_arena *a)
{
    a->head = NULL;
    a->used_total = 0;
}

void kp_arena_free(kp_arena *a)
{
    if (!a)
        return;
    kp_arena_block *b = a->head;
    while (b) {
        kp_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

void *kp_arena_alloc(kp_arena *a, size_t n)
{
    if (n > (size_t)-1 - 15)
        kp_oom();
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    kp_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > KP_ARENA_CHUNK / 4 ? n : KP_ARENA_CHUNK;
        if (size > (size_t)-1 - sizeof(kp_arena_block))
            kp_oom();
        kp_arena_block *nb = kp_xmalloc(sizeof *nb + size);
        nb->size = size;
        nb->used = 0;
        /* A large one-off block goes behind the current head so the head
         * keeps serving small requests. */
        if (b && size == n) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used_total += n;
    memset(p, 0, n);
    return p;
}

char *kp_arena_strndup(kp_arena *a, const char *s, size_t n)
{
    char *p = kp_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *kp_arena_strdup(kp_arena *a, const char *s)
{
    return kp_arena_strndup(a, s, strlen(s));
}

char *kp_arena_printf(kp_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) /* only an impossible conversion fails; there is nothing to print */
        n = 0;
    char *p = kp_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
