/* kp_compose.c - flows layout blocks down the text block: text, rules, notices, colophon, forms. */
#include "kp_compose_int.h"
#include "../base/kp_mem.h"
#include "../pdf/kp_utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KP_LEADING(b) ((b)->leading > 0 ? (b)->leading : (b)->size * 1.81)

const kp_chain *kp_c_chain(composer *c, const char *role)
{
    const kp_chain *ch = role ? kp_fonts_role(c->fonts, role) : NULL;
    return ch ? ch : kp_fonts_role(c->fonts, "body");
}

double kp_c_em(const kp_chain *ch, double size)
{
    return kp_chain_width(ch, "\xE4\xB8\x80", 3, size);
}

/* Text block of a page. A landscape page is the portrait page turned so
 * that the table head faces the binding edge: its margins rotate with it. */
static void set_geometry(composer *c, double *w, double *h)
{
    const kp_layout *l = c->l;
    if (!c->landscape) {
        *w = l->page_w, *h = l->page_h;
        c->top = l->top, c->x0 = l->left, c->x1 = l->page_w - l->right;
        c->ybot = l->page_h - l->bottom;
    } else {
        *w = l->page_h, *h = l->page_w;
        c->top = l->left, c->x0 = l->bottom, c->x1 = l->page_h - l->top;
        c->ybot = l->page_w - l->right;
    }
}

void kp_c_new_page(composer *c)
{
    double w, h;
    set_geometry(c, &w, &h);
    c->page = kp_doc_add_page(c->doc, w, h);
    c->y = c->top;
    c->overflow = 1;
}

void kp_c_need(composer *c, double h)
{
    if (c->y + h > c->ybot + 0.01 && c->y > c->top + 0.01)
        kp_c_new_page(c);
}

/* The block's bookmark points at the page of its first mark. */
static void touch(composer *c)
{
    if (c->mark[0]) {
        kp_doc_bookmark(c->doc, c->mark, c->doc->n - 1);
        c->mark[0] = '\0';
    }
}

void kp_c_text(composer *c, const kp_chain *ch, double x, double top, double size, uint32_t rgb,
               const char *s, size_t len)
{
    if (!len)
        return;
    touch(c);
    char stack[512];
    char *tmp = len < sizeof stack ? stack : kp_xmalloc(len + 1);
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    double baseline = c->page->height - top - size * 0.88;
    kp_page_text(c->page, ch, x, baseline, size, rgb, tmp);
    if (tmp != stack)
        free(tmp);
}

void kp_c_line(composer *c, double x1, double y1, double x2, double y2, double w, uint32_t rgb)
{
    touch(c);
    double h = c->page->height;
    kp_page_line(c->page, x1, h - y1, x2, h - y2, w, rgb);
}

void kp_c_rect(composer *c, double x, double top, double w, double h, double stroke, uint32_t rgb,
               int fill)
{
    touch(c);
    kp_page_rect(c->page, x, c->page->height - top - h, w, h, stroke, rgb, fill);
}

void kp_c_check_glyphs(composer *c, const kp_chain *ch, const char *text, const char *who)
{
    size_t i = 0, len = strlen(text);
    while (i < len) {
        uint32_t cp = kp_utf8_next(text, len, &i);
        if (cp > ' ' && kp_chain_pick(ch, cp) < 0) {
            kp_warn(c->l->path, 0,
                    "%s: character U+%04X in '%s' is in no configured font "
                    "(see fonts/fonts.ini)",
                    who, (unsigned)cp, text);
            return;
        }
    }
}

/* Gaps that take a justified line's extra space: next to a Chinese
 * character or after a blank, so that numbers and words stay whole. */
static int stretchable(uint32_t a, uint32_t b)
{
    return a >= 0x2E80 || b >= 0x2E80 || a == ' ';
}

/* One line spread to `target` points: runs between stretchable gaps are
 * set one by one, each gap widened by the same amount. */
static void justified(composer *c, const kp_chain *ch, double x, double top, double size,
                      uint32_t rgb, const char *s, size_t len, double width, double target)
{
    int gaps = 0;
    size_t i = 0;
    uint32_t prev = 0;
    while (i < len) {
        uint32_t cp = kp_utf8_next(s, len, &i);
        if (prev && stretchable(prev, cp))
            gaps++;
        prev = cp;
    }
    double extra = gaps ? (target - width) / gaps : 0;
    /* Past a tenth of an em a gap reads as a space ("元 ， 审 批"): such a line stays unjustified.
     */
    if (gaps == 0 || extra <= 0.01 || extra > size * 0.1) {
        kp_c_text(c, ch, x, top, size, rgb, s, len);
        return;
    }
    size_t run = 0;
    i = 0;
    prev = 0;
    double pos = x;
    while (i < len) {
        size_t at = i;
        uint32_t cp = kp_utf8_next(s, len, &i);
        if (prev && stretchable(prev, cp)) {
            kp_c_text(c, ch, pos, top, size, rgb, s + run, at - run);
            pos += kp_chain_width(ch, s + run, at - run, size) + extra;
            run = at;
        }
        prev = cp;
    }
    kp_c_text(c, ch, pos, top, size, rgb, s + run, len - run);
}

/* The narrowest width that keeps the same number of lines: a centred
 * title breaks into lines of about equal length (GB/T 9704 7.3.1). */
static double balanced_width(const kp_chain *ch, const char *text, double size, double width,
                             kp_line *lines, int max, int n)
{
    double lo = width / n, hi = width;
    for (int k = 0; k < 12; k++) {
        double mid = (lo + hi) / 2;
        if (kp_text_wrap(ch, text, size, mid, 0, lines, max) > n)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* Whether a paragraph of n lines, `fits` of which fit on this page, must start on the next
 * one: when it breaks here, fewer than two of its lines would stay, counting the line that
 * moves on so that its last is not alone at the next page's head (three lines with room for
 * two: one would stay, one line at the foot, so all three go). */
static int orphaned(int n, int fits)
{
    if (n < 2 || fits >= n)
        return 0;
    int stay = n - fits == 1 ? fits - 1 : fits;
    return stay < 2;
}

/* On the second pass, whether the body's last lines (two, or the one of a
 * one-line paragraph) must start a new page so that the signature shares
 * their page: GB/T 9704 has no page that holds only organ and date. */
static int tail_parted(const composer *c, int n, int i, double leading)
{
    if (c->block != c->tail || c->flow != c->tail_flow || i != (n >= 2 ? n - 2 : 0) ||
        c->y <= c->top + 0.01)
        return 0;
    return c->y + (n - i) * leading + c->tail_keep > c->ybot + 0.01;
}

void kp_c_flow(composer *c, const kp_block *b, const char *text, double indent, double indent_right,
               double hang)
{
    if (c->last_flow == c->block)
        c->flow++;
    else
        c->last_flow = c->block, c->flow = 0;
    const kp_chain *ch = kp_c_chain(c, b->role);
    kp_c_check_glyphs(c, ch, text, c->l->name);
    /* Room for every line the text can make (a line holds at least one byte of it): a
     * long paragraph is set whole, never cut at a fixed number of lines. */
    kp_line stack[KP_MAX_LINES];
    size_t need = strlen(text) + 2;
    int max = need <= KP_MAX_LINES ? KP_MAX_LINES : (int)need;
    kp_line *lines = max == KP_MAX_LINES ? stack : kp_xmalloc(sizeof *lines * need);
    double size = b->size;
    double width = c->x1 - c->x0 - indent_right - hang;
    double first = (b->align == KP_AL_CENTER ? 0 : indent) - hang;
    if (b->type == KP_B_LETTERHEAD) {
        /* The organ's name stays on one line: shrink it to the block. */
        double w = kp_chain_width(ch, text, strlen(text), size);
        if (w > width)
            size = floor(size * width / w * 2) / 2;
    }
    int n = kp_text_wrap(ch, text, size, width, first, lines, max);
    if (n > 1 && b->align == KP_AL_CENTER) {
        width = balanced_width(ch, text, size, width, lines, max, n);
        n = kp_text_wrap(ch, text, size, width, first, lines, max);
    }
    double leading = b->leading > 0 ? b->leading : size * 1.81;
    uint32_t rgb = b->has_color ? b->color : KP_BLACK;
    double full = c->x1 - c->x0 - indent_right;
    for (int i = 0; i < n; i++) {
        /* Lines that fit on this page; neither a paragraph's first line
         * alone at the foot of a page nor its last alone at the head. */
        int fits = (int)floor((c->ybot + 0.01 - c->y) / leading);
        int lonely = c->y > c->top + 0.01 &&
                     ((i == 0 && orphaned(n, fits)) || (fits == 1 && i == n - 2 && n >= 3));
        if (fits < 1 || lonely || tail_parted(c, n, i, leading))
            kp_c_new_page(c);
        double x = c->x0 + hang + (i == 0 ? first : 0);
        double avail = width - (i == 0 ? first : 0);
        if (b->align == KP_AL_CENTER)
            x = c->x0 + (full - lines[i].width) / 2;
        else if (b->align == KP_AL_RIGHT)
            x = c->x0 + full - lines[i].width;
        double top = c->y + (leading - size) / 2;
        const char *s = text + lines[i].start;
        if (b->align == KP_AL_JUSTIFY && !lines[i].hard)
            justified(c, ch, x, top, size, rgb, s, lines[i].len, lines[i].width, avail);
        else
            kp_c_text(c, ch, x, top, size, rgb, s, lines[i].len);
        c->y += leading;
    }
    if (lines != stack)
        free(lines);
}

static void block_text(composer *c, const kp_block *b)
{
    const kp_run_docnumber *own = b->name ? kp_run_text_of(c->s->run, c->l->name, b->name) : NULL;
    char *text = kp_compose_text(c->s, own ? own->value : b->text, NULL);
    if (text[0]) { /* an empty placeholder drops its block, e.g. no docnumber */
        const kp_chain *ch = kp_c_chain(c, b->role);
        kp_c_flow(c, b, text, b->indent_chars * kp_c_em(ch, b->size), 0, 0);
    }
    free(text);
}

static void block_rule(composer *c, const kp_block *b)
{
    kp_c_line(c, c->x0, c->y, c->x1, c->y, b->rule_width, b->has_color ? b->color : KP_BLACK);
    c->y += b->rule_width;
}

/* The blank under the body before the organ's name: one line (GB/T 9704
 * 7.3.5.2), of which the block's space-before is already taken. */
static double signature_gap(const kp_block *b)
{
    double line = KP_LEADING(b);
    return b->space_before < line ? line - b->space_before : 0;
}

#define KP_SEAL_MM 42.0 /* an organ's round seal, 4.2 cm across */

/* The seal's box (points), from the PNG's proportions; 0 without a seal. */
static double seal_height(const kp_run *run, double *width)
{
    unsigned pw, ph;
    const char *why;
    *width = 0;
    if (!run->seal || kp_png_probe(run->seal, &pw, &ph, &why) != 0)
        return 0;
    *width = KP_MM(KP_SEAL_MM);
    return *width * ph / pw;
}

/* With a seal, the organ's line starts so that organ and date sit a little
 * below the seal's centre (GB/T 9704 7.3.5.1); the seal's top is the top. */
static double seal_lead(double seal_h, double leading)
{
    double lead = seal_h / 2 - 0.6 * leading;
    return lead > 0 ? lead : 0;
}

/* Room the signature needs below the body's last line, its space-before included. */
static double signature_height(const composer *c, const kp_block *b)
{
    double sw, sh = seal_height(c->s->run, &sw), leading = KP_LEADING(b);
    if (sh > 0)
        return b->space_before + fmax(sh, seal_lead(sh, leading) + 2 * leading);
    return b->space_before + signature_gap(b) + 2 * leading;
}

/* Organ and date with the seal (GB/T 9704 7.3.5.1): the date four
 * characters in from the right, the organ centred over it, the seal
 * centred on them, its top at the body's last line, pressed over both. */
static void sealed_signature(composer *c, const kp_block *b, const char *org, const char *date)
{
    const kp_chain *ch = kp_c_chain(c, b->role);
    double em = kp_c_em(ch, b->size), leading = KP_LEADING(b);
    double sw, sh = seal_height(c->s->run, &sw);
    if (c->y + fmax(sh, seal_lead(sh, leading) + 2 * leading) > c->ybot + 0.01) {
        c->sig_alone = 1;
        kp_c_new_page(c);
    }
    double top = c->y, y = top + seal_lead(sh, leading);
    double dw = kp_chain_width(ch, date, strlen(date), b->size);
    double ow = kp_chain_width(ch, org, strlen(org), b->size);
    double dx = c->x1 - 4 * em - dw, ox = fmax(c->x0, fmin(dx + dw / 2 - ow / 2, c->x1 - ow));
    kp_c_check_glyphs(c, ch, org, "signature");
    kp_c_text(c, ch, ox, y + (leading - b->size) / 2, b->size, KP_BLACK, org, strlen(org));
    kp_c_text(c, ch, dx, y + leading + (leading - b->size) / 2, b->size, KP_BLACK, date,
              strlen(date));
    double cx = dx + dw / 2;
    kp_page_image(c->page, c->s->run->seal, cx - sw / 2, c->page->height - top - sh, sw, sh);
    c->y = fmax(top + sh, y + 2 * leading);
}

/* Organ and date without a seal (GB/T 9704 7.3.5.2): the organ's name
 * `indent-right` characters in from the right, the date on the next line
 * starting two characters right of the name; a date longer than that
 * keeps the indent itself and pushes the name left. The body's last lines
 * share the page: a first pass that finds no room sets sig_alone, and
 * kp_compose() composes again, carrying those lines over. */
static void block_signature(composer *c, const kp_block *b)
{
    const kp_run *run = c->s->run;
    const kp_chain *ch = kp_c_chain(c, b->role);
    double em = kp_c_em(ch, b->size);
    double leading = KP_LEADING(b);
    char date[64];
    kp_text_date_cn(run->date, date, sizeof date);
    const char *org = run->authority_short[0] ? run->authority_short : run->authority;
    if (!org[0] && !date[0])
        return;
    double sw;
    if (seal_height(run, &sw) > 0) {
        sealed_signature(c, b, org, date);
        return;
    }
    double gap = signature_gap(b);
    if (c->y + gap + 2 * leading > c->ybot + 0.01) {
        c->sig_alone = 1;
        kp_c_new_page(c);
    } else
        c->y += gap;
    double dw = kp_chain_width(ch, date, strlen(date), b->size);
    double ow = kp_chain_width(ch, org, strlen(org), b->size);
    double right = c->x1 - b->indent_right_chars * em;
    double ox = right - ow, dx = ox + 2 * em;
    if (dx + dw > right) {
        dx = right - dw;
        ox = dx - 2 * em;
    }
    if (ox < c->x0)
        ox = c->x0;
    kp_c_check_glyphs(c, ch, org, "signature");
    kp_c_text(c, ch, ox, c->y + (leading - b->size) / 2, b->size, KP_BLACK, org, strlen(org));
    c->y += leading;
    kp_c_text(c, ch, dx, c->y + (leading - b->size) / 2, b->size, KP_BLACK, date, strlen(date));
    c->y += leading;
}

static const char *const cn_digits[] = {"零", "一", "二", "三", "四", "五",
                                        "六", "七", "八", "九", "十"};

/* 1 -> 一, 12 -> 十二, 21 -> 二十一 (heading numbers up to 99). */
static void cn_number(int n, char *buf, size_t size)
{
    if (n <= 10)
        snprintf(buf, size, "%s", cn_digits[n]);
    else if (n < 20)
        snprintf(buf, size, "十%s", cn_digits[n % 10]);
    else
        snprintf(buf, size, "%s十%s", cn_digits[n / 10 % 10], n % 10 ? cn_digits[n % 10] : "");
}

/* Replaces {n} in tmpl with n, into buf. */
static void with_count(const char *tmpl, int n, char *buf, size_t size)
{
    const char *p = strstr(tmpl, "{n}");
    if (!p)
        snprintf(buf, size, "%s", tmpl);
    else
        snprintf(buf, size, "%.*s%d%s", (int)(p - tmpl), tmpl, n, p + 3);
}

/* The run's notices by type, a heading per group (一、…) and a numbered
 * paragraph per notice; the order is the layout's. */
static void block_notices(composer *c, const kp_block *b)
{
    const kp_results *r = c->s->r;
    int listed[KP_N_COUNT] = {0};
    for (int g = 0; g < b->nitems; g++)
        for (int t = 0; t < KP_N_COUNT; t++)
            if (b->items[g].key && !strcmp(b->items[g].key, kp_notice_type_name((kp_notice_type)t)))
                listed[t] = 1;
    kp_block head = *b, item = *b;
    head.role = b->head_role ? b->head_role : b->role;
    head.align = KP_AL_LEFT;
    item.align = KP_AL_JUSTIFY;
    const kp_chain *ch = kp_c_chain(c, b->role);
    double em = kp_c_em(ch, b->size);
    int heading = 0;
    for (int g = 0; g <= b->nitems; g++) {
        int count = 0;
        for (size_t i = 0; i < r->nnotices; i++) {
            const char *tn = kp_notice_type_name(r->notices[i].type);
            count += g < b->nitems ? !strcmp(tn, b->items[g].key) : !listed[r->notices[i].type];
        }
        if (!count)
            continue;
        char num[16], title[512], line[1200];
        cn_number(++heading, num, sizeof num);
        with_count(g < b->nitems ? b->items[g].label
                   : b->label    ? b->label
                                 : "其他",
                   count, title, sizeof title);
        snprintf(line, sizeof line, "%s、%s", num, title);
        kp_c_need(c, 3 * KP_LEADING(b));
        kp_c_flow(c, &head, line, 2 * em, 0, 0);
        int k = 0;
        for (size_t i = 0; i < r->nnotices; i++) {
            const kp_notice *nt = &r->notices[i];
            const char *tn = kp_notice_type_name(nt->type);
            if (g < b->nitems ? strcmp(tn, b->items[g].key) != 0 : listed[nt->type])
                continue;
            char text[1024];
            kp_notice_sentence(r, nt, text, sizeof text);
            /* A notice is a sentence: it ends with a full stop ("（应由…审批）"
             * closes an aside, not the sentence; "…。）" does). */
            size_t tl = strlen(text);
            int stop = tl >= 3 && (!strcmp(text + tl - 3, "。") || !strcmp(text + tl - 3, "！") ||
                                   (tl >= 6 && !strcmp(text + tl - 6, "。）")));
            snprintf(line, sizeof line, "%d．%s%s", ++k, text, stop ? "" : "。");
            kp_c_flow(c, &item, line, 2 * em, 0, 0);
        }
    }
}

/* Whether a block's child is shown: if="name" and unless="name". */
static int item_shown(composer *c, const kp_item *it)
{
    char v[512];
    if (it->cond) {
        kp_compose_value(c->s, it->cond, v, sizeof v);
        if (!v[0])
            return 0;
    }
    if (it->uncond) {
        kp_compose_value(c->s, it->uncond, v, sizeof v);
        if (v[0])
            return 0;
    }
    return 1;
}

/* 附件说明: "附件：1．名称", further items under the first one's number, a
 * name's continuation lines under its first character (GB/T 9704 7.3.4). */
static void block_attachments(composer *c, const kp_block *b)
{
    char *texts[8];
    int n = 0;
    for (int i = 0; i < b->nitems && n < 8; i++) {
        const kp_item *it = &b->items[i];
        if (!item_shown(c, it))
            continue;
        texts[n] = kp_compose_text(c->s, it->text, NULL);
        if (texts[n][0])
            n++;
        else
            free(texts[n]);
    }
    if (!n)
        return;
    const kp_chain *ch = kp_c_chain(c, b->role);
    double em = kp_c_em(ch, b->size);
    const char *label = b->label ? b->label : "附件：";
    double indent = b->indent_chars * em;
    double lw = kp_chain_width(ch, label, strlen(label), b->size);
    kp_block flow = *b;
    flow.align = KP_AL_LEFT;
    kp_c_need(c, n * KP_LEADING(b)); /* the list stays on one page */
    for (int i = 0; i < n; i++) {
        char num[16] = "";
        if (n > 1)
            snprintf(num, sizeof num, "%d．", i + 1);
        double nw = kp_chain_width(ch, num, strlen(num), b->size);
        if (i == 0)
            kp_c_text(c, ch, c->x0 + indent, c->y + (KP_LEADING(b) - b->size) / 2, b->size,
                      KP_BLACK, label, strlen(label));
        char *line = kp_xmalloc(strlen(num) + strlen(texts[i]) + 1);
        sprintf(line, "%s%s", num, texts[i]);
        /* The first line starts at the number; the rest under the name. */
        kp_c_flow(c, &flow, line, indent + lw, 0, indent + lw + nw);
        free(line);
        free(texts[i]);
    }
}

/* The 抄送 line of a colophon (empty when the run gives none), wrapped into lines under a
 * hanging "抄送："; returns how many lines. */
static int colophon_cc(composer *c, const kp_block *b, char *cc, size_t size, kp_line *lines,
                       double *hang)
{
    cc[0] = '\0';
    if (b->cc && kp_compose_fill(c->s, b->cc, cc, size) > 0 && strstr(b->cc, "{"))
        cc[0] = '\0';
    *hang = 0;
    if (!cc[0])
        return 0;
    const kp_chain *ch = kp_c_chain(c, b->role);
    double in = (b->indent_chars > 0 ? b->indent_chars : 1) * kp_c_em(ch, b->size);
    const char *colon = strstr(cc, "：");
    *hang = colon ? kp_chain_width(ch, cc, (size_t)(colon - cc) + 3, b->size) : 0;
    return kp_text_wrap(ch, cc, b->size, c->x1 - c->x0 - 2 * in - *hang, -*hang, lines, 16);
}

double kp_c_colophon_after(composer *c)
{
    for (int i = c->block + 1; i < c->l->nblocks; i++) {
        const kp_block *b = &c->l->blocks[i];
        if (b->type != KP_B_COLOPHON)
            continue;
        char cc[1024];
        kp_line lines[16];
        double hang, leading = b->leading > 0 ? b->leading : b->size * 1.9;
        return (colophon_cc(c, b, cc, sizeof cc, lines, &hang) + 1) * leading;
    }
    return 0;
}

/* 版记 on the last page, its last rule on the bottom edge of the text
 * block: 抄送 and the 印发 line, each between rules (GB/T 9704 7.4). A
 * page that cannot hold it, or a landscape one, gives way to a new page. */
static void block_colophon(composer *c, const kp_block *b)
{
    char cc[1024], printer[256] = "", printed[256] = "";
    if (b->printer)
        kp_compose_fill(c->s, b->printer, printer, sizeof printer);
    kp_compose_fill(c->s, b->printed ? b->printed : "{date_cn}印发", printed, sizeof printed);
    const kp_chain *ch = kp_c_chain(c, b->role);
    double em = kp_c_em(ch, b->size);
    double leading = b->leading > 0 ? b->leading : b->size * 1.9;
    double in = (b->indent_chars > 0 ? b->indent_chars : 1) * em;
    kp_line lines[16];
    double hang;
    int ncc = colophon_cc(c, b, cc, sizeof cc, lines, &hang);
    double h = (ncc + 1) * leading;
    if (c->landscape || c->y + h > c->ybot) {
        c->landscape = 0;
        kp_c_new_page(c);
    }
    double y = c->ybot - h;
    double thick = KP_MM(0.35), thin = KP_MM(0.25);
    kp_c_line(c, c->x0, y, c->x1, y, thick, KP_BLACK);
    for (int i = 0; i < ncc; i++) {
        double x = c->x0 + in + (i ? hang : 0);
        kp_c_text(c, ch, x, y + (leading - b->size) / 2, b->size, KP_BLACK, cc + lines[i].start,
                  lines[i].len);
        y += leading;
    }
    if (ncc)
        kp_c_line(c, c->x0, y, c->x1, y, thin, KP_BLACK);
    kp_c_check_glyphs(c, ch, printer, "colophon");
    kp_c_text(c, ch, c->x0 + in, y + (leading - b->size) / 2, b->size, KP_BLACK, printer,
              strlen(printer));
    double pw = kp_chain_width(ch, printed, strlen(printed), b->size);
    kp_c_text(c, ch, c->x1 - in - pw, y + (leading - b->size) / 2, b->size, KP_BLACK, printed,
              strlen(printed));
    y += leading;
    kp_c_line(c, c->x0, c->ybot, c->x1, c->ybot, thick, KP_BLACK);
    c->y = c->ybot;
}

/* Text spread over `width` (a form's label: 单 位 名 称). */
static void spread(composer *c, const kp_chain *ch, double x, double top, double size,
                   const char *s, double width)
{
    size_t len = strlen(s), i = 0;
    int n = 0;
    while (i < len) {
        kp_utf8_next(s, len, &i);
        n++;
    }
    double w = kp_chain_width(ch, s, len, size);
    if (n < 2 || w >= width) {
        kp_c_text(c, ch, x, top, size, KP_BLACK, s, len);
        return;
    }
    double gap = (width - w) / (n - 1);
    i = 0;
    while (i < len) {
        size_t at = i;
        kp_utf8_next(s, len, &i);
        kp_c_text(c, ch, x, top, size, KP_BLACK, s + at, i - at);
        x += kp_chain_width(ch, s + at, i - at, size) + gap;
    }
}

/* A cover's form: each label spread over its column, the value on a line. */
static void block_fields(composer *c, const kp_block *b)
{
    const kp_chain *ch = kp_c_chain(c, b->role);
    double leading = b->leading > 0 ? b->leading : b->size * 2.4;
    double width = fmin(b->height, c->x1 - c->x0), lw = fmin(b->label_width, width / 2);
    double x = c->x0 + (c->x1 - c->x0 - width) / 2;
    double colon = kp_c_em(ch, b->size);
    for (int i = 0; i < b->nitems; i++) {
        if (!item_shown(c, &b->items[i]))
            continue;
        char *value = kp_compose_text(c->s, b->items[i].text, NULL);
        kp_c_need(c, leading);
        double top = c->y + (leading - b->size) / 2;
        spread(c, ch, x, top, b->size, b->items[i].label, lw - colon);
        kp_c_text(c, ch, x + lw - colon, top, b->size, KP_BLACK, "：", 3);
        kp_c_check_glyphs(c, ch, value, "cover");
        double vw = kp_chain_width(ch, value, strlen(value), b->size);
        double room = width - lw, vs = b->size;
        if (vw > room) { /* a long name shrinks to its line, never runs off the page */
            vs = b->size * room / vw;
            vw = room;
            if (vs < b->size * 0.6)
                kp_warn(c->l->path, 0, "cover: '%s' is set at %.1f pt to fit its line", value, vs);
        }
        double vx = x + lw + (room - vw) / 2;
        kp_c_text(c, ch, vx, top + (b->size - vs), vs, KP_BLACK, value, strlen(value));
        double base = top + b->size * 1.05;
        kp_c_line(c, x + lw, base, x + width, base, 0.6, KP_BLACK);
        c->y += leading;
        free(value);
    }
}

/* Lines to sign on: the label, a rule, and the date to fill in. */
static void block_signlines(composer *c, const kp_block *b)
{
    const kp_chain *ch = kp_c_chain(c, b->role);
    double leading = b->leading > 0 ? b->leading : b->size * 2.6;
    double em = kp_c_em(ch, b->size);
    const char *date = b->label ? b->label : "年　　月　　日";
    double dw = kp_chain_width(ch, date, strlen(date), b->size);
    kp_c_need(c, leading * b->nitems);
    for (int i = 0; i < b->nitems; i++) {
        const char *label = b->items[i].label;
        double lw = kp_chain_width(ch, label, strlen(label), b->size);
        double top = c->y + (leading - b->size) / 2, base = top + b->size * 1.05;
        double x = c->x0 + (b->indent_chars > 0 ? b->indent_chars : 0) * em;
        kp_c_text(c, ch, x, top, b->size, KP_BLACK, label, strlen(label));
        double lx = x + lw + em / 2, rx = c->x1 - dw - 2 * em;
        if (rx > lx + em)
            kp_c_line(c, lx, base, rx, base, 0.6, KP_BLACK);
        kp_c_text(c, ch, c->x1 - dw, top, b->size, KP_BLACK, date, strlen(date));
        c->y += leading;
    }
}

static void page_numbers(composer *c)
{
    const kp_block *b = &c->l->pagenumber;
    const kp_chain *ch = kp_c_chain(c, b->role);
    double em = kp_c_em(ch, b->size);
    for (size_t i = 0; i < c->doc->n; i++) {
        kp_page *p = &c->doc->pages[i];
        double pw, h;
        int turned = p->width > p->height;
        /* A landscape page keeps the number where the portrait pages have it
         * (GB/T 9704 7.5): measured on the portrait sheet it is bound as. */
        c->landscape = 0;
        set_geometry(c, &pw, &h);
        char text[32];
        snprintf(text, sizeof text, "\xE2\x80\x94 %zu \xE2\x80\x94", i + 1);
        double w = kp_chain_width(ch, text, strlen(text), b->size);
        /* Odd pages right, even pages left, one character in (GB/T 9704 7.5). */
        double x = (i % 2 == 0) ? c->x1 - em - w : c->x0 + em;
        double baseline = h - c->ybot - c->l->pagenumber_below - b->size * 0.88;
        uint32_t rgb = b->has_color ? b->color : KP_BLACK;
        if (!turned)
            kp_page_text(p, ch, x, baseline, b->size, rgb, text);
        else if (i % 2 == 0) /* table head at the binding (left): the sheet turned left */
            kp_page_text_turned(p, ch, baseline, p->height - x, b->size, rgb, text, -1);
        else /* binding on the right: the sheet turned right */
            kp_page_text_turned(p, ch, p->width - baseline, x, b->size, rgb, text, 1);
    }
}

/* Whether the next table of the layout has more columns than fit upright. */
static int next_table_wide(composer *c, int from)
{
    for (int i = from + 1; i < c->l->nblocks; i++) {
        const kp_block *b = &c->l->blocks[i];
        if (b->type == KP_B_PAGEBREAK)
            return 0;
        if (b->type == KP_B_TABLE)
            return kp_grid_ranking_columns(c, b) > b->landscape_over;
    }
    return 0;
}

static int shown(composer *c, const kp_block *b)
{
    char val[512];
    if (b->cond) { /* if="name": only when that placeholder has a value */
        kp_compose_value(c->s, b->cond, val, sizeof val);
        if (!val[0])
            return 0;
    }
    if (b->uncond) {
        kp_compose_value(c->s, b->uncond, val, sizeof val);
        if (val[0])
            return 0;
    }
    return 1;
}

/* Composes every block once, from a fresh first page. */
static void compose_pass(composer *c)
{
    const kp_layout *l = c->l;
    const kp_context *s = c->s;
    c->last_flow = -1;
    kp_c_new_page(c);
    c->overflow = 0;
    for (int i = 0; i < l->nblocks; i++) {
        const kp_block *b = &l->blocks[i];
        c->block = i;
        if (!shown(c, b))
            continue;
        if (b->type == KP_B_SIGNATURE && c->tail < 0)
            c->tail_keep = signature_height(c, b), c->sig_tail = c->last_flow,
            c->tail_flow = c->flow;
        if (b->type == KP_B_PAGEBREAK) {
            c->landscape = b->orientation == KP_OR_LANDSCAPE ||
                           (b->orientation == KP_OR_AUTO && next_table_wide(c, i));
            const kp_page *last = &c->doc->pages[c->doc->n - 1];
            int was_landscape = last->width > last->height;
            if (c->y > c->top + 0.01 || was_landscape != c->landscape)
                kp_c_new_page(c);
            c->overflow = 0;
            continue;
        }
        /* Space before a block: not at the top of a page the flow began. */
        if (!(c->overflow && c->y <= c->top + 0.01))
            c->y += b->space_before;
        if (b->keep > 0)
            kp_c_need(c, b->keep);
        c->mark[0] = '\0';
        if (b->bookmark)
            kp_compose_fill(s, b->bookmark, c->mark, sizeof c->mark);
        switch (b->type) {
        case KP_B_RULE:
            block_rule(c, b);
            break;
        case KP_B_TABLE:
        case KP_B_AWARDS:
        case KP_B_INDICATORS:
        case KP_B_HISTORY:
            kp_grid_block(c, b);
            break;
        case KP_B_CHART:
            kp_chart_block(c, b);
            break;
        case KP_B_SIGNATURE:
            block_signature(c, b);
            break;
        case KP_B_NOTICES:
            block_notices(c, b);
            break;
        case KP_B_COLOPHON:
            block_colophon(c, b);
            break;
        case KP_B_ATTACHMENTS:
            block_attachments(c, b);
            break;
        case KP_B_FIELDS:
            block_fields(c, b);
            break;
        case KP_B_SIGNLINES:
            block_signlines(c, b);
            break;
        default:
            block_text(c, b);
        }
        touch(c); /* a block that drew nothing still marks its page */
    }
}

kp_err kp_compose(kp_doc *doc, const kp_layout *l, const kp_fonts *fonts, const kp_context *s,
                  kp_diag *d)
{
    composer c;
    memset(&c, 0, sizeof c);
    c.doc = doc, c.l = l, c.fonts = fonts, c.s = s, c.d = d;
    c.tail = c.sig_tail = -1;
    compose_pass(&c);
    if (c.sig_alone && c.sig_tail >= 0) {
        /* The signature fell alone onto a new page: again, with the body's
         * last lines moved over to it. */
        kp_doc_clear_pages(doc);
        c.tail = c.sig_tail;
        c.sig_alone = c.landscape = c.overflow = 0;
        compose_pass(&c);
    }
    if (l->has_pagenumber)
        page_numbers(&c);
    return KP_OK;
}
