/* kp_vec.c - the one doubling realloc behind every growing array. */
#include "kp_vec.h"

#include "kp_mem.h"

void *kp_vec_room(void *items, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap)
        return items;
    size_t grown_cap = *cap ? *cap * 2 : first;
    if (grown_cap < *cap || grown_cap > (size_t)-1 / size)
        kp_oom();
    void *grown = kp_xrealloc(items, grown_cap * size);
    *cap = grown_cap;
    return grown;
}
