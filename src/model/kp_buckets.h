/* kp_buckets.h - the placement step of a stable counting sort by a small integer key. */
#ifndef KP_BUCKETS_H
#define KP_BUCKETS_H

#include <stddef.h>
#include <stdint.h>

/* For n items whose keys are key[i] < nbuckets, fills start[0..nbuckets]
 * (bucket b's items go to positions [start[b], start[b + 1]), start[nbuckets]
 * = n) and replaces each key[i] by item i's position. Items of one bucket
 * keep their order. O(n + nbuckets), no temporary; n must fit in 32 bits. */
void kp_buckets_place(uint32_t *key, size_t n, uint32_t *start, size_t nbuckets);

#endif
