/* kp_arena.h - a bump allocator per run: everything parsed lives until the run ends. */
#ifndef KP_ARENA_H
#define KP_ARENA_H

#include <stddef.h>

/* Out-of-memory policy (kp_mem.h): an allocation that fails ends the run in
 * kp_oom(); these never return NULL. */
typedef struct kp_arena_block kp_arena_block;
typedef struct {
    kp_arena_block *head;
    size_t used_total;
} kp_arena;

void kp_arena_init(kp_arena *a);
/* Frees every block; the arena may be reused afterwards. NULL is a no-op. */
void kp_arena_free(kp_arena *a);
/* Zeroed, 16-byte aligned memory owned by the arena. */
void *kp_arena_alloc(kp_arena *a, size_t n);
/* Copies of strings owned by the arena. */
char *kp_arena_strdup(kp_arena *a, const char *s);
char *kp_arena_strndup(kp_arena *a, const char *s, size_t n);
/* A formatted string owned by the arena, as long as it needs to be (paths: no fixed buffer). */
char *kp_arena_printf(kp_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
