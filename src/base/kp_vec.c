/* kp_vec.c - the one doubling realloc behind every growing array. */
#include "kp_vec.h"

#include <stdlib.h>

void *kp_vec_room(void *items, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap)
        return items;
    size_t grown_cap = *cap ? *cap * 2 : first;
    if (grown_cap < *cap || grown_cap > (size_t)-1 / size)
        return NULL;
    void *grown = realloc(items, grown_cap * size);
    if (grown)
        *cap = grown_cap;
    return grown;
}
