/* kp_vec.h - growing malloc'd arrays one item at a time, doubling. */
#ifndef KP_VEC_H
#define KP_VEC_H

#include <stddef.h>

/* Room for item n of an array with *cap slots of `size` bytes: returns the
 * array, moved when it had to grow (to `first` slots, then double). Never
 * NULL: running out of memory ends the run (kp_mem.h). */
void *kp_vec_room(void *items, size_t n, size_t *cap, size_t size, size_t first);

#endif
