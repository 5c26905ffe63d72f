/* kp_subset.c - cuts a face down to a document's characters, reachable through PUA codes. */
#include "kp_pdf_int.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

/* The tables libharu reads or embeds (besides cmap and name, which are
 * written here). Everything else is dropped before subsetting: layout
 * tables would only drag their substitutes into the glyph closure, and
 * bitmaps or vertical metrics are never embedded. Hinting goes too
 * (HB_SUBSET_FLAGS_NO_HINTING): a printed page gains nothing from it. */
static const hb_tag_t keep_tags[] = {
    HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'),
    HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
    HB_TAG('O', 'S', '/', '2'), HB_TAG('p', 'o', 's', 't'),
};

#define TAG_CMAP HB_TAG('c', 'm', 'a', 'p')
#define TAG_NAME HB_TAG('n', 'a', 'm', 'e')

/* A big-endian writer into a buffer the caller sized exactly. */
typedef struct {
    unsigned char *p;
    size_t n;
} bytes;

static void put16(bytes *b, unsigned v)
{
    b->p[b->n++] = (unsigned char)(v >> 8);
    b->p[b->n++] = (unsigned char)v;
}

static void put32(bytes *b, unsigned long v)
{
    put16(b, (unsigned)(v >> 16) & 0xFFFF);
    put16(b, (unsigned)v & 0xFFFF);
}

/* Hands the bytes to HarfBuzz, which frees them with free() (also when it
 * fails, returning its empty blob); NULL then. */
static hb_blob_t *to_blob(bytes *b)
{
    hb_blob_t *blob = hb_blob_create((const char *)b->p, (unsigned)b->n, HB_MEMORY_MODE_WRITABLE,
                                     b->p, free);
    if (hb_blob_get_length(blob) == 0) {
        hb_blob_destroy(blob);
        return NULL;
    }
    return blob;
}

/* A cmap with one (3,1) format 4 subtable, the only kind libharu reads:
 * a segment U+E000..U+E000+n-1 looking its glyphs up in glyphIdArray, and
 * the 0xFFFF segment the format requires (libharu's lookup also runs past
 * the end of the segment list without it). */
static hb_blob_t *make_cmap(const hb_codepoint_t *gids, size_t n)
{
    bytes b = {malloc(12 + 32 + 2 * n), 0};
    if (!b.p)
        return NULL;
    put16(&b, 0);                       /* version */
    put16(&b, 1);                       /* numTables */
    put16(&b, 3);                       /* platform: Windows */
    put16(&b, 1);                       /* encoding: Unicode BMP */
    put32(&b, 12);                      /* subtable offset */
    put16(&b, 4);                       /* format */
    put16(&b, (unsigned)(32 + 2 * n));  /* length */
    put16(&b, 0);                       /* language */
    put16(&b, 4);                       /* segCountX2 */
    put16(&b, 4);                       /* searchRange */
    put16(&b, 1);                       /* entrySelector */
    put16(&b, 0);                       /* rangeShift */
    put16(&b, (unsigned)(KP_PUA_FIRST + n - 1));
    put16(&b, 0xFFFF);                  /* endCode[] */
    put16(&b, 0);                       /* reservedPad */
    put16(&b, KP_PUA_FIRST);
    put16(&b, 0xFFFF);                  /* startCode[] */
    put16(&b, 0);
    put16(&b, 1);                       /* idDelta[]: 0xFFFF + 1 wraps to .notdef */
    put16(&b, 4);                       /* idRangeOffset[0]: glyphIdArray is 2 words on */
    put16(&b, 0);
    for (size_t k = 0; k < n; k++)
        put16(&b, gids[k]);
    return to_blob(&b);
}

/* A name table naming the font `ps` (Windows, US English), subfamily
 * "Regular" so that libharu takes `ps` as the BaseFont unchanged. Written
 * afresh because libharu needs exactly these records, and because two
 * subsets in one document must not share a name (libharu would quietly
 * reuse the first font for the second). */
static hb_blob_t *make_name(const char *ps)
{
    static const char regular[] = "Regular";
    size_t np = strlen(ps), nr = sizeof regular - 1;
    static const unsigned ids[4] = {1, 2, 4, 6};
    bytes b = {malloc(6 + 12 * 4 + 2 * (np + nr)), 0};
    if (!b.p)
        return NULL;
    put16(&b, 0);                       /* format */
    put16(&b, 4);                       /* count */
    put16(&b, 6 + 12 * 4);              /* stringOffset */
    for (int i = 0; i < 4; i++) {
        put16(&b, 3);
        put16(&b, 1);
        put16(&b, 0x409);
        put16(&b, ids[i]);
        put16(&b, (unsigned)(2 * (ids[i] == 2 ? nr : np)));
        put16(&b, ids[i] == 2 ? (unsigned)(2 * np) : 0); /* ps shared by 1, 4, 6 */
    }
    for (size_t i = 0; i < np; i++)
        put16(&b, (unsigned char)ps[i]);
    for (size_t i = 0; i < nr; i++)
        put16(&b, (unsigned char)regular[i]);
    return to_blob(&b);
}

static int kept(hb_tag_t t)
{
    for (size_t i = 0; i < sizeof keep_tags / sizeof keep_tags[0]; i++)
        if (keep_tags[i] == t)
            return 1;
    return 0;
}

/* Asks hb-subset for the characters' glyphs, keeping only keep_tags. */
static hb_subset_input_t *make_input(hb_face_t *face, hb_set_t *cps)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_union(hb_subset_input_unicode_set(in), cps);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_tag_t tags[64];
    unsigned start = 0, count;
    do {
        count = sizeof tags / sizeof tags[0];
        hb_face_get_table_tags(face, start, &count, tags);
        for (unsigned i = 0; i < count; i++)
            if (!kept(tags[i]))
                hb_set_add(drop, tags[i]);
        start += count;
    } while (count == sizeof tags / sizeof tags[0]);
    return in;
}

/* Lists cps in order and the subset glyph each one is drawn with. */
static kp_err map_glyphs(const kp_face *f, hb_set_t *cps, const hb_map_t *old_to_new,
                         kp_subset *out, hb_codepoint_t *gids)
{
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    size_t k = 0;
    while (hb_set_next(cps, &cp)) {
        hb_codepoint_t g = hb_map_get(old_to_new, kp_face_glyph(f, cp));
        if (g == HB_MAP_VALUE_INVALID)
            return KP_ERR_FONT;
        out->cps[k] = cp;
        gids[k++] = g;
    }
    out->n = k;
    return KP_OK;
}

/* Serialises the subset's tables plus our cmap and name into one file.
 * Walks keep_tags rather than asking the subset for its table list: the
 * subset is a builder face, which HarfBuzz 6 cannot list. */
static hb_blob_t *assemble(hb_face_t *sub, hb_blob_t *cmap, hb_blob_t *name)
{
    hb_face_t *b = hb_face_builder_create();
    for (size_t i = 0; i < sizeof keep_tags / sizeof keep_tags[0]; i++) {
        hb_blob_t *t = hb_face_reference_table(sub, keep_tags[i]);
        if (hb_blob_get_length(t) > 0)
            hb_face_builder_add_table(b, keep_tags[i], t);
        hb_blob_destroy(t);
    }
    hb_face_builder_add_table(b, TAG_CMAP, cmap);
    hb_face_builder_add_table(b, TAG_NAME, name);
    /* libharu 2.3.0 rewrites the font with 'prep' last; an empty one sits at
     * the very end of its output stream, and when that stream is a whole
     * number of 4096-byte blocks long, seeking there fails
     * (HPDF_MemStream_SeekFunc looks up a block past the last) and the
     * document cannot be saved. A 'prep' program that does nothing (PUSHB
     * 0, POP) keeps the last table non-empty. */
    static const char prep[] = {(char)0xB0, 0x00, 0x21};
    hb_blob_t *p = hb_blob_create(prep, sizeof prep, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_builder_add_table(b, HB_TAG('p', 'r', 'e', 'p'), p);
    hb_blob_destroy(p);
    hb_blob_t *font = hb_face_reference_blob(b);
    hb_face_destroy(b);
    if (hb_blob_get_length(font) == 0) {
        hb_blob_destroy(font);
        return NULL;
    }
    return font;
}

/* Runs the plan and builds the font; the half that can fail in HarfBuzz. */
static kp_err build(const kp_face *f, hb_set_t *cps, const char *psname, kp_subset *out)
{
    kp_err err = KP_ERR_FONT;
    size_t n = hb_set_get_population(cps);
    hb_codepoint_t *gids = malloc(n * sizeof *gids);
    out->cps = malloc(n * sizeof *out->cps);
    hb_subset_input_t *in = make_input(f->face, cps);
    hb_subset_plan_t *plan = in ? hb_subset_plan_create_or_fail(f->face, in) : NULL;
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    if (!gids || !out->cps || !in)
        err = KP_ERR_NOMEM;
    else if (sub && map_glyphs(f, cps, hb_subset_plan_old_to_new_glyph_mapping(plan), out,
                               gids) == KP_OK) {
        hb_blob_t *cmap = make_cmap(gids, out->n), *name = make_name(psname);
        out->font = cmap && name ? assemble(sub, cmap, name) : NULL;
        err = out->font ? KP_OK : KP_ERR_NOMEM;
        hb_blob_destroy(cmap);
        hb_blob_destroy(name);
    }
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    free(gids);
    return err;
}

kp_err kp_subset_make(const kp_face *f, hb_set_t *cps, const char *psname, kp_subset *out,
                      kp_diag *d)
{
    memset(out, 0, sizeof *out);
    size_t n = hb_set_get_population(cps);
    if (n == 0 || n > KP_PUA_COUNT)
        return kp_diag_report(d, KP_ERR_FONT, f->path, 0,
                              "a document sets %zu distinct characters in face %u "
                              "(1 to %u can be embedded)",
                              n, f->index, KP_PUA_COUNT);
    kp_err err = build(f, cps, psname, out);
    if (err == KP_OK)
        return KP_OK;
    kp_subset_free(out);
    if (err == KP_ERR_NOMEM)
        return kp_diag_report(d, err, f->path, 0, "out of memory subsetting face %u",
                              f->index);
    return kp_diag_report(d, err, f->path, 0, "hb-subset could not subset face %u", f->index);
}

void kp_subset_free(kp_subset *s)
{
    hb_blob_destroy(s->font);
    free(s->cps);
    memset(s, 0, sizeof *s);
}
