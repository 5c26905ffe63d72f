/* kp_fonts.c - fonts.ini roles into fallback chains of faces loaded once. */
#include "kp_fonts.h"
#include "../config/kp_ini.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static kp_face *face_for(kp_fonts *f, const char *key, const char *path, unsigned index, kp_diag *d)
{
    for (int i = 0; i < f->nfaces; i++)
        if (!strcmp(f->face_keys[i], key))
            return f->faces[i];
    if (f->nfaces == KP_FONTS_MAX_FACES)
        return NULL;
    kp_face *face = kp_face_load(path, index, d);
    if (!face)
        return NULL;
    f->face_keys[f->nfaces] = key;
    f->faces[f->nfaces++] = face;
    return face;
}

/* One "path[:index]" item of a files list, relative to the ini's folder. */
static void add_file(kp_fonts *f, kp_font_role *role, char *item, const char *dir, kp_arena *arena,
                     kp_diag *d, const char *ini, long line, int first)
{
    while (*item == ' ' || *item == '\t')
        item++;
    char *end = item + strlen(item);
    while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    if (!*item)
        return;
    unsigned index = 0;
    char *colon = strrchr(item, ':');
    if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
        index = (unsigned)atoi(colon + 1);
        *colon = '\0';
    }
    char *path = item;
    if (item[0] != '/') {
        path = kp_arena_alloc(arena, strlen(dir) + strlen(item) + 2);
        sprintf(path, "%s/%s", dir, item);
    }
    if (access(path, R_OK) != 0) {
        if (first)
            kp_warn(ini, line, "font '%s' for role [%s] is not installed; using its fallbacks",
                    path, role->name);
        return;
    }
    char *key = kp_arena_alloc(arena, strlen(path) + 16);
    sprintf(key, "%s:%u", path, index);
    kp_face *face = face_for(f, key, path, index, d);
    if (face && role->chain.n < (int)(sizeof role->chain.faces / sizeof role->chain.faces[0]))
        role->chain.faces[role->chain.n++] = face;
}

kp_err kp_fonts_load(kp_fonts *f, const char *ini_path, kp_arena *arena, kp_diag *d)
{
    memset(f, 0, sizeof *f);
    kp_ini ini;
    kp_err err = kp_ini_read(&ini, ini_path, arena, d);
    if (err)
        return err;
    const char *slash = strrchr(ini_path, '/');
    const char *dir = slash ? kp_arena_strndup(arena, ini_path, (size_t)(slash - ini_path)) : ".";
    int before = d->count;
    for (size_t i = 0; i < ini.n && !err; i++) {
        const kp_ini_entry *e = &ini.entries[i];
        if (i && !strcmp(ini.entries[i - 1].section, e->section))
            continue;
        if (f->nroles == KP_FONTS_MAX_ROLES)
            break;
        kp_font_role *role = &f->roles[f->nroles++];
        role->name = e->section;
        kp_ini_entry *label = kp_ini_get(&ini, e->section, "label");
        role->label = label ? label->value : e->section;
        kp_ini_entry *files = kp_ini_get(&ini, e->section, "files");
        if (files) {
            char *list = kp_arena_strdup(arena, files->value), *save = NULL;
            int first = 1;
            for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                add_file(f, role, tok, dir, arena, d, ini_path, files->line, first);
                first = 0;
            }
        }
        if (role->chain.n == 0)
            kp_diag_report(d, KP_ERR_FONT, ini_path, files ? files->line : e->line,
                           "no usable TrueType font for role [%s]", role->name);
        static const char *const keys[] = {"label", "files", NULL};
        kp_ini_check_keys(&ini, e->section, keys, d);
    }
    kp_ini_free(&ini);
    return d->count > before ? KP_ERR_FONT : KP_OK;
}

void kp_fonts_free(kp_fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->nfaces; i++)
        kp_face_free(f->faces[i]);
    f->nfaces = 0;
}

const kp_chain *kp_fonts_role(const kp_fonts *f, const char *role)
{
    for (int i = 0; i < f->nroles; i++)
        if (!strcmp(f->roles[i].name, role))
            return &f->roles[i].chain;
    return NULL;
}
