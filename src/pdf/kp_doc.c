/* kp_doc.c - the display list a layout fills and kp_pdf_write() reads. */
#include "kp_pdf.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../base/kp_vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for element n of arr (reallocated when full, *cap then updated). */
static void *reserve(void *arr, size_t n, size_t *cap, size_t elem)
{
    return kp_vec_room(arr, n, cap, elem, 8);
}

void kp_doc_init(kp_doc *doc)
{
    memset(doc, 0, sizeof *doc);
}

void kp_doc_clear_pages(kp_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++) {
        kp_page *p = &doc->pages[i];
        for (size_t k = 0; k < p->n; k++)
            free(p->ops[k].text);
        free(p->ops);
    }
    doc->n = 0;
    for (size_t i = 0; i < doc->nmarks; i++)
        free(doc->marks[i].title);
    doc->nmarks = 0;
}

void kp_doc_free(kp_doc *doc)
{
    kp_doc_clear_pages(doc);
    free(doc->pages);
    free(doc->marks);
    free(doc->title);
    free(doc->author);
    free(doc->subject);
    free(doc->keywords);
    free(doc->creator);
    kp_doc_init(doc);
}

kp_page *kp_doc_add_page(kp_doc *doc, double width, double height)
{
    kp_page *pages = reserve(doc->pages, doc->n, &doc->cap, sizeof *pages);
    doc->pages = pages;
    kp_page *p = &pages[doc->n++];
    memset(p, 0, sizeof *p);
    p->width = width;
    p->height = height;
    return p;
}

/* Replaces *field by a copy of s, leaving it untouched when s is NULL. */
static void set_field(char **field, const char *s)
{
    if (!s)
        return;
    char *c = kp_xstrdup(s);
    free(*field);
    *field = c;
}

void kp_doc_set_info(kp_doc *doc, const char *title, const char *author, const char *subject,
                     const char *keywords, const char *creator)
{
    set_field(&doc->title, title);
    set_field(&doc->author, author);
    set_field(&doc->subject, subject);
    set_field(&doc->keywords, keywords);
    set_field(&doc->creator, creator);
}

/* Appends a zeroed op of `kind`. */
static kp_op *add_op(kp_page *p, kp_op_kind kind)
{
    kp_op *ops = reserve(p->ops, p->n, &p->cap, sizeof *ops);
    p->ops = ops;
    kp_op *op = &ops[p->n++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    return op;
}

void kp_page_text(kp_page *p, const kp_chain *c, double x, double y, double size, uint32_t rgb,
                  const char *utf8)
{
    kp_op *op = add_op(p, KP_OP_TEXT);
    char *text = kp_xstrdup(utf8);
    op->x = x;
    op->y = y;
    op->size = size;
    op->rgb = rgb;
    op->chain = c;
    op->text = text;
}

void kp_page_image(kp_page *p, const char *png, double x, double y, double w, double h)
{
    kp_op *op = add_op(p, KP_OP_IMAGE);
    op->x = x, op->y = y, op->x2 = w, op->y2 = h;
    op->text = kp_xstrdup(png);
}

static unsigned be32(const unsigned char *b)
{
    return (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3];
}

int kp_png_probe(const char *path, unsigned *width, unsigned *height, const char **why)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char b[33];
    FILE *fp = fopen(path, "rb");
    *why = N_("cannot be read");
    if (!fp)
        return -1;
    int ok =
        fread(b, 1, sizeof b, fp) == sizeof b && !memcmp(b, sig, 8) && !memcmp(b + 12, "IHDR", 4);
    *why = N_("is not a PNG file");
    if (ok) {
        *width = be32(b + 16), *height = be32(b + 20);
        if (b[24] != 8 || b[25] == 4 || b[25] == 6) {
            *why = b[24] != 8 ? N_("is not 8 bits per sample (PDF/A-1b, PDF 1.4)")
                              : N_("has an alpha channel, a transparency PDF/A-1b forbids: flatten "
                                   "it onto white");
            ok = 0;
        }
    }
    /* Chunks up to the image data: a tRNS chunk is transparency too. */
    for (unsigned char h[8]; ok && fread(h, 1, 8, fp) == 8;) {
        if (!memcmp(h + 4, "tRNS", 4)) {
            *why = N_("has a tRNS transparency, which PDF/A-1b forbids: flatten it onto white");
            ok = 0;
        }
        if (!memcmp(h + 4, "IDAT", 4) || fseek(fp, (long)be32(h) + 4, SEEK_CUR) != 0)
            break;
    }
    fclose(fp);
    if (ok && (!*width || !*height)) {
        *why = N_("has no pixels");
        ok = 0;
    }
    return ok ? 0 : -1;
}

void kp_page_text_turned(kp_page *p, const kp_chain *c, double x, double y, double size,
                         uint32_t rgb, const char *utf8, int turn)
{
    kp_page_text(p, c, x, y, size, rgb, utf8);
    p->ops[p->n - 1].turn = turn > 0 ? 1 : turn < 0 ? -1 : 0;
}

void kp_page_line(kp_page *p, double x1, double y1, double x2, double y2, double width,
                  uint32_t rgb)
{
    kp_op *op = add_op(p, KP_OP_LINE);
    op->x = x1;
    op->y = y1;
    op->x2 = x2;
    op->y2 = y2;
    op->size = width;
    op->rgb = rgb;
}

void kp_page_rect(kp_page *p, double x, double y, double w, double h, double stroke, uint32_t rgb,
                  int fill)
{
    kp_op *op = add_op(p, KP_OP_RECT);
    op->x = x;
    op->y = y;
    op->x2 = w;
    op->y2 = h;
    op->size = stroke;
    op->rgb = rgb;
    op->fill = fill;
}

void kp_doc_bookmark(kp_doc *doc, const char *title, size_t page)
{
    doc->marks = reserve(doc->marks, doc->nmarks, &doc->capmarks, sizeof *doc->marks);
    doc->marks[doc->nmarks].title = kp_xstrdup(title);
    doc->marks[doc->nmarks].page = page;
    doc->nmarks++;
}
