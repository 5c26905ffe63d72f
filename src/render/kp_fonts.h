/* kp_fonts.h - font roles (title, body, heading, kai) and their fallback chains from fonts.ini. */
#ifndef KP_FONTS_H
#define KP_FONTS_H

#include "../base/kp_arena.h"
#include "../pdf/kp_pdf.h"

#define KP_FONTS_MAX_ROLES 8
#define KP_FONTS_MAX_FACES 16

typedef struct {
    const char *name, *label;
    kp_chain chain;
} kp_font_role;

/* Every face is parsed once per run and shared by all documents. */
typedef struct {
    kp_font_role roles[KP_FONTS_MAX_ROLES];
    int nroles;
    kp_face *faces[KP_FONTS_MAX_FACES];
    const char *face_keys[KP_FONTS_MAX_FACES]; /* "path:index" */
    int nfaces;
} kp_fonts;

/* Loads fonts.ini and the faces it names. Missing fallback files are
 * skipped; a role with no usable face is an error. Caller frees with
 * kp_fonts_free(). */
kp_err kp_fonts_load(kp_fonts *f, const char *ini_path, kp_arena *arena, kp_diag *d);
void kp_fonts_free(kp_fonts *f); /* NULL is a no-op */
/* The chain of a role, or NULL when the role is unknown. */
const kp_chain *kp_fonts_role(const kp_fonts *f, const char *role);

#endif
