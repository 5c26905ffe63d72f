/* kp_pdf_draw.c - the display list's pages as content streams: text runs, lines, rectangles. */
#include "kp_pdf_hpdf.h"
#include "../base/kp_mem.h"
#include "kp_utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Glyphs per Tj: PDF/A-1 caps strings at 65,535 bytes (4 hex digits a glyph). */
#define RUN_GLYPHS 4000
/* Digits after the point: coordinates to 1/1000 pt, where the pages render
 * pixel for pixel as when libharu wrote them (at 1/100 pt the rounding
 * moved some glyphs across a rasteriser's sub-pixel steps); colours to
 * 1/1000, which tells all 256 levels of a channel apart. */
#define XY_DEC 3
#define XY_SCALE 1000.0 /* 10^XY_DEC */
#define RGB_DEC 3
#define SIZE_DEC 4 /* font sizes and line widths: every glyph advance scales with them */

/* What the content stream has set so far, to skip redundant operators
 * and to merge consecutive lines and rectangles into one path painted once. */
typedef struct {
    kp_buf *b;
    long fill, stroke;       /* 0xRRGGBB, -1 before the first */
    double width;            /* -1 before the first */
    char path;               /* painting operator the open path waits for ('S', 'f'), 0 if none */
    int in_text;             /* inside BT .. ET */
    const kp_pdf_face *font; /* font and size selected (text state lasts the page) */
    double size;
    long tx, ty;   /* start of the current text line, in 1/XY_SCALE pt */
    unsigned used; /* bit i: the page shows text in fl->v[i] */
} pen;

static void put_xy(kp_buf *b, double x, double y)
{
    kp_buf_fixed(b, x, XY_DEC);
    kp_buf_put(b, " ", 1);
    kp_buf_fixed(b, y, XY_DEC);
    kp_buf_put(b, " ", 1);
}

static void put_rgb(kp_buf *b, uint32_t rgb, const char *op)
{
    for (int shift = 16; shift >= 0; shift -= 8) {
        kp_buf_fixed(b, (double)((rgb >> shift) & 0xFF) / 255.0, RGB_DEC);
        kp_buf_put(b, " ", 1);
    }
    kp_buf_str(b, op);
}

/* Paints the open path, if any. */
static void end_path(pen *p)
{
    if (p->path)
        kp_buf_put(p->b, p->path == 'S' ? "S\n" : "f\n", 2);
    p->path = 0;
}

static void end_text(pen *p)
{
    if (p->in_text)
        kp_buf_str(p->b, "ET\n");
    p->in_text = 0;
}

/* Graphics state may change inside a text object, but not while a path
 * waits to be painted: the painting operator uses the state it finds. */
static void set_fill(pen *p, uint32_t rgb)
{
    if (p->fill == (long)rgb)
        return;
    end_path(p);
    p->fill = (long)rgb;
    put_rgb(p->b, rgb, "rg\n");
}

static void set_stroke(pen *p, uint32_t rgb, double width)
{
    if (p->stroke != (long)rgb) {
        end_path(p);
        p->stroke = (long)rgb;
        put_rgb(p->b, rgb, "RG\n");
    }
    if (p->width != width) {
        end_path(p);
        p->width = width;
        kp_buf_fixed(p->b, width, SIZE_DEC);
        kp_buf_str(p->b, " w\n");
    }
}

/* Continues the open path when it is painted the same way. */
static void begin_path(pen *p, char paint)
{
    end_text(p);
    if (p->path != paint)
        end_path(p);
    p->path = paint;
}

static void draw_line(pen *p, const kp_op *op)
{
    end_text(p);
    set_stroke(p, op->rgb, op->size);
    begin_path(p, 'S');
    put_xy(p->b, op->x, op->y);
    kp_buf_put(p->b, "m ", 2);
    put_xy(p->b, op->x2, op->y2);
    kp_buf_put(p->b, "l\n", 2);
}

/* Filled when asked to, or when there is no stroke width to draw with. */
static void draw_rect(pen *p, const kp_op *op)
{
    int fill = op->fill || op->size == 0;
    end_text(p);
    if (fill)
        set_fill(p, op->rgb);
    else
        set_stroke(p, op->rgb, op->size);
    begin_path(p, fill ? 'f' : 'S');
    put_xy(p->b, op->x, op->y);
    put_xy(p->b, op->x2, op->y2);
    kp_buf_put(p->b, "re\n", 3);
}

/* A stretch of one text op set in one face, written as one Tj. */
typedef struct {
    pen *p;
    const kp_op *op;
    const kp_pdf_faces *fl;
    const kp_pdf_face *face; /* face of the pending glyphs */
    double x0;               /* where they start */
    size_t n;
    char hex[4 * RUN_GLYPHS];
} text_run;

/* A run of turned text: its own text matrix (the run's offset along the
 * turned baseline), then back to the identity so later Td moves stay level. */
static void turned_run(text_run *r)
{
    pen *p = r->p;
    kp_buf *b = p->b;
    double along = r->x0 - r->op->x, t = r->op->turn;
    double x = r->op->x, y = r->op->y + t * along;
    kp_buf_str(b, t > 0 ? "0 1 -1 0 " : "0 -1 1 0 ");
    kp_buf_fixed(b, x, XY_DEC);
    kp_buf_put(b, " ", 1);
    kp_buf_fixed(b, y, XY_DEC);
    kp_buf_str(b, " Tm\n<");
    kp_buf_put(b, r->hex, 4 * r->n);
    kp_buf_str(b, "> Tj\n1 0 0 1 0 0 Tm\n");
    p->tx = p->ty = 0;
    p->used |= 1u << (r->face - r->fl->v);
    r->n = 0;
}

static void flush_run(text_run *r)
{
    if (r->n == 0)
        return;
    pen *p = r->p;
    kp_buf *b = p->b;
    if (p->font != r->face || p->size != r->op->size) {
        p->font = r->face;
        p->size = r->op->size;
        kp_buf_put(b, "/", 1);
        kp_buf_str(b, r->face->res);
        kp_buf_put(b, " ", 1);
        kp_buf_fixed(b, r->op->size, SIZE_DEC);
        kp_buf_str(b, " Tf\n");
    }
    if (r->op->turn) {
        turned_run(r);
        return;
    }
    /* Td moves relative to the line start: both ends rounded first, so
     * that the moves add up to exactly the rounded position. */
    long x = lround(r->x0 * XY_SCALE), y = lround(r->op->y * XY_SCALE);
    kp_buf_fixed(b, (double)(x - p->tx) / XY_SCALE, XY_DEC);
    kp_buf_put(b, " ", 1);
    kp_buf_fixed(b, (double)(y - p->ty) / XY_SCALE, XY_DEC);
    kp_buf_str(b, " Td\n<");
    p->tx = x;
    p->ty = y;
    kp_buf_put(b, r->hex, 4 * r->n);
    kp_buf_str(b, "> Tj\n");
    p->used |= 1u << (r->face - r->fl->v);
    r->n = 0;
}

/* Queues cp at x (as its face's CID), starting a new run at each change
 * of face so that every run is placed where the layout measured it. */
static void add_char(text_run *r, uint32_t cp, double *x)
{
    static const char hex[] = "0123456789ABCDEF";
    if (kp_cp_invisible(cp)) /* measured 0 wide too */
        return;
    int k = kp_chain_pick(r->op->chain, cp);
    if (k < 0) { /* drawn as nothing, but it keeps the 1 em it measured */
        *x += r->op->size;
        flush_run(r);
        return;
    }
    const kp_face *f = r->op->chain->faces[k];
    const kp_pdf_face *uf = kp_pdf_find_face(r->fl, f);
    if (uf != r->face || r->n >= RUN_GLYPHS)
        flush_run(r);
    if (r->n == 0) {
        r->face = uf;
        r->x0 = *x;
    }
    unsigned cid = hb_map_get(uf->cid, cp);
    char *h = r->hex + 4 * r->n++;
    h[0] = hex[(cid >> 12) & 15];
    h[1] = hex[(cid >> 8) & 15];
    h[2] = hex[(cid >> 4) & 15];
    h[3] = hex[cid & 15];
    *x += kp_face_advance(f, cp) * r->op->size / 1000.0;
}

static void draw_text(pen *p, const kp_op *op, const kp_pdf_faces *fl, text_run *r)
{
    size_t len = strlen(op->text), i = 0;
    double x = op->x;
    if (len == 0)
        return;
    end_path(p);
    if (!p->in_text) {
        kp_buf_str(p->b, "BT\n");
        p->in_text = 1;
        p->tx = p->ty = 0; /* BT resets the text matrices, not Tf: font and size carry over */
    }
    set_fill(p, op->rgb);
    r->p = p;
    r->op = op;
    r->fl = fl;
    r->face = NULL;
    r->n = 0;
    while (i < len)
        add_char(r, kp_utf8_next(op->text, len, &i), &x);
    flush_run(r);
}

/* The fonts the page shows, by the names its content stream uses. */
static HPDF_STATUS add_fonts(HPDF_Page page, const kp_pdf_faces *fl, unsigned used)
{
    if (!used)
        return HPDF_OK;
    HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
    HPDF_Dict fonts = res ? HPDF_Dict_New(page->mmgr) : NULL;
    if (!fonts)
        return HPDF_INVALID_OBJECT;
    HPDF_STATUS st = HPDF_Dict_Add(res, "Font", fonts);
    for (size_t i = 0; i < fl->n && st == HPDF_OK; i++)
        if (used & (1u << i))
            st = HPDF_Dict_Add(fonts, fl->v[i].res, fl->v[i].font);
    return st;
}

/* A PNG as an image XObject of the page, white left unpainted by a
 * colour-key mask (no soft mask: PDF/A-1b). */
static HPDF_STATUS draw_image(kp_pdf_ctx *w, pen *p, const kp_op *op, HPDF_Page page)
{
    HPDF_Image im = HPDF_LoadPngImageFromFile(w->pdf, op->text);
    if (!im)
        return HPDF_GetError(w->pdf) ? HPDF_GetError(w->pdf) : HPDF_INVALID_IMAGE;
    HPDF_STATUS st =
        HPDF_Image_GetColorSpace(im) && !strcmp(HPDF_Image_GetColorSpace(im), "DeviceRGB")
            ? HPDF_Image_SetColorMask(im, 235, 255, 235, 255, 235, 255)
            : HPDF_Image_SetColorMask(im, 235, 255, 0, 0, 0, 0);
    const char *name = st == HPDF_OK ? HPDF_Page_GetXObjectName(page, im) : NULL;
    if (!name)
        return st ? st : HPDF_INVALID_IMAGE;
    end_path(p);
    end_text(p);
    kp_buf_str(p->b, "q\n");
    kp_buf_fixed(p->b, op->x2, XY_DEC);
    kp_buf_str(p->b, " 0 0 ");
    kp_buf_fixed(p->b, op->y2, XY_DEC);
    kp_buf_put(p->b, " ", 1);
    kp_buf_fixed(p->b, op->x, XY_DEC);
    kp_buf_put(p->b, " ", 1);
    kp_buf_fixed(p->b, op->y, XY_DEC);
    kp_buf_str(p->b, " cm\n/");
    kp_buf_str(p->b, name);
    kp_buf_str(p->b, " Do\nQ\n");
    p->fill = p->stroke = -1; /* Q restored the colours set before q: set them again */
    p->width = -1;
    return HPDF_OK;
}

static kp_err draw_page(kp_pdf_ctx *w, const kp_page *kp, HPDF_Page page, const kp_pdf_faces *fl,
                        kp_buf *b, text_run *r)
{
    pen p = {.b = b, .fill = -1, .stroke = -1, .width = -1};
    b->n = 0;
    for (size_t k = 0; k < kp->n; k++) {
        const kp_op *op = &kp->ops[k];
        if (op->kind == KP_OP_TEXT)
            draw_text(&p, op, fl, r);
        else if (op->kind == KP_OP_LINE)
            draw_line(&p, op);
        else if (op->kind == KP_OP_RECT)
            draw_rect(&p, op);
        else if (op->kind == KP_OP_IMAGE && draw_image(w, &p, op, page) != HPDF_OK)
            return kp_pdf_check(w,
                                HPDF_GetError(w->pdf) ? HPDF_GetError(w->pdf) : HPDF_INVALID_IMAGE,
                                "placing the seal image");
    }
    end_path(&p);
    end_text(&p);
    HPDF_PageAttr attr = page->attr;
    HPDF_STATUS st = HPDF_Page_SetWidth(page, (float)kp->width);
    if (st == HPDF_OK)
        st = HPDF_Page_SetHeight(page, (float)kp->height);
    if (st == HPDF_OK)
        st = kp_pdf_fill_stream(w, attr->contents, b->p, b->n, KP_Z_TEXT);
    if (st == HPDF_OK)
        st = add_fonts(page, fl, p.used);
    return kp_pdf_check(w, st, "drawing a page");
}

kp_err kp_pdf_draw_pages(kp_pdf_ctx *w, const kp_doc *doc, const kp_pdf_faces *fl, HPDF_Page *pages)
{
    if (fl->n > 8 * sizeof(unsigned))
        return kp_pdf_check(w, HPDF_INVALID_PARAMETER, "drawing with more than 32 fonts");
    kp_buf b = {0};
    text_run *r = kp_xmalloc(sizeof *r);
    kp_err err = KP_OK;
    for (size_t i = 0; i < doc->n && err == KP_OK; i++) {
        pages[i] = HPDF_AddPage(w->pdf);
        err = kp_pdf_check(w, kp_pdf_status(w, pages[i]), "adding a page");
        if (err == KP_OK)
            err = draw_page(w, &doc->pages[i], pages[i], fl, &b, r);
    }
    free(r);
    kp_buf_free(&b);
    return err;
}
