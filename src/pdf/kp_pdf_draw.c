/* kp_pdf_draw.c - draws the display list's pages: text runs per face, lines, rectangles. */
#include "kp_pdf_hpdf.h"
#include "kp_utf8.h"

#include <string.h>

#define RUN_BYTES 3000 /* flush a text run before libharu's 64 KiB string limit */

/* Graphics state already set on the page, to skip redundant operators. */
typedef struct {
    HPDF_Page page;
    long fill, stroke; /* 0xRRGGBB, -1 before the first */
    double width;      /* -1 before the first */
} pen;

static HPDF_STATUS set_fill(pen *p, uint32_t rgb)
{
    if (p->fill == (long)rgb)
        return HPDF_OK;
    p->fill = (long)rgb;
    return HPDF_Page_SetRGBFill(p->page, (float)((rgb >> 16) & 0xFF) / 255.0f,
                                (float)((rgb >> 8) & 0xFF) / 255.0f, (float)(rgb & 0xFF) / 255.0f);
}

static HPDF_STATUS set_stroke(pen *p, uint32_t rgb, double width)
{
    HPDF_STATUS st = HPDF_OK;
    if (p->stroke != (long)rgb) {
        p->stroke = (long)rgb;
        st = HPDF_Page_SetRGBStroke(p->page, (float)((rgb >> 16) & 0xFF) / 255.0f,
                                    (float)((rgb >> 8) & 0xFF) / 255.0f,
                                    (float)(rgb & 0xFF) / 255.0f);
    }
    if (st == HPDF_OK && p->width != width) {
        p->width = width;
        st = HPDF_Page_SetLineWidth(p->page, (float)width);
    }
    return st;
}

static HPDF_STATUS draw_line(pen *p, const kp_op *op)
{
    HPDF_STATUS st = set_stroke(p, op->rgb, op->size);
    if (st == HPDF_OK)
        st = HPDF_Page_MoveTo(p->page, (float)op->x, (float)op->y);
    if (st == HPDF_OK)
        st = HPDF_Page_LineTo(p->page, (float)op->x2, (float)op->y2);
    return st == HPDF_OK ? HPDF_Page_Stroke(p->page) : st;
}

/* Filled when asked to, or when there is no stroke width to draw with. */
static HPDF_STATUS draw_rect(pen *p, const kp_op *op)
{
    int fill = op->fill || op->size == 0;
    HPDF_STATUS st = fill ? set_fill(p, op->rgb) : set_stroke(p, op->rgb, op->size);
    if (st == HPDF_OK)
        st = HPDF_Page_Rectangle(p->page, (float)op->x, (float)op->y, (float)op->x2,
                                 (float)op->y2);
    if (st != HPDF_OK)
        return st;
    return fill ? HPDF_Page_Fill(p->page) : HPDF_Page_Stroke(p->page);
}

/* A stretch of one text op set in one face, written as one Tj. */
typedef struct {
    HPDF_Page page;
    const kp_op *op;
    const kp_pdf_faces *fl;
    const kp_pdf_face *face; /* face of the pending bytes */
    HPDF_Font font;          /* font selected in the text object */
    double x0;               /* where the pending bytes start */
    size_t len;
    char buf[RUN_BYTES + 8];
} text_run;

static HPDF_STATUS flush_run(text_run *r)
{
    HPDF_STATUS st = HPDF_OK;
    if (r->len == 0)
        return st;
    r->buf[r->len] = 0;
    r->len = 0;
    if (r->font != r->face->font) {
        r->font = r->face->font;
        st = HPDF_Page_SetFontAndSize(r->page, r->font, (float)r->op->size);
    }
    return st == HPDF_OK ? HPDF_Page_TextOut(r->page, (float)r->x0, (float)r->op->y, r->buf) : st;
}

/* Queues cp at x (in its face's PUA code), starting a new run at each
 * change of face so that every run is placed where the layout measured it. */
static HPDF_STATUS add_char(text_run *r, uint32_t cp, double *x)
{
    int k = kp_chain_pick(r->op->chain, cp);
    if (k < 0) { /* drawn as nothing, but it keeps the 1 em it measured */
        *x += r->op->size;
        return flush_run(r);
    }
    const kp_face *f = r->op->chain->faces[k];
    const kp_pdf_face *uf = kp_pdf_find_face(r->fl, f);
    HPDF_STATUS st = HPDF_OK;
    if (uf != r->face || r->len >= RUN_BYTES)
        st = flush_run(r);
    if (r->len == 0) {
        r->face = uf;
        r->x0 = *x;
    }
    r->len += kp_utf8_encode(hb_map_get(uf->pua, cp), r->buf + r->len);
    *x += kp_face_advance(f, cp) * r->op->size / 1000.0;
    return st;
}

static HPDF_STATUS draw_text(pen *p, const kp_op *op, const kp_pdf_faces *fl)
{
    text_run r = {.page = p->page, .op = op, .fl = fl};
    size_t len = strlen(op->text), i = 0;
    double x = op->x;
    if (len == 0)
        return HPDF_OK;
    HPDF_STATUS st = set_fill(p, op->rgb);
    if (st == HPDF_OK)
        st = HPDF_Page_BeginText(p->page);
    while (st == HPDF_OK && i < len)
        st = add_char(&r, kp_utf8_next(op->text, len, &i), &x);
    if (st == HPDF_OK)
        st = flush_run(&r);
    return st == HPDF_OK ? HPDF_Page_EndText(p->page) : st;
}

static HPDF_STATUS draw_op(pen *p, const kp_op *op, const kp_pdf_faces *fl)
{
    switch (op->kind) {
    case KP_OP_TEXT:
        return draw_text(p, op, fl);
    case KP_OP_LINE:
        return draw_line(p, op);
    case KP_OP_RECT:
        return draw_rect(p, op);
    }
    return HPDF_INVALID_PARAMETER;
}

static kp_err draw_page(kp_pdf_ctx *w, const kp_page *kp, HPDF_Page page, const kp_pdf_faces *fl)
{
    pen p = {.page = page, .fill = -1, .stroke = -1, .width = -1};
    HPDF_STATUS st = HPDF_Page_SetWidth(page, (float)kp->width);
    if (st == HPDF_OK)
        st = HPDF_Page_SetHeight(page, (float)kp->height);
    for (size_t k = 0; st == HPDF_OK && k < kp->n; k++)
        st = draw_op(&p, &kp->ops[k], fl);
    return kp_pdf_check(w, st, "drawing a page");
}

kp_err kp_pdf_draw_pages(kp_pdf_ctx *w, const kp_doc *doc, const kp_pdf_faces *fl,
                         HPDF_Page *pages)
{
    for (size_t i = 0; i < doc->n; i++) {
        pages[i] = HPDF_AddPage(w->pdf);
        kp_err err = kp_pdf_check(w, kp_pdf_status(w, pages[i]), "adding a page");
        if (err == KP_OK)
            err = draw_page(w, &doc->pages[i], pages[i], fl);
        if (err != KP_OK)
            return err;
    }
    return KP_OK;
}
