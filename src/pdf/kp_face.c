/* kp_face.c - font faces loaded once with HarfBuzz, and fallback chains over them. */
#define _POSIX_C_SOURCE 200809L /* access() */
#include "kp_pdf_int.h"
#include "../base/kp_mem.h"
#include "kp_utf8.h"

#include <errno.h>
#include <hb-ot.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG_GLYF HB_TAG('g', 'l', 'y', 'f')
#define TAG_OS2 HB_TAG('O', 'S', '/', '2')
#define TAG_HEAD HB_TAG('h', 'e', 'a', 'd')

/* OS/2 fsType bits that forbid what we do: restricted licence (no
 * embedding at all), no subsetting, bitmap-only embedding: checked when
 * the face is loaded, naming the font, not when a document is written. */
#define FSTYPE_FORBIDDEN 0x0302u

/* Non-zero for characters that may stand in a PDF name without escaping
 * and that need no escaping in a PDF name. */
static int name_safe(char c)
{
    return c > 0x20 && c < 0x7F && !strchr("()<>[]{}/%#", c);
}

/* Reads name `id` of the face into out, keeping only name-safe characters. */
static void read_name(hb_face_t *face, hb_ot_name_id_t id, char *out, size_t cap)
{
    char buf[256];
    unsigned len = sizeof buf;
    size_t n = 0;
    if (!hb_ot_name_get_utf8(face, id, HB_LANGUAGE_INVALID, &len, buf))
        len = 0;
    for (unsigned i = 0; i < len && buf[i] && n + 1 < cap; i++)
        if (name_safe(buf[i]))
            out[n++] = buf[i];
    out[n] = 0;
}

static void set_psname(kp_face *f)
{
    read_name(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, f->psname, sizeof f->psname);
    if (!f->psname[0])
        read_name(f->face, HB_OT_NAME_ID_FONT_FAMILY, f->psname, sizeof f->psname);
    if (!f->psname[0])
        strcpy(f->psname, "Font");
}

static unsigned fs_type(hb_face_t *face)
{
    hb_blob_t *os2 = hb_face_reference_table(face, TAG_OS2);
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(os2, &len);
    unsigned v = len >= 10 ? (unsigned)(p[8] << 8 | p[9]) : 0;
    hb_blob_destroy(os2);
    return v;
}

static int has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *b = hb_face_reference_table(face, tag);
    int yes = hb_blob_get_length(b) > 0;
    hb_blob_destroy(b);
    return yes;
}

/* Checks that the face can be embedded, once, before any document. */
static kp_err check_face(const kp_face *f, kp_diag *d)
{
    if (hb_face_get_glyph_count(f->face) == 0 || f->upem == 0)
        return kp_diag_report(d, KP_ERR_FONT, f->path, 0, "face %u is not a usable font", f->index);
    if (!has_table(f->face, TAG_GLYF))
        return kp_diag_report(d, KP_ERR_FONT, f->path, 0,
                              "face %u has no TrueType outlines (glyf); "
                              "CFF-based fonts cannot be embedded",
                              f->index);
    unsigned fs = fs_type(f->face);
    if (fs & FSTYPE_FORBIDDEN)
        return kp_diag_report(d, KP_ERR_FONT, f->path, 0,
                              "face %u may not be embedded as a subset (OS/2 fsType 0x%04x)",
                              f->index, fs);
    return KP_OK;
}

/* Opens the file and the face; fills d and returns an error otherwise. */
static kp_err open_face(kp_face *f, kp_diag *d)
{
    if (access(f->path, R_OK) != 0)
        return kp_diag_report(d, KP_ERR_IO, f->path, 0, "cannot read font: %s", strerror(errno));
    f->blob = hb_blob_create_from_file_or_fail(f->path);
    if (!f->blob)
        return kp_diag_report(d, KP_ERR_IO, f->path, 0, "cannot read font");
    unsigned count = hb_face_count(f->blob);
    if (count == 0)
        return kp_diag_report(d, KP_ERR_FONT, f->path, 0, "not a TrueType font or collection");
    if (f->index >= count)
        return kp_diag_report(d, KP_ERR_FONT, f->path, 0,
                              "face index %u out of range (the file has %u)", f->index, count);
    f->face = hb_face_create(f->blob, f->index);
    f->font = hb_font_create(f->face);
    /* Shared by every document of a run, on several threads at once
     * (kaoping run -j): read-only from here on. */
    hb_face_make_immutable(f->face);
    hb_font_make_immutable(f->font);
    f->upem = hb_face_get_upem(f->face);
    return check_face(f, d);
}

/* Font units to 1/1000 em, as the PDF font descriptor states them. */
static int per_mille(const kp_face *f, long v)
{
    return (int)(v * 1000 / (long)f->upem);
}

/* The FontDescriptor's numbers, read once: bounding box from head,
 * ascender and descender as HarfBuzz resolves them (OS/2 or hhea), cap
 * height from OS/2 (the ascender when the table predates it), slant from
 * post. */
static void set_metrics(kp_face *f)
{
    hb_blob_t *head = hb_face_reference_table(f->face, TAG_HEAD);
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(head, &len);
    for (int i = 0; i < 4 && len >= 44; i++)
        f->bbox[i] = per_mille(f, (int16_t)(uint16_t)(p[36 + 2 * i] << 8 | p[37 + 2 * i]));
    hb_blob_destroy(head);
    hb_font_extents_t ext;
    if (hb_font_get_h_extents(f->font, &ext)) {
        f->ascent = per_mille(f, ext.ascender);
        f->descent = per_mille(f, ext.descender);
    } else {
        f->ascent = f->bbox[3];
        f->descent = f->bbox[1];
    }
    hb_position_t cap;
    f->cap_height =
        hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) && cap > 0
            ? per_mille(f, cap)
            : f->ascent;
    f->italic_angle = (int)hb_style_get_value(f->font, HB_STYLE_TAG_SLANT_ANGLE);
}

kp_face *kp_face_load(const char *path, unsigned index, kp_diag *d)
{
    kp_face *f = kp_xcalloc(1, sizeof *f);
    f->path = kp_xstrdup(path);
    f->index = index;
    if (open_face(f, d) != KP_OK) {
        kp_face_free(f);
        return NULL;
    }
    set_psname(f);
    set_metrics(f);
    /* From here on the face is only read, from any number of threads. */
    hb_face_make_immutable(f->face);
    hb_font_make_immutable(f->font);
    return f;
}

void kp_face_free(kp_face *f)
{
    if (!f)
        return;
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f->path);
    free(f);
}

hb_codepoint_t kp_face_glyph(const kp_face *f, uint32_t cp)
{
    hb_codepoint_t gid = 0;
    if (!hb_font_get_nominal_glyph(f->font, cp, &gid))
        return 0;
    return gid;
}

int kp_face_has(const kp_face *f, uint32_t cp)
{
    return kp_face_glyph(f, cp) != 0;
}

unsigned kp_face_glyph_advance(const kp_face *f, hb_codepoint_t gid)
{
    /* Integer division on purpose: the /W widths are advance * 1000 / upem
     * rounded down, and the viewer advances by those. */
    unsigned adv = (unsigned)hb_font_get_glyph_h_advance(f->font, gid);
    return adv * 1000u / f->upem;
}

double kp_face_advance(const kp_face *f, uint32_t cp)
{
    hb_codepoint_t gid = kp_face_glyph(f, cp);
    return gid ? (double)kp_face_glyph_advance(f, gid) : 0;
}

int kp_cp_invisible(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || (cp >= 0xE0100 && cp <= 0xE01EF);
}

int kp_chain_pick(const kp_chain *chain, uint32_t cp)
{
    for (int i = 0; i < chain->n; i++)
        if (chain->faces[i] && kp_face_has(chain->faces[i], cp))
            return i;
    return -1;
}

double kp_chain_width(const kp_chain *chain, const char *utf8, size_t len, double size)
{
    double units = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = kp_utf8_next(utf8, len, &i);
        if (kp_cp_invisible(cp))
            continue;
        int k = kp_chain_pick(chain, cp);
        units += k < 0 ? 1000.0 : kp_face_advance(chain->faces[k], cp);
    }
    return units * size / 1000.0;
}
