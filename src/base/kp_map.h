/* kp_map.h - string to index hash map (open addressing), keys borrowed. */
#ifndef KP_MAP_H
#define KP_MAP_H

#include <stddef.h>

typedef struct {
    const char **keys; /* borrowed: must outlive the map */
    size_t *vals;
    size_t cap, n;
} kp_map;

void kp_map_init(kp_map *m);
void kp_map_free(kp_map *m); /* frees the table, not the keys; NULL is a no-op */
/* Inserts key -> val; returns 1 if inserted, 0 if the key existed (value
 * untouched, *old set when old != NULL). */
int kp_map_put(kp_map *m, const char *key, size_t val, size_t *old);
/* Returns 1 and sets *val when found, else 0. */
int kp_map_get(const kp_map *m, const char *key, size_t *val);

#endif
