/* kp_ini.c - inih driven through a line-counting reader so errors carry lines. */
#include "kp_ini.h"
#include "../base/kp_mem.h"
#include "../base/kp_vec.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    FILE *fp;
    long line;
    int too_long;          /* first over-long line, 0 if none */
    int control;           /* first line with a control character, 0 if none */
    unsigned control_char; /* and that character */
    kp_ini *ini;
    kp_arena *arena;
    const char *last_section, *last_key;
    int cont; /* the current line is indented: a continuation */
} reader_state;

/* fgets-like reader for ini_parse_stream that counts lines and refuses to
 * split a line longer than inih's buffer (it would silently truncate). */
static char *read_line(char *str, int num, void *stream)
{
    reader_state *st = stream;
    if (!fgets(str, num, st->fp))
        return NULL;
    st->line++;
    st->cont = (str[0] == ' ' || str[0] == '\t') && str[strspn(str, " \t\r\n")] != '\0';
    size_t len = strlen(str);
    for (size_t i = 0; i < len && !st->control; i++) { /* none may reach an output file */
        unsigned char c = (unsigned char)str[i];
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F) {
            st->control = (int)st->line;
            st->control_char = c;
        }
    }
    if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(st->fp)) {
        if (!st->too_long)
            st->too_long = (int)st->line;
        int c;
        while ((c = fgetc(st->fp)) != EOF && c != '\n')
            ;
        str[0] = '\0';
    }
    return str;
}

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
    reader_state *st = user;
    kp_ini *ini = st->ini;
    /* inih calls again with the same key for continuation lines. */
    if (st->cont && ini->n && st->last_section && strcmp(st->last_section, section) == 0 &&
        strcmp(st->last_key, key) == 0) {
        kp_ini_entry *e = &ini->entries[ini->n - 1];
        size_t a = strlen(e->value), b = strlen(value);
        char *joined = kp_arena_alloc(st->arena, a + b + 1);
        memcpy(joined, e->value, a);
        memcpy(joined + a, value, b + 1);
        e->value = joined;
        return 1;
    }
    kp_ini_entry *grown = kp_vec_room(ini->entries, ini->n, &ini->cap, sizeof *grown, 64);
    ini->entries = grown;
    kp_ini_entry *e = &ini->entries[ini->n++];
    e->section = kp_arena_strdup(st->arena, section);
    e->key = kp_arena_strdup(st->arena, key);
    e->value = kp_arena_strdup(st->arena, value);
    e->line = st->line;
    e->used = 0;
    st->last_section = e->section;
    st->last_key = e->key;
    return 1;
}

kp_err kp_ini_read(kp_ini *ini, const char *path, kp_arena *arena, kp_diag *d)
{
    memset(ini, 0, sizeof *ini);
    ini->path = path;
    FILE *fp = fopen(path, "r");
    if (!fp && errno == ENOMEM) /* stdio's buffer: the one policy for memory */
        kp_oom();
    if (!fp)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    reader_state st = {.fp = fp, .ini = ini, .arena = arena};
    int rc = ini_parse_stream(read_line, &st, on_entry, &st);
    fclose(fp);
    if (st.too_long || st.control || rc != 0)
        kp_ini_free(ini); /* a failed read leaves nothing for the caller to free */
    if (st.too_long)
        return kp_diag_report(d, KP_ERR_SYNTAX, path, st.too_long,
                              "line longer than %d bytes; continue the value on an indented "
                              "next line",
                              INI_MAX_LINE - 2);
    if (st.control)
        return kp_diag_report(d, KP_ERR_SYNTAX, path, st.control,
                              "a control character (U+%04X) in the text; remove it",
                              st.control_char);
    if (rc > 0)
        return kp_diag_report(d, KP_ERR_SYNTAX, path, rc,
                              "expected '[section]', 'key = value' or a ';' comment");
    if (rc < 0)
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot read");
    return KP_OK;
}

void kp_ini_free(kp_ini *ini)
{
    if (!ini)
        return;
    free(ini->entries);
    ini->entries = NULL;
    ini->n = ini->cap = 0;
}

kp_ini_entry *kp_ini_get(kp_ini *ini, const char *section, const char *key)
{
    for (size_t i = 0; i < ini->n; i++) {
        kp_ini_entry *e = &ini->entries[i];
        if (strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0) {
            e->used = 1;
            return e;
        }
    }
    return NULL;
}

/* Optimal string alignment distance: edits plus adjacent swaps, so that the
 * typo "nmae" is one step from "name", nearer than "note". */
int kp_ini_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int rows[3][64], *prev2 = rows[0], *prev = rows[1], *row = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = row[j - 1] + 1;
            int best = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            row[j] = best;
        }
        int *t = prev2;
        prev2 = prev;
        prev = row;
        row = t;
    }
    return prev[lb];
}

const char *kp_ini_suggest(const char *word, const char *const *known)
{
    const char *best = NULL;
    int best_d = 99, limit = (int)strlen(word) / 3;
    if (limit < 2)
        limit = 2;
    for (; known && *known; known++) {
        int dist = kp_ini_distance(word, *known);
        if (dist < best_d) {
            best_d = dist;
            best = *known;
        }
    }
    return best_d <= limit ? best : NULL;
}

int kp_ini_check_keys(kp_ini *ini, const char *section, const char *const *known, kp_diag *d)
{
    int bad = 0;
    for (size_t i = 0; i < ini->n; i++) {
        kp_ini_entry *e = &ini->entries[i];
        if (e->used || strcmp(e->section, section) != 0)
            continue;
        e->used = 1; /* report once */
        int known_key = 0;
        for (const char *const *k = known; k && *k; k++)
            known_key |= !strcmp(*k, e->key);
        if (known_key)
            continue;
        const char *s = kp_ini_suggest(e->key, known);
        if (s)
            kp_diag_report(d, KP_ERR_CONFIG, ini->path, e->line,
                           "unknown key '%s' in [%s]; did you mean '%s'?", e->key, section, s);
        else
            kp_diag_report(d, KP_ERR_CONFIG, ini->path, e->line, "unknown key '%s' in [%s]", e->key,
                           section);
        bad++;
    }
    return bad;
}
