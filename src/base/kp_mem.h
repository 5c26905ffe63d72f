/* kp_mem.h - the one out-of-memory policy: allocations never return NULL; a failure ends the run.
 */
#ifndef KP_MEM_H
#define KP_MEM_H

#include <stddef.h>

/* Every allocation of our own goes through these (and the arena and kp_vec,
 * which use them). When memory runs out they call kp_oom(): there is no
 * NULL to check and no "out of memory" error to carry up a call chain, as in
 * git's xmalloc and cmark's default allocator. The caller owns the result
 * and frees it with free(); size overflow counts as running out. */
#define KP_ALLOC __attribute__((returns_nonnull, warn_unused_result))
void *kp_xmalloc(size_t n) KP_ALLOC __attribute__((malloc, alloc_size(1)));
void *kp_xcalloc(size_t count, size_t size) KP_ALLOC __attribute__((malloc, alloc_size(1, 2)));
void *kp_xrealloc(void *p, size_t n) KP_ALLOC __attribute__((alloc_size(2)));
char *kp_xstrdup(const char *s) KP_ALLOC __attribute__((malloc));
char *kp_xstrndup(const char *s, size_t n) KP_ALLOC __attribute__((malloc));

/* Ends the process: "kaoping: error: out of memory" on stderr, the hooks
 * registered by kp_oom_hook() run once (the first thread to get here runs
 * them; others wait for the exit), then _exit(1). Safe on any thread. */
_Noreturn void kp_oom(void);

/* Registers fn(arg) to run from kp_oom() before the exit, e.g. to remove a
 * staging folder so that nothing half-written is left. At most KP_OOM_HOOKS
 * at once; kp_oom_unhook() takes one back. Hooks must not allocate much:
 * memory has run out. */
#define KP_OOM_HOOKS 4
void kp_oom_hook(void (*fn)(void *), void *arg);
void kp_oom_unhook(void (*fn)(void *), void *arg);

#endif
