/* kp_subset.c - cuts a face down to the glyphs of a document's characters. */
#include "kp_pdf_int.h"
#include "../base/kp_mem.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

/* The tables a TrueType font program in a PDF needs (glyphs, their
 * metrics for the /W check of PDF/A, and the header tables); everything
 * else is dropped before subsetting. No cmap: the text is shown as glyph
 * ids (Identity-H), and cmap and name would only add bytes. Layout tables
 * would only drag their substitutes into the glyph closure, and bitmaps
 * or vertical metrics are never drawn. Hinting goes too
 * (HB_SUBSET_FLAGS_NO_HINTING): a printed page gains nothing from it. */
static const hb_tag_t keep_tags[] = {
    HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'),
    HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
    HB_TAG('O', 'S', '/', '2'), HB_TAG('p', 'o', 's', 't'),
};

static int kept(hb_tag_t t)
{
    for (size_t i = 0; i < sizeof keep_tags / sizeof keep_tags[0]; i++)
        if (keep_tags[i] == t)
            return 1;
    return 0;
}

/* Asks hb-subset for the characters' glyphs, keeping only keep_tags.
 * Characters, not glyph ids: given glyph ids, HarfBuzz 6 maps the whole
 * cmap of the face (tens of thousands of entries in a CJK font) for every
 * subset; given a few characters, it looks just those up. (Nor is the face
 * run through hb_subset_preprocess(): that copies each whole font, some
 * 100 MB a CJK face, and saves nothing when the input is characters.) */
static hb_subset_input_t *make_input(const kp_face *f, hb_set_t *cps)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) /* HarfBuzz fails to create an input only for want of memory */
        kp_oom();
    hb_set_union(hb_subset_input_unicode_set(in), cps);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_tag_t tags[64];
    unsigned start = 0, count;
    do {
        count = sizeof tags / sizeof tags[0];
        hb_face_get_table_tags(f->face, start, &count, tags);
        for (unsigned i = 0; i < count; i++)
            if (!kept(tags[i]))
                hb_set_add(drop, tags[i]);
        start += count;
    } while (count == sizeof tags / sizeof tags[0]);
    return in;
}

/* Lists cps in order with their glyphs in the original face. */
static kp_err list_chars(const kp_face *f, hb_set_t *cps, kp_subset *out)
{
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    size_t k = 0;
    while (hb_set_next(cps, &cp)) {
        hb_codepoint_t g = kp_face_glyph(f, cp);
        if (g == 0)
            return KP_ERR_FONT;
        out->cps[k] = cp;
        out->gids[k++] = g;
    }
    out->n = k;
    return KP_OK;
}

/* Renumbers gids[] into the subset's glyph ids and records, for every
 * subset glyph, the original it came from. */
static kp_err renumber(const hb_subset_plan_t *plan, kp_subset *out)
{
    const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
    const hb_map_t *new_to_old = hb_subset_plan_new_to_old_glyph_mapping(plan);
    unsigned n = hb_map_get_population(new_to_old);
    if (n == 0 || n > KP_CID_MAX)
        return KP_ERR_FONT;
    out->old = kp_xmalloc(n * sizeof *out->old);
    for (unsigned g = 0; g < n; g++) {
        out->old[g] = hb_map_get(new_to_old, g);
        if (out->old[g] == HB_MAP_VALUE_INVALID)
            return KP_ERR_FONT; /* not numbered 0..n-1 */
    }
    out->nglyphs = n;
    for (size_t k = 0; k < out->n; k++) {
        out->gids[k] = hb_map_get(old_to_new, out->gids[k]);
        if (out->gids[k] == HB_MAP_VALUE_INVALID || out->gids[k] >= n)
            return KP_ERR_FONT;
    }
    return KP_OK;
}

/* Runs the plan and serialises the font; the half that can fail in HarfBuzz. */
static kp_err build(const kp_face *f, hb_set_t *cps, kp_subset *out)
{
    size_t n = hb_set_get_population(cps);
    out->cps = kp_xmalloc(n * sizeof *out->cps);
    out->gids = kp_xmalloc(n * sizeof *out->gids);
    kp_err err = list_chars(f, cps, out);
    if (err != KP_OK)
        return err;
    hb_subset_input_t *in = make_input(f, cps);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->face, in);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    err = sub ? renumber(plan, out) : KP_ERR_FONT;
    if (err == KP_OK) {
        out->font = hb_face_reference_blob(sub);
        if (hb_blob_get_length(out->font) == 0)
            err = KP_ERR_FONT;
    }
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    return err;
}

kp_err kp_subset_make(const kp_face *f, hb_set_t *cps, kp_subset *out, kp_diag *d)
{
    memset(out, 0, sizeof *out);
    size_t n = hb_set_get_population(cps);
    if (n == 0 || n > KP_CID_MAX)
        return kp_diag_report(d, KP_ERR_FONT, f->path, 0,
                              "a document sets %zu distinct characters in face %u "
                              "(1 to %u can be embedded)",
                              n, f->index, KP_CID_MAX);
    kp_err err = build(f, cps, out);
    if (err == KP_OK)
        return KP_OK;
    kp_subset_free(out);
    return kp_diag_report(d, err, f->path, 0, "hb-subset could not subset face %u", f->index);
}

void kp_subset_free(kp_subset *s)
{
    hb_blob_destroy(s->font);
    free(s->old);
    free(s->cps);
    free(s->gids);
    memset(s, 0, sizeof *s);
}

const char *kp_face_psname(const kp_face *f)
{
    return f->psname;
}

/* Like make_input(), but cmap and name stay: an OFD's TextCode holds characters, and
 * readers refuse a font file without a name table (browsers' OTS: "name: missing
 * required table", which ofd.js in Chromium runs into). */
static hb_subset_input_t *file_input(const kp_face *f, const uint32_t *cps, size_t n)
{
    hb_set_t *set = hb_set_create();
    for (size_t i = 0; i < n; i++)
        hb_set_add(set, cps[i]);
    hb_subset_input_t *in = make_input(f, set);
    hb_set_destroy(set);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_set_del(drop, HB_TAG('c', 'm', 'a', 'p'));
    hb_set_del(drop, HB_TAG('n', 'a', 'm', 'e'));
    return in;
}

kp_err kp_face_subset_file(const kp_face *f, const uint32_t *cps, size_t n, unsigned char **bytes,
                           size_t *len, kp_diag *d)
{
    *bytes = NULL;
    *len = 0;
    hb_subset_input_t *in = file_input(f, cps, n);
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    hb_blob_t *blob = sub ? hb_face_reference_blob(sub) : NULL;
    unsigned size = 0;
    const char *data = blob ? hb_blob_get_data(blob, &size) : NULL;
    if (size > 0) {
        *bytes = kp_xmalloc(size);
        memcpy(*bytes, data, size);
        *len = size;
    }
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    if (*bytes)
        return KP_OK;
    return kp_diag_report(d, KP_ERR_FONT, f->path, 0, "hb-subset could not subset face %u",
                          f->index);
}
