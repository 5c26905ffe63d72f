/* kp_ofd_page.c - one page of the display list as an OFD Content.xml: text and path objects. */
#include "kp_ofd_int.h"
#include "../pdf/kp_utf8.h"

#include <math.h>
#include <string.h>

/* Characters per TextCode before a new one starts (keeps each object small). */
#define RUN_CHARS 512

/* The page being written: its height (to turn y upwards into y downwards),
 * the buffer and the next unit ID. */
typedef struct {
    kp_ofd_buf *b;
    const kp_ofd_fonts *fl;
    double height; /* pt */
    unsigned *id;
} page_ctx;

/* A stretch of one text op set in one face: one TextObject. */
typedef struct {
    const kp_face *face;
    double x0; /* pt, where the PDF starts it */
    char text[RUN_CHARS * 4 + 1];
    size_t len;            /* bytes in text */
    double adv[RUN_CHARS]; /* advances in mm */
    size_t n;
} text_run;

/* Lengths as the PDF writes them: positions to 1/1000 pt, sizes to 1/10000. */
static double pdf_xy(double v)
{
    return (double)lround(v * 1000.0) / 1000.0;
}

static double pdf_size(double v)
{
    return (double)lround(v * 10000.0) / 10000.0;
}

static void put_color(kp_ofd_buf *b, const char *el, uint32_t rgb)
{
    kp_ofd_printf(b, "<ofd:%s Value=\"%u %u %u\"/>", el, (unsigned)(rgb >> 16) & 255u,
                  (unsigned)(rgb >> 8) & 255u, (unsigned)rgb & 255u);
}

/* DeltaX with runs of equal values as "g count value", as the standard allows. */
static void put_deltas(kp_ofd_buf *b, const text_run *r)
{
    for (size_t i = 0; i + 1 < r->n;) {
        size_t j = i + 1;
        while (j + 1 < r->n && llround(r->adv[j] * 1e4) == llround(r->adv[i] * 1e4))
            j++;
        if (i)
            kp_ofd_put(b, " ", 1);
        if (j - i > 1)
            kp_ofd_printf(b, "g %zu ", j - i);
        kp_ofd_mm(b, r->adv[i]);
        i = j;
    }
}

static void flush_run(page_ctx *c, const kp_op *op, text_run *r)
{
    if (r->n == 0)
        return;
    kp_ofd_buf *b = c->b;
    double size = KP_OFD_MM(pdf_size(op->size)), width = 0;
    for (size_t i = 0; i < r->n; i++)
        width += r->adv[i];
    double x = KP_OFD_MM(pdf_xy(r->x0)), base = KP_OFD_MM(c->height - pdf_xy(op->y));
    /* The box reaches 1.2 em above and 0.4 em below the baseline: every glyph fits. */
    kp_ofd_printf(b, "<ofd:TextObject ID=\"%u\" Boundary=\"", (*c->id)++);
    kp_ofd_mm(b, x);
    kp_ofd_put(b, " ", 1);
    kp_ofd_mm(b, base - 1.2 * size);
    kp_ofd_put(b, " ", 1);
    kp_ofd_mm(b, width + size);
    kp_ofd_put(b, " ", 1);
    kp_ofd_mm(b, 1.6 * size);
    kp_ofd_printf(b, "\" Font=\"%d\" Size=\"", kp_ofd_font_id(c->fl, r->face));
    kp_ofd_mm(b, size);
    kp_ofd_str(b, "\">");
    put_color(b, "FillColor", op->rgb);
    kp_ofd_str(b, "<ofd:TextCode X=\"0\" Y=\"");
    kp_ofd_mm(b, 1.2 * size);
    kp_ofd_put(b, "\"", 1);
    if (r->n > 1) {
        kp_ofd_str(b, " DeltaX=\"");
        put_deltas(b, r);
        kp_ofd_put(b, "\"", 1);
    }
    kp_ofd_put(b, ">", 1);
    kp_ofd_esc(b, r->text);
    kp_ofd_str(b, "</ofd:TextCode></ofd:TextObject>\n");
    r->n = r->len = 0;
}

/* Queues the character cp at *x, in the face the PDF sets it in. */
static void add_char(page_ctx *c, const kp_op *op, text_run *r, uint32_t cp, double *x)
{
    int k = kp_chain_pick(op->chain, cp);
    if (k < 0) { /* drawn as nothing, but it keeps the 1 em it measured */
        flush_run(c, op, r);
        *x += op->size;
        return;
    }
    const kp_face *f = op->chain->faces[k];
    if (f != r->face || r->n >= RUN_CHARS)
        flush_run(c, op, r);
    if (r->n == 0) {
        r->face = f;
        r->x0 = *x;
    }
    double adv = kp_face_advance(f, cp) * op->size / 1000.0;
    r->len += kp_utf8_encode(cp, r->text + r->len); /* malformed input: U+FFFD, as the PDF */
    r->text[r->len] = '\0';
    r->adv[r->n++] = KP_OFD_MM(kp_face_advance(f, cp) * pdf_size(op->size) / 1000.0);
    *x += adv;
}

static void draw_text(page_ctx *c, const kp_op *op, text_run *r)
{
    size_t len = strlen(op->text), i = 0;
    double x = op->x;
    r->face = NULL;
    r->n = r->len = 0;
    while (i < len)
        add_char(c, op, r, kp_utf8_next(op->text, len, &i), &x);
    flush_run(c, op, r);
}

/* How an op paints: 'S' stroke, 'f' fill; ops painted alike share one PathObject. */
static char paint_of(const kp_op *op)
{
    return op->kind == KP_OP_RECT && (op->fill || op->size == 0) ? 'f' : 'S';
}

static int same_paint(const kp_op *a, const kp_op *b)
{
    return b->kind != KP_OP_TEXT && paint_of(a) == paint_of(b) && a->rgb == b->rgb &&
           (paint_of(a) == 'f' || a->size == b->size);
}

static void put_point(page_ctx *c, const char *cmd, double x, double y)
{
    kp_ofd_str(c->b, cmd);
    kp_ofd_mm(c->b, KP_OFD_MM(pdf_xy(x)));
    kp_ofd_put(c->b, " ", 1);
    kp_ofd_mm(c->b, KP_OFD_MM(c->height - pdf_xy(y)));
}

static void put_shape(page_ctx *c, const kp_op *op)
{
    if (op->kind == KP_OP_LINE) {
        put_point(c, "M ", op->x, op->y);
        put_point(c, " L ", op->x2, op->y2);
    } else {
        put_point(c, "M ", op->x, op->y);
        put_point(c, " L ", op->x + op->x2, op->y);
        put_point(c, " L ", op->x + op->x2, op->y + op->y2);
        put_point(c, " L ", op->x, op->y + op->y2);
        kp_ofd_str(c->b, " C");
    }
}

/* Writes ops[0..] painted alike as one PathObject; returns how many it took. */
static size_t draw_paths(page_ctx *c, const kp_op *ops, size_t n, const kp_page *pg)
{
    kp_ofd_buf *b = c->b;
    char paint = paint_of(&ops[0]);
    kp_ofd_printf(b, "<ofd:PathObject ID=\"%u\" Boundary=\"0 0 ", (*c->id)++);
    kp_ofd_mm(b, KP_OFD_MM(pg->width));
    kp_ofd_put(b, " ", 1);
    kp_ofd_mm(b, KP_OFD_MM(pg->height));
    kp_ofd_put(b, "\"", 1);
    if (paint == 'S') {
        kp_ofd_str(b, " LineWidth=\"");
        kp_ofd_mm(b, KP_OFD_MM(pdf_size(ops[0].size)));
        kp_ofd_str(b, "\">");
        put_color(b, "StrokeColor", ops[0].rgb);
    } else {
        kp_ofd_str(b, " Stroke=\"false\" Fill=\"true\">");
        put_color(b, "FillColor", ops[0].rgb);
    }
    kp_ofd_str(b, "<ofd:AbbreviatedData>");
    size_t k = 0;
    do {
        if (k)
            kp_ofd_put(b, " ", 1);
        put_shape(c, &ops[k++]);
    } while (k < n && same_paint(&ops[0], &ops[k]));
    kp_ofd_str(b, "</ofd:AbbreviatedData></ofd:PathObject>\n");
    return k;
}

static void put_area(kp_ofd_buf *b, const kp_page *pg)
{
    kp_ofd_str(b, "<ofd:Area><ofd:PhysicalBox>0 0 ");
    kp_ofd_mm(b, KP_OFD_MM(pg->width));
    kp_ofd_put(b, " ", 1);
    kp_ofd_mm(b, KP_OFD_MM(pg->height));
    kp_ofd_str(b, "</ofd:PhysicalBox></ofd:Area>\n");
}

void kp_ofd_page(kp_ofd_buf *b, const kp_page *pg, const kp_page *first, const kp_ofd_fonts *fl,
                 unsigned *next_id)
{
    static _Thread_local text_run run; /* 14 KB: kept off small thread stacks */
    page_ctx c = {b, fl, pg->height, next_id};
    kp_ofd_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page " KP_OFD_NS ">\n");
    if (pg->width != first->width || pg->height != first->height)
        put_area(b, pg);
    kp_ofd_printf(b, "<ofd:Content><ofd:Layer ID=\"%u\">\n", (*next_id)++);
    for (size_t k = 0; k < pg->n;) {
        const kp_op *op = &pg->ops[k];
        if (op->kind == KP_OP_TEXT) {
            if (op->text[0])
                draw_text(&c, op, &run);
            k++;
        } else {
            k += draw_paths(&c, op, pg->n - k, pg);
        }
    }
    kp_ofd_str(b, "</ofd:Layer></ofd:Content>\n</ofd:Page>\n");
}
