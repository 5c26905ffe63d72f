/* kp_map.c - FNV-1a hashed open addressing; grows at 50% load. */
#include "kp_map.h"
#include "kp_mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void kp_map_init(kp_map *m)
{
    memset(m, 0, sizeof *m);
}

void kp_map_free(kp_map *m)
{
    if (!m)
        return;
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t slot(const kp_map *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void grow(kp_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    kp_map bigger = {kp_xcalloc(cap, sizeof(char *)), kp_xcalloc(cap, sizeof(size_t)), cap, 0};
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.vals[j] = m->vals[i];
            bigger.n++;
        }
    }
    kp_map_free(m);
    *m = bigger;
}

int kp_map_put(kp_map *m, const char *key, size_t val, size_t *old)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    size_t i = slot(m, key);
    if (m->keys[i]) {
        if (old)
            *old = m->vals[i];
        return 0;
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return 1;
}

int kp_map_get(const kp_map *m, const char *key, size_t *val)
{
    if (!m->cap)
        return 0;
    size_t i = slot(m, key);
    if (!m->keys[i])
        return 0;
    *val = m->vals[i];
    return 1;
}
