/* kp_buckets.c - where each item goes in a stable counting sort: counts, offsets, positions. */
#include "kp_buckets.h"

#include <string.h>

void kp_buckets_place(uint32_t *key, size_t n, uint32_t *start, size_t nbuckets)
{
    memset(start, 0, (nbuckets + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[key[i] + 1]++;
    for (size_t b = 0; b < nbuckets; b++)
        start[b + 1] += start[b];
    /* Handing out positions moves each start[b] to the end of its bucket... */
    for (size_t i = 0; i < n; i++)
        key[i] = start[key[i]]++;
    /* ...which is where the next bucket starts. */
    memmove(start + 1, start, nbuckets * sizeof *start);
    start[0] = 0;
}
