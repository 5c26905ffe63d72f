/* kp_pdf_font.c - the faces a document uses, embedded as tagged subsets with a ToUnicode. */
#include "kp_pdf_hpdf.h"
#include "../base/kp_mem.h"
#include "kp_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The font objects are written through libharu's object layer, not its
 * TrueType loader: that one wants a file path, re-parses and rewrites the
 * font, and addresses glyphs through a 64K-entry CIDToGIDMap per font. */

#define BFCHAR_BLOCK 100    /* entries per beginbfchar block: the CMap format's limit */
#define NO_CHAR 0xFFFFFFFFu /* a CID no character of the document has */

/* Six capital letters from the name and the characters: the same subset
 * always gets the same tag (reproducible output), different subsets of one
 * font almost surely differ (viewers cache fonts by BaseFont). */
static void subset_tag(const kp_pdf_face *uf, const kp_subset *s, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (const char *p = uf->psname; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    for (size_t k = 0; k < s->n; k++)
        for (int b = 0; b < 32; b += 8)
            h = (h ^ ((s->cps[k] >> b) & 0xFF)) * 0x100000001b3u;
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = 0;
}

/* ---- CIDs ---- */

/* How a font's CIDs reach its glyphs. A character is shown as the CID
 * equal to its subset glyph id, so that /CIDToGIDMap is /Identity; only
 * when two characters of the document share a glyph (a compatibility
 * ideograph and its unified twin, say) does the second get a CID of its
 * own past the glyphs, so that ToUnicode still tells them apart, and the
 * map becomes a (short) stream. */
typedef struct {
    unsigned n;    /* CIDs 0..n-1, every one drawing a glyph */
    uint32_t *cp;  /* cp[cid]: the character shown as cid, or NO_CHAR */
    uint16_t *gid; /* gid[cid]: its glyph in the subset */
    int identity;  /* gid[cid] == cid for all */
} cid_plan;

static void plan_free(cid_plan *p)
{
    free(p->cp);
    free(p->gid);
}

static kp_err plan_cids(cid_plan *p, const kp_subset *s, hb_map_t *cid_of)
{
    size_t cap = s->nglyphs + s->n;
    memset(p, 0, sizeof *p);
    p->cp = kp_xmalloc(cap * sizeof *p->cp);
    p->gid = kp_xmalloc(cap * sizeof *p->gid);
    p->n = s->nglyphs;
    p->identity = 1;
    for (unsigned g = 0; g < s->nglyphs; g++) {
        p->cp[g] = NO_CHAR;
        p->gid[g] = (uint16_t)g;
    }
    for (size_t k = 0; k < s->n; k++) {
        unsigned cid = s->gids[k];
        if (p->cp[cid] != NO_CHAR) {
            if (p->n >= KP_CID_MAX)
                return KP_ERR_FONT;
            cid = p->n++;
            p->gid[cid] = (uint16_t)s->gids[k];
            p->identity = 0;
        }
        p->cp[cid] = s->cps[k];
        hb_map_set(cid_of, s->cps[k], cid);
    }
    if (!hb_map_allocation_successful(cid_of))
        kp_oom();
    return KP_OK;
}

/* ---- The streams ---- */

static void put_hex4(kp_buf *b, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    char c[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    kp_buf_put(b, c, 4);
}

/* The ToUnicode CMap: each CID and the character it stands for (UTF-16BE,
 * a surrogate pair beyond the BMP), in CID order. */
static void tounicode(kp_buf *b, const cid_plan *p, size_t nchars)
{
    kp_buf_str(b, "/CIDInit /ProcSet findresource begin\n"
                  "12 dict begin\nbegincmap\n"
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                  "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t k = 0;
    for (unsigned cid = 0; cid < p->n; cid++) {
        if (p->cp[cid] == NO_CHAR)
            continue;
        if (k % BFCHAR_BLOCK == 0) {
            size_t left = nchars - k;
            kp_buf_int(b, (long)(left < BFCHAR_BLOCK ? left : BFCHAR_BLOCK));
            kp_buf_str(b, " beginbfchar\n");
        }
        unsigned char u[4];
        size_t n = kp_utf16_encode(p->cp[cid], u);
        kp_buf_put(b, "<", 1);
        put_hex4(b, cid);
        kp_buf_put(b, "> <", 3);
        for (size_t i = 0; i < n; i += 2)
            put_hex4(b, (unsigned)(u[i] << 8 | u[i + 1]));
        kp_buf_put(b, ">\n", 2);
        if (++k % BFCHAR_BLOCK == 0 || k == nchars)
            kp_buf_str(b, "endbfchar\n");
    }
    kp_buf_str(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* The CIDSet PDF/A-1 asks for: a bit per CID, high bit first, set for
 * every CID the font draws, which is all of 0..n-1. */
static void cidset(kp_buf *b, unsigned n)
{
    unsigned char full = 0xFF;
    for (unsigned i = 0; i < n / 8; i++)
        kp_buf_put(b, &full, 1);
    if (n % 8) {
        unsigned char last = (unsigned char)(0xFF00u >> (n % 8));
        kp_buf_put(b, &last, 1);
    }
}

/* A non-identity CIDToGIDMap: two bytes of glyph id per CID. */
static void gidmap(kp_buf *b, const cid_plan *p)
{
    for (unsigned cid = 0; cid < p->n; cid++) {
        unsigned char g[2] = {(unsigned char)(p->gid[cid] >> 8), (unsigned char)p->gid[cid]};
        kp_buf_put(b, g, 2);
    }
}

/* ---- Widths ---- */

static int cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* The most common width, for /DW: the /W array then lists only the others. */
static unsigned common_width(const unsigned *w, unsigned n)
{
    unsigned *s = kp_xmalloc(n * sizeof *s), best = 1000, run = 0, best_run = 0;
    memcpy(s, w, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_uint);
    for (unsigned i = 0; i < n; i++) {
        run = i > 0 && s[i] == s[i - 1] ? run + 1 : 1;
        if (run > best_run) {
            best_run = run;
            best = s[i];
        }
    }
    free(s);
    return best;
}

/* "/DW d /W [c [w ...] ...]": the advances of the original face, in
 * 1/1000 em rounded down, which is what the layout measured with
 * (kp_face_advance()); the subset's hmtx holds the same advances. */
static void widths(kp_buf *b, const kp_face *f, const kp_subset *s, const cid_plan *p)
{
    unsigned *w = kp_xmalloc(p->n * sizeof *w);
    for (unsigned cid = 0; cid < p->n; cid++)
        w[cid] = kp_face_glyph_advance(f, s->old[p->gid[cid]]);
    unsigned dw = common_width(w, p->n);
    kp_buf_str(b, "/DW ");
    kp_buf_int(b, (long)dw);
    kp_buf_str(b, "\012/W [");
    for (unsigned cid = 0; cid < p->n;) {
        if (w[cid] == dw) {
            cid++;
            continue;
        }
        kp_buf_int(b, (long)cid);
        kp_buf_str(b, " [");
        for (int first = 1; cid < p->n && w[cid] != dw; cid++, first = 0) {
            if (!first)
                kp_buf_put(b, " ", 1);
            kp_buf_int(b, (long)w[cid]);
        }
        kp_buf_str(b, "] ");
    }
    kp_buf_str(b, "]\012");
    free(w);
}

/* ---- The font objects ---- */

/* A dictionary that is an object of its own (written as "n 0 R" wherever
 * it is added). */
static HPDF_Dict new_object(kp_pdf_ctx *w)
{
    HPDF_Dict d = HPDF_Dict_New(w->pdf->mmgr);
    if (d && HPDF_Xref_Add(w->pdf->xref, d) != HPDF_OK)
        return NULL; /* HPDF_Xref_Add freed it */
    return d;
}

static HPDF_STATUS add_string(kp_pdf_ctx *w, HPDF_Dict d, const char *key, const char *value)
{
    HPDF_String s = HPDF_String_New(w->pdf->mmgr, value, NULL);
    HPDF_STATUS st = kp_pdf_status(w, s);
    return st == HPDF_OK ? HPDF_Dict_Add(d, key, s) : st;
}

static HPDF_STATUS add_numbers(kp_pdf_ctx *w, HPDF_Dict d, const char *key, const int *v, int n)
{
    HPDF_Array a = HPDF_Array_New(w->pdf->mmgr);
    HPDF_STATUS st = kp_pdf_status(w, a);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, key, a);
    for (int i = 0; i < n && st == HPDF_OK; i++)
        st = HPDF_Array_AddNumber(a, v[i]);
    return st;
}

/* A stream object holding b, or NULL (the error recorded in w). */
static HPDF_Dict buf_stream(kp_pdf_ctx *w, kp_buf *b, int level)
{
    return kp_pdf_stream(w, b->p, b->n, level);
}

/* FontDescriptor with the font program and CIDSet. */
static HPDF_Dict descriptor(kp_pdf_ctx *w, const kp_face *f, const char *name, const kp_subset *s,
                            const cid_plan *p, kp_buf *tmp)
{
    unsigned len = 0;
    const char *prog = hb_blob_get_data(s->font, &len);
    HPDF_Dict file = kp_pdf_stream(w, prog, len, KP_Z_FONT);
    HPDF_STATUS st = kp_pdf_status(w, file);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len);
    tmp->n = 0;
    cidset(tmp, p->n);
    HPDF_Dict set = st == HPDF_OK ? buf_stream(w, tmp, KP_Z_STORE) : NULL;
    HPDF_Dict d = set ? new_object(w) : NULL;
    if (st == HPDF_OK)
        st = kp_pdf_status(w, d);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "FontName", name);
    if (st == HPDF_OK) /* symbolic: glyphs beyond the standard Latin set */
        st = HPDF_Dict_AddNumber(d, "Flags", 4);
    if (st == HPDF_OK)
        st = add_numbers(w, d, "FontBBox", f->bbox, 4);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "ItalicAngle", f->italic_angle);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "Ascent", f->ascent);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "Descent", f->descent);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "CapHeight", f->cap_height);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "StemV", 0);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "FontFile2", file);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "CIDSet", set);
    return kp_pdf_check(w, st, "writing a font descriptor") == KP_OK ? d : NULL;
}

/* The CIDFontType2 dictionary: glyph ids as CIDs, its widths. */
static HPDF_Dict cid_font(kp_pdf_ctx *w, const kp_face *f, const char *name, const kp_subset *s,
                          const cid_plan *p, kp_buf *tmp)
{
    HPDF_Dict desc = descriptor(w, f, name, s, p, tmp);
    HPDF_Dict map = NULL;
    if (desc && !p->identity) {
        tmp->n = 0;
        gidmap(tmp, p);
        map = buf_stream(w, tmp, KP_Z_TEXT);
        if (!map)
            return NULL;
    }
    HPDF_Dict d = desc ? new_object(w) : NULL;
    HPDF_Dict info = d ? HPDF_Dict_New(w->pdf->mmgr) : NULL;
    HPDF_STATUS st = kp_pdf_status(w, info);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "CIDSystemInfo", info);
    if (st == HPDF_OK)
        st = add_string(w, info, "Registry", "Adobe");
    if (st == HPDF_OK)
        st = add_string(w, info, "Ordering", "Identity");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(info, "Supplement", 0);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "Type", "Font");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "Subtype", "CIDFontType2");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "BaseFont", name);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "FontDescriptor", desc);
    if (st == HPDF_OK)
        st = map ? HPDF_Dict_Add(d, "CIDToGIDMap", map)
                 : HPDF_Dict_AddName(d, "CIDToGIDMap", "Identity");
    if (st == HPDF_OK) {
        tmp->n = 0;
        widths(tmp, f, s, p);
        st = kp_pdf_raw_entries(w, d, tmp);
    }
    return kp_pdf_check(w, st, "writing a CID font") == KP_OK ? d : NULL;
}

/* The Type0 font the pages name: Identity-H over the CID font, and the
 * ToUnicode map that gives text extraction the characters back. */
static kp_err type0(kp_pdf_ctx *w, kp_pdf_face *uf, const kp_subset *s, const cid_plan *p)
{
    char tag[7], name[sizeof uf->psname + 8];
    subset_tag(uf, s, tag);
    snprintf(name, sizeof name, "%s+%s", tag, uf->psname);
    kp_buf tmp = {0};
    HPDF_Dict cid = cid_font(w, uf->face, name, s, p, &tmp);
    HPDF_Dict cmap = NULL;
    if (cid) {
        tmp.n = 0;
        tounicode(&tmp, p, s->n);
        cmap = buf_stream(w, &tmp, KP_Z_TEXT);
    }
    kp_buf_free(&tmp);
    HPDF_Dict d = cmap ? new_object(w) : NULL;
    HPDF_Array kids = d ? HPDF_Array_New(w->pdf->mmgr) : NULL;
    HPDF_STATUS st = kp_pdf_status(w, kids);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "DescendantFonts", kids);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(kids, cid);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "Type", "Font");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "Subtype", "Type0");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "BaseFont", name);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "Encoding", "Identity-H");
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "ToUnicode", cmap);
    uf->font = d;
    return kp_pdf_check(w, st, "writing a font");
}

/* Subsets uf->face to uf->cps, embeds it and fills uf->font and uf->cid. */
static kp_err embed(kp_pdf_ctx *w, kp_pdf_face *uf)
{
    kp_subset s;
    kp_err err = kp_subset_make(uf->face, uf->cps, &s, w->d);
    if (err != KP_OK)
        return w->err = err;
    cid_plan p;
    err = plan_cids(&p, &s, uf->cid);
    if (err == KP_OK)
        err = type0(w, uf, &s, &p);
    else
        err = w->err = kp_diag_report(w->d, err, uf->face->path, 0, "too many glyphs in face %u",
                                      uf->face->index);
    plan_free(&p);
    kp_subset_free(&s);
    return err;
}

/* ---- Which faces the document uses, and for which characters ---- */

kp_pdf_face *kp_pdf_find_face(const kp_pdf_faces *fl, const kp_face *f)
{
    for (size_t i = 0; i < fl->n; i++)
        if (fl->v[i].face == f)
            return &fl->v[i];
    return NULL;
}

static kp_pdf_face *add_face(kp_pdf_faces *fl, const kp_face *f)
{
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 4;
        kp_pdf_face *v = kp_xrealloc(fl->v, cap * sizeof *v);
        fl->v = v;
        fl->cap = cap;
    }
    kp_pdf_face *uf = &fl->v[fl->n];
    memset(uf, 0, sizeof *uf);
    uf->face = f;
    uf->cps = hb_set_create();
    uf->cid = hb_map_create();
    fl->n++; /* counted before checking, so that kp_pdf_free_faces() destroys both */
    if (!hb_set_allocation_successful(uf->cps) || !hb_map_allocation_successful(uf->cid))
        kp_oom();
    return uf;
}

void kp_pdf_free_faces(kp_pdf_faces *fl)
{
    for (size_t i = 0; i < fl->n; i++) {
        hb_set_destroy(fl->v[i].cps);
        hb_map_destroy(fl->v[i].cid);
    }
    free(fl->v);
}

/* Adds the characters of one text op to the faces that will set them. */
static void collect_text(kp_pdf_faces *fl, const kp_op *op)
{
    size_t len = strlen(op->text), i = 0;
    while (i < len) {
        uint32_t cp = kp_utf8_next(op->text, len, &i);
        int k = kp_cp_invisible(cp) ? -1 : kp_chain_pick(op->chain, cp);
        if (k < 0)
            continue;
        const kp_face *f = op->chain->faces[k];
        kp_pdf_face *uf = kp_pdf_find_face(fl, f);
        if (!uf)
            uf = add_face(fl, f);
        hb_set_add(uf->cps, cp);
    }
}

void kp_pdf_collect_faces(kp_pdf_faces *fl, const kp_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++)
        for (size_t k = 0; k < doc->pages[i].n; k++) {
            const kp_op *op = &doc->pages[i].ops[k];
            if (op->kind == KP_OP_TEXT)
                collect_text(fl, op);
        }
    for (size_t i = 0; i < fl->n; i++)
        if (!hb_set_allocation_successful(fl->v[i].cps))
            kp_oom();
}

/* Names each face by its PostScript name, suffixed when two faces of the
 * document share one (the same file loaded twice), so that the two fonts
 * differ in BaseFont as they do in glyphs; and gives each its resource
 * name. */
static void name_faces(kp_pdf_faces *fl)
{
    for (size_t i = 0; i < fl->n; i++) {
        snprintf(fl->v[i].res, sizeof fl->v[i].res, "F%zu", i + 1);
        snprintf(fl->v[i].psname, sizeof fl->v[i].psname, "%s", fl->v[i].face->psname);
        for (size_t j = 0, dup = 1; j < i; j++)
            if (strcmp(fl->v[j].face->psname, fl->v[i].face->psname) == 0)
                snprintf(fl->v[i].psname, sizeof fl->v[i].psname, "%s-%zu", fl->v[i].face->psname,
                         ++dup);
    }
}

kp_err kp_pdf_embed_faces(kp_pdf_ctx *w, kp_pdf_faces *fl)
{
    name_faces(fl);
    for (size_t i = 0; i < fl->n; i++) {
        kp_err err = embed(w, &fl->v[i]);
        if (err != KP_OK)
            return err;
    }
    return KP_OK;
}
