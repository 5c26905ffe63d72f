/* kp_compose.c - flows layout blocks down the text block, tables across pages. */
#include "kp_compose.h"
#include "../pdf/kp_utf8.h"
#include "kp_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KP_MAX_LINES 64
#define KP_BLACK 0x000000u

typedef struct {
    kp_doc *doc;
    const kp_layout *l;
    const kp_fonts *fonts;
    const kp_subject_set *s;
    kp_diag *d;
    kp_page *page;
    double y;            /* distance from the page top to the next line's top */
    double top, x0, x1, ybot; /* text block: top, left, right, bottom (from the page top) */
    int landscape;            /* pages added now are landscape */
    int oom;
} composer;

static const kp_chain *role_chain(composer *c, const char *role)
{
    const kp_chain *ch = kp_fonts_role(c->fonts, role);
    return ch ? ch : kp_fonts_role(c->fonts, "body");
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

static int new_page(composer *c)
{
    double w, h;
    set_geometry(c, &w, &h);
    c->page = kp_doc_add_page(c->doc, w, h);
    if (!c->page)
        return c->oom = 1, -1;
    c->y = c->top;
    return 0;
}

static double page_h(const composer *c)
{
    return c->page->height;
}

static void text_at(composer *c, const kp_chain *ch, double x, double top, double size,
                    uint32_t rgb, const char *s, size_t len)
{
    char *tmp = malloc(len + 1);
    if (!tmp) {
        c->oom = 1;
        return;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    double baseline = page_h(c) - top - size * 0.88;
    if (kp_page_text(c->page, ch, x, baseline, size, rgb, tmp) != 0)
        c->oom = 1;
    free(tmp);
}

/* Warns once per text about characters no font of the chain has. */
static void check_glyphs(composer *c, const kp_chain *ch, const char *text, const char *who)
{
    size_t i = 0, len = strlen(text);
    while (i < len) {
        uint32_t cp = kp_utf8_next(text, len, &i);
        if (cp > ' ' && kp_chain_pick(ch, cp) < 0) {
            kp_warn(c->l->path, 0, "%s: character U+%04X in '%s' is in no configured font "
                    "(see fonts/fonts.ini)", who, (unsigned)cp, text);
            return;
        }
    }
}

/* Sets text as wrapped lines in [x0 + indent, x1 - indent_right]. */
static void flow_text(composer *c, const kp_block *b, const char *text, double indent,
                      double indent_right)
{
    const kp_chain *ch = role_chain(c, b->role);
    check_glyphs(c, ch, text, c->l->name);
    kp_line lines[KP_MAX_LINES];
    double width = c->x1 - c->x0 - indent_right;
    double first = b->align == KP_AL_CENTER ? 0 : indent;
    int n = kp_text_wrap(ch, text, b->size, width, first, lines, KP_MAX_LINES);
    double leading = b->leading > 0 ? b->leading : b->size * 1.81;
    uint32_t rgb = b->has_color ? b->color : KP_BLACK;
    for (int i = 0; i < n; i++) {
        if (c->y + leading > c->ybot && new_page(c) != 0)
            return;
        double x = c->x0 + (i == 0 ? first : 0);
        if (b->align == KP_AL_CENTER)
            x = c->x0 + (width - lines[i].width) / 2;
        else if (b->align == KP_AL_RIGHT)
            x = c->x0 + width - lines[i].width;
        text_at(c, ch, x, c->y + (leading - b->size) / 2, b->size, rgb, text + lines[i].start,
                lines[i].len);
        c->y += leading;
    }
}

static void block_text(composer *c, const kp_block *b)
{
    char text[4096];
    kp_compose_fill(c->s, b->text, text, sizeof text);
    if (!text[0])
        return; /* an empty placeholder drops its block, e.g. no docnumber */
    const kp_chain *ch = role_chain(c, b->role);
    double em = kp_chain_width(ch, "\xE4\xB8\x80", 3, b->size); /* width of 一 */
    c->y += b->space_before;
    flow_text(c, b, text, b->indent_chars * em, 0);
}

static void block_rule(composer *c, const kp_block *b)
{
    c->y += b->space_before;
    double y = page_h(c) - c->y;
    if (kp_page_line(c->page, c->x0, y, c->x1, y, b->rule_width,
                     b->has_color ? b->color : KP_BLACK) != 0)
        c->oom = 1;
    c->y += b->rule_width;
}

static void block_signature(composer *c, const kp_block *b)
{
    const kp_run *run = c->s->run;
    const kp_chain *ch = role_chain(c, b->role);
    double em = kp_chain_width(ch, "\xE4\xB8\x80", 3, b->size);
    double leading = b->leading > 0 ? b->leading : b->size * 1.81;
    char date[64];
    kp_text_date_cn(run->date, date, sizeof date);
    const char *org = run->authority_short[0] ? run->authority_short : run->authority;
    if (!org[0] && !date[0])
        return;
    c->y += b->space_before;
    if (c->y + 2 * leading > c->ybot && new_page(c) != 0)
        return;
    double dw = kp_chain_width(ch, date, strlen(date), b->size);
    double ow = kp_chain_width(ch, org, strlen(org), b->size);
    double dx = c->x1 - b->indent_right_chars * em - dw;
    /* The organ's name is centred over the date (GB/T 9704 7.3.5). */
    double ox = dx + dw / 2 - ow / 2;
    if (ox + ow > c->x1)
        ox = c->x1 - ow;
    check_glyphs(c, ch, org, "signature");
    text_at(c, ch, ox, c->y + (leading - b->size) / 2, b->size, KP_BLACK, org, strlen(org));
    c->y += leading;
    text_at(c, ch, dx, c->y + (leading - b->size) / 2, b->size, KP_BLACK, date, strlen(date));
    c->y += leading;
}

typedef struct {
    kp_col_field field;
    int indicator;
    const char *label;
    double x, w;
} tcol;

static int table_columns(composer *c, const kp_block *b, tcol *cols, int max)
{
    const kp_ruleset *rs = c->s->r->rs;
    const kp_kind *k = &rs->kinds[c->s->kind];
    int n = 0;
    double sum = 0;
    for (int i = 0; i < b->ncolumns; i++) {
        const kp_column *col = &b->columns[i];
        if ((col->field == KP_COL_UNIT && !k->from_people) ||
            (col->field == KP_COL_GROUP && !k->group_parent))
            continue;
        if (col->field != KP_COL_INDICATORS) {
            if (n == max)
                break;
            const char *label = col->label ? col->label : col->field == KP_COL_NAME ? k->label : "";
            cols[n++] = (tcol){col->field, -1, label, 0, col->width};
            sum += col->width;
            continue;
        }
        int count = 0;
        for (int j = 0; j < rs->nindicators; j++)
            count += rs->indicators[j].kind == c->s->kind && rs->indicators[j].method != KP_M_FLAG;
        if (col->group_over > 0 && count > col->group_over) {
            /* Too many to read: one column per category, with its subtotal. */
            for (int g = 0; g < rs->ncategories && n < max; g++) {
                if (rs->category_kind[g] != c->s->kind)
                    continue;
                cols[n++] = (tcol){KP_COL_CATEGORY, g, rs->categories[g], 0, col->width};
                sum += col->width;
            }
            continue;
        }
        for (int j = 0; j < rs->nindicators && n < max; j++) {
            const kp_indicator *ind = &rs->indicators[j];
            if (ind->kind != c->s->kind || ind->method == KP_M_FLAG)
                continue;
            cols[n++] = (tcol){KP_COL_INDICATORS, j, ind->short_label, 0, col->width};
            sum += col->width;
        }
    }
    double x = c->x0, scale = (c->x1 - c->x0) / (sum > 0 ? sum : 1);
    for (int i = 0; i < n; i++) {
        cols[i].w *= scale;
        cols[i].x = x;
        x += cols[i].w;
    }
    return n;
}

static void cell_text(composer *c, const tcol *col, int s, char *buf, size_t size)
{
    const kp_results *r = c->s->r;
    const kp_model *m = r->m;
    const kp_score *sc = kp_table_score(r, c->s->table, s);
    const kp_kind *k = &r->rs->kinds[m->subjects[s].kind];
    buf[0] = '\0';
    switch (col->field) {
    case KP_COL_RANK:
        if (sc->rank)
            snprintf(buf, size, "%d", sc->rank);
        break;
    case KP_COL_ID:
        snprintf(buf, size, "%s", m->subjects[s].id);
        break;
    case KP_COL_NAME:
        snprintf(buf, size, "%s", m->subjects[s].name);
        break;
    case KP_COL_UNIT: {
        size_t u;
        const kp_entity *e = &m->entities[m->subjects[s].entity];
        if (e->unit && kp_map_get(&m->entity_ids, e->unit, &u))
            snprintf(buf, size, "%s", m->entities[u].name);
        break;
    }
    case KP_COL_INDICATORS:
        kp_num_format(kp_table_value(r, c->s->table, s, col->indicator),
                      r->rs->indicators[col->indicator].decimals, buf, size);
        break;
    case KP_COL_GROUP:
        snprintf(buf, size, "%s", kp_model_group_of(m, s));
        break;
    case KP_COL_CATEGORY:
        kp_num_format(kp_table_subtotal(r, c->s->table, s, col->indicator), r->rs->decimals, buf,
                      size);
        break;
    case KP_COL_TOTAL:
        kp_num_format(sc->published, r->rs->decimals, buf, size);
        break;
    case KP_COL_GRADE:
        if (sc->grade >= 0)
            snprintf(buf, size, "%s", k->grades[sc->grade].name);
        break;
    }
}

#define KP_CELL_PAD 2.5

/* One table row: cells wrapped in their columns, the row kept whole on a
 * page (a new page repeats the header first). Returns the row height. */
static double row_height(composer *c, const kp_chain *ch, double size, const tcol *cols, int n,
                         char texts[][256], kp_line lines[][8], int *nlines)
{
    double leading = size * 1.3;
    int most = 1;
    for (int i = 0; i < n; i++) {
        nlines[i] = kp_text_wrap(ch, texts[i], size, cols[i].w - 2 * KP_CELL_PAD, 0, lines[i], 8);
        if (nlines[i] > most)
            most = nlines[i];
    }
    (void)c;
    return most * leading + 2 * KP_CELL_PAD;
}

static void draw_row(composer *c, const kp_chain *ch, double size, const tcol *cols, int n,
                     char texts[][256], kp_line lines[][8], const int *nlines, double h,
                     int head)
{
    double leading = size * 1.3;
    double ytop = page_h(c) - c->y, ybot = ytop - h;
    double x1 = cols[n - 1].x + cols[n - 1].w;
    if (head) /* the shading goes under the text, so it is drawn first */
        kp_page_rect(c->page, cols[0].x, ybot, x1 - cols[0].x, h, 0, 0xF2F2F2, 1);
    for (int i = 0; i < n; i++) {
        double block = nlines[i] * leading;
        double top = c->y + (h - block) / 2;
        for (int j = 0; j < nlines[i]; j++) {
            double x = cols[i].x + (cols[i].w - lines[i][j].width) / 2;
            if (!head && cols[i].field == KP_COL_NAME)
                x = cols[i].x + KP_CELL_PAD;
            text_at(c, ch, x, top + j * leading + (leading - size) / 2, size, KP_BLACK,
                    texts[i] + lines[i][j].start, lines[i][j].len);
        }
    }
    kp_page_line(c->page, cols[0].x, ytop, x1, ytop, head ? 0.8 : 0.5, KP_BLACK);
    kp_page_line(c->page, cols[0].x, ybot, x1, ybot, head ? 0.8 : 0.5, KP_BLACK);
    for (int i = 0; i <= n; i++) {
        double x = i < n ? cols[i].x : x1;
        kp_page_line(c->page, x, ytop, x, ybot, 0.5, KP_BLACK);
    }
    c->y += h;
}

static void table_header(composer *c, const kp_block *b, const tcol *cols, int n)
{
    const kp_chain *ch = role_chain(c, b->head_role ? b->head_role : b->role);
    char texts[KP_LAYOUT_MAX_COLUMNS * 4][256];
    kp_line lines[KP_LAYOUT_MAX_COLUMNS * 4][8];
    int nlines[KP_LAYOUT_MAX_COLUMNS * 4];
    for (int i = 0; i < n; i++)
        snprintf(texts[i], sizeof texts[i], "%s", cols[i].label);
    double h = row_height(c, ch, b->size, cols, n, texts, lines, nlines);
    draw_row(c, ch, b->size, cols, n, texts, lines, nlines, h, 1);
}

static void block_table(composer *c, const kp_block *b)
{
    enum { MAXC = KP_LAYOUT_MAX_COLUMNS * 4 };
    tcol cols[MAXC];
    int n = table_columns(c, b, cols, MAXC);
    if (!n)
        return;
    const kp_chain *ch = role_chain(c, b->role);
    const kp_model *m = c->s->r->m;
    int kind = c->s->kind;
    c->y += b->space_before;
    static char texts[MAXC][256];
    static kp_line lines[MAXC][8];
    int nlines[MAXC];
    int header_on_page = 0;
    for (int row = 0; row < m->kind_count[kind]; row++) {
        int s = c->s->table->order[row];
        for (int i = 0; i < n; i++) {
            cell_text(c, &cols[i], s, texts[i], sizeof texts[i]);
            check_glyphs(c, ch, texts[i], m->subjects[s].id);
        }
        double h = row_height(c, ch, b->size, cols, n, texts, lines, nlines);
        if (header_on_page && c->y + h > c->ybot) {
            if (new_page(c) != 0)
                return;
            header_on_page = 0;
        }
        if (!header_on_page) {
            /* The header and at least one row stay together. */
            if (c->y + 2 * h + b->size * 3 > c->ybot && new_page(c) != 0)
                return;
            table_header(c, b, cols, n);
            header_on_page = 1;
        }
        draw_row(c, ch, b->size, cols, n, texts, lines, nlines, h, 0);
    }
}

static void page_numbers(composer *c)
{
    const kp_block *b = &c->l->pagenumber;
    const kp_chain *ch = role_chain(c, b->role);
    double em = kp_chain_width(ch, "\xE4\xB8\x80", 3, b->size);
    for (size_t i = 0; i < c->doc->n; i++) {
        kp_page *p = &c->doc->pages[i];
        double pw, h;
        c->landscape = p->width > p->height;
        set_geometry(c, &pw, &h);
        char text[32];
        snprintf(text, sizeof text, "\xE2\x80\x94 %zu \xE2\x80\x94", i + 1);
        double w = kp_chain_width(ch, text, strlen(text), b->size);
        /* Odd pages right, even pages left, one character in (GB/T 9704 7.5). */
        double x = (i % 2 == 0) ? c->x1 - em - w : c->x0 + em;
        double baseline = h - c->ybot - c->l->pagenumber_below - b->size * 0.88;
        kp_page_text(p, ch, x, baseline, b->size, KP_BLACK, text);
    }
}

/* Whether the next table of the layout has more columns than fit upright. */
static int next_table_wide(composer *c, int from)
{
    for (int i = from + 1; i < c->l->nblocks; i++) {
        const kp_block *b = &c->l->blocks[i];
        if (b->type != KP_B_TABLE)
            continue;
        tcol cols[KP_LAYOUT_MAX_COLUMNS * 4];
        return table_columns(c, b, cols, KP_LAYOUT_MAX_COLUMNS * 4) > b->landscape_over;
    }
    return 0;
}

kp_err kp_compose(kp_doc *doc, const kp_layout *l, const kp_fonts *fonts, const kp_subject_set *s,
                  kp_diag *d)
{
    composer c = {doc, l, fonts, s, d, NULL, 0, 0, 0, 0, 0, 0, 0};
    if (new_page(&c) != 0)
        return kp_diag_report(d, KP_ERR_NOMEM, l->path, 0, "out of memory");
    for (int i = 0; i < l->nblocks && !c.oom; i++) {
        const kp_block *b = &l->blocks[i];
        if (b->cond) { /* if="name": only when that placeholder has a value */
            char tmpl[64], val[256];
            snprintf(tmpl, sizeof tmpl, "{%.40s}", b->cond);
            kp_compose_fill(s, tmpl, val, sizeof val);
            if (!val[0])
                continue;
        }
        switch (b->type) {
        case KP_B_RULE:
            block_rule(&c, b);
            break;
        case KP_B_TABLE:
            block_table(&c, b);
            break;
        case KP_B_SIGNATURE:
            block_signature(&c, b);
            break;
        case KP_B_PAGEBREAK:
            c.landscape = b->orientation == KP_OR_LANDSCAPE ||
                          (b->orientation == KP_OR_AUTO && next_table_wide(&c, i));
            new_page(&c);
            break;
        default:
            block_text(&c, b);
        }
    }
    if (l->has_pagenumber && !c.oom)
        page_numbers(&c);
    return c.oom ? kp_diag_report(d, KP_ERR_NOMEM, l->path, 0, "out of memory") : KP_OK;
}
