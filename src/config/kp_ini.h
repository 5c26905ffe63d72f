/* kp_ini.h - INI files read with inih into (section, key, value, line) entries. */
#ifndef KP_INI_H
#define KP_INI_H

#include "../base/kp_arena.h"
#include "../base/kp_error.h"

typedef struct {
    const char *section, *key, *value;
    long line;
    int used; /* set by whoever consumes the entry, to find unknown keys */
} kp_ini_entry;

typedef struct {
    const char *path;
    kp_ini_entry *entries; /* malloc'd; free with kp_ini_free() */
    size_t n, cap;
} kp_ini;

/* Reads path; continuation lines (indented) append to the previous value
 * with no separator, so long Chinese text may span lines. Lines longer than
 * inih's limit are an error, never truncated. Strings live in arena. */
kp_err kp_ini_read(kp_ini *ini, const char *path, kp_arena *arena, kp_diag *d);
void kp_ini_free(kp_ini *ini); /* NULL is a no-op */

/* The entry of key in section, or NULL; marks it used. */
kp_ini_entry *kp_ini_get(kp_ini *ini, const char *section, const char *key);

/* Reports every unused entry of `section` as an unknown key, suggesting the
 * closest of `known` (NULL-terminated). Returns the number reported. */
int kp_ini_check_keys(kp_ini *ini, const char *section, const char *const *known, kp_diag *d);

/* Edit distance, for did-you-mean suggestions. */
int kp_ini_distance(const char *a, const char *b);
/* The closest of known to word within distance 2 (or a third of its
 * length), else NULL. */
const char *kp_ini_suggest(const char *word, const char *const *known);

#endif
