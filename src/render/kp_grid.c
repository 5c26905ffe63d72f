/* kp_grid.c - ruled tables across pages: the ranking table, award lists, indicator sheets, history.
 */
#include "kp_compose_int.h"
#include "../base/kp_mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXC (KP_LAYOUT_MAX_COLUMNS * 4)
#define CELL_LINES 24
#define PAD 2.5
#define THICK 0.8
#define THIN 0.5

typedef struct {
    kp_col_field field;
    int index; /* indicator or category */
    const char *label;
    double x, w;
    kp_align align;
} gcol;

/* A table being set: its columns, the row at hand and the cells merged
 * down the rows (a category, an award, a street). */
typedef struct {
    composer *c;
    const kp_block *b;
    const kp_chain *ch, *hch;
    double size, leading;
    gcol cols[MAXC];
    int n;
    int header_on_page;
    char texts[MAXC][1024];
    int span[MAXC]; /* >1 opens a merged cell of that many rows, 0 continues one, 1 plain */
    struct {
        char text[256];
        double top;
        int open, left;
    } merge[MAXC];
    kp_line lines[MAXC][CELL_LINES];
    int nlines[MAXC];
    /* The measuring pass: the rows are set once without drawing to learn
     * what each column holds, then the columns are sized and the rows set. */
    int measuring;            /* 1 widths, 2 row heights, 0 drawing */
    double *heights;          /* [row]: each row's height, from the second pass */
    unsigned char *subtotals; /* [row]: set in the head role (a 小计, a 合计) */
    int *spans;               /* [row]: the rows of the group it opens, 1 none */
    int nrows, cap, rowno;
    int tail;             /* the first row kept with the sign lines */
    double reserve;       /* the sign lines after the table, kept with its last rows */
    double natural[MAXC]; /* the widest value on one line */
    double least[MAXC];   /* the widest value that must not break */
    int filled[MAXC];     /* a value other than blank */
} grid;

/* Values and headers up to this many characters are never broken ("可推荐优秀",
 * "华亭新苑居民区", "区城市管理和行政执法局", "走访联系"): a column is widened
 * for them first; a longer header is given room for two lines. */
enum { KP_GRID_KEEP_VALUE = 12, KP_GRID_KEEP_HEAD = 4 };

static kp_align default_align(kp_col_field f)
{
    switch (f) {
    case KP_COL_NAME:
    case KP_COL_ITEM:
    case KP_COL_RULE:
    case KP_COL_LEAD:
        return KP_AL_LEFT;
    default:
        return KP_AL_CENTER;
    }
}

static void add_col(grid *g, kp_col_field f, int index, const char *label, const kp_column *col,
                    double *sum)
{
    if (g->n == MAXC)
        return;
    g->cols[g->n++] =
        (gcol){f, index,      label ? label : "",
               0, col->width, col->has_align ? col->align : default_align(col->field)};
    *sum += col->width;
}

static void place_cols(grid *g, double sum)
{
    composer *c = g->c;
    double x = c->x0, scale = (c->x1 - c->x0) / (sum > 0 ? sum : 1);
    for (int i = 0; i < g->n; i++) {
        g->cols[i].w *= scale;
        g->cols[i].x = x;
        x += g->cols[i].w;
    }
}

/* The ranking table's columns: indicators expand to one column each, or
 * to a subtotal per category when there are too many to read. */
static void ranking_columns(grid *g)
{
    composer *c = g->c;
    const kp_block *b = g->b;
    const kp_ruleset *rs = c->s->r->rs;
    int kind = c->s->kind;
    const kp_kind *k = &rs->kinds[kind];
    double sum = 0;
    for (int i = 0; i < b->ncolumns; i++) {
        const kp_column *col = &b->columns[i];
        if ((col->field == KP_COL_UNIT && !k->from_people) ||
            (col->field == KP_COL_GROUP && !k->group_parent))
            continue;
        if (col->field != KP_COL_INDICATORS) {
            add_col(g, col->field, -1,
                    col->label                  ? col->label
                    : col->field == KP_COL_NAME ? k->label
                                                : "",
                    col, &sum);
            continue;
        }
        int count = 0;
        for (int j = 0; j < rs->nindicators; j++)
            count += rs->indicators[j].kind == kind && rs->indicators[j].method != KP_M_FLAG;
        if (col->group_over > 0 && count > col->group_over) {
            for (int cat = 0; cat < rs->ncategories; cat++)
                if (rs->category_kind[cat] == kind)
                    add_col(g, KP_COL_SUBTOTAL, cat, rs->categories[cat], col, &sum);
            continue;
        }
        for (int j = 0; j < rs->nindicators; j++) {
            const kp_indicator *ind = &rs->indicators[j];
            if (ind->kind == kind && ind->method != KP_M_FLAG)
                add_col(g, KP_COL_INDICATORS, j, ind->short_label, col, &sum);
        }
    }
    place_cols(g, sum);
}

/* Columns exactly as the layout lists them. */
static void plain_columns(grid *g)
{
    double sum = 0;
    for (int i = 0; i < g->b->ncolumns; i++)
        add_col(g, g->b->columns[i].field, -1, g->b->columns[i].label, &g->b->columns[i], &sum);
    place_cols(g, sum);
}

int kp_grid_ranking_columns(composer *c, const kp_block *b)
{
    grid *g = kp_xcalloc(1, sizeof *g);
    g->c = c, g->b = b;
    ranking_columns(g);
    int n = g->n;
    free(g);
    return n;
}

/* ---- drawing ---- */

static void hline(grid *g, double y, double w)
{
    double x1 = g->cols[g->n - 1].x + g->cols[g->n - 1].w;
    kp_c_line(g->c, g->cols[0].x, y, x1, y, w, KP_BLACK);
}

static void cell_text(grid *g, const kp_chain *ch, int i, const char *text, const kp_line *lines,
                      int n, double top, double h, int head)
{
    const gcol *col = &g->cols[i];
    double block = n * g->leading;
    double y = top + (h - block) / 2;
    for (int j = 0; j < n; j++) {
        double x = col->x + (col->w - lines[j].width) / 2;
        if (!head && col->align == KP_AL_LEFT)
            x = col->x + PAD;
        else if (!head && col->align == KP_AL_RIGHT)
            x = col->x + col->w - PAD - lines[j].width;
        kp_c_text(g->c, ch, x, y + j * g->leading + (g->leading - g->size) / 2, g->size, KP_BLACK,
                  text + lines[j].start, lines[j].len);
    }
}

/* A merged cell's text, centred in the rows it spans on this page. */
static void close_merge(grid *g, int i, double bottom)
{
    kp_line lines[CELL_LINES];
    const char *t = g->merge[i].text;
    int n = kp_text_wrap(g->ch, t, g->size, g->cols[i].w - 2 * PAD, 0, lines, CELL_LINES);
    cell_text(g, g->ch, i, t, lines, n, g->merge[i].top, bottom - g->merge[i].top, 0);
}

static void verticals(grid *g, double top, double bottom)
{
    for (int i = 0; i <= g->n; i++) {
        double x = i < g->n ? g->cols[i].x : g->cols[g->n - 1].x + g->cols[g->n - 1].w;
        kp_c_line(g->c, x, top, x, bottom, THIN, KP_BLACK);
    }
}

static void header(grid *g)
{
    composer *c = g->c;
    static const kp_line none = {0, 0, 0, 1};
    kp_line lines[MAXC][4];
    int nl[MAXC], most = 1;
    for (int i = 0; i < g->n; i++) {
        nl[i] =
            kp_text_wrap(g->hch, g->cols[i].label, g->size, g->cols[i].w - 2 * PAD, 0, lines[i], 4);
        if (!g->cols[i].label[0])
            nl[i] = 0, lines[i][0] = none;
        if (nl[i] > most)
            most = nl[i];
    }
    double h = most * g->leading + 2 * PAD;
    double x1 = g->cols[g->n - 1].x + g->cols[g->n - 1].w;
    /* The shading goes under the text, so it is drawn first. */
    kp_c_rect(c, g->cols[0].x, c->y, x1 - g->cols[0].x, h, 0, 0xF2F2F2, 1);
    for (int i = 0; i < g->n; i++)
        cell_text(g, g->hch, i, g->cols[i].label, lines[i], nl[i], c->y, h, 1);
    hline(g, c->y, THICK);
    verticals(g, c->y, c->y + h);
    c->y += h;
    hline(g, c->y, THICK);
}

static int chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The measuring pass's row: each cell's width on one line. */
static void measure_row(grid *g, const kp_chain *ch)
{
    for (int i = 0; i < g->n; i++) {
        const char *t = g->texts[i];
        if (g->span[i] == 0 || !t[0])
            continue;
        double w = kp_chain_width(ch, t, strlen(t), g->size);
        g->filled[i] = 1;
        if (w > g->natural[i])
            g->natural[i] = w;
        if (chars(t) <= KP_GRID_KEEP_VALUE && !strchr(t, '\n') && w > g->least[i])
            g->least[i] = w;
    }
}

/* The narrowest a header may be: each of its parts (split before "（", the
 * full marks go on their own line) on one line when short, else on two;
 * when `tight`, a four-character part too takes two lines ("走访/联系",
 * never "走访联/系": the wrap keeps no character alone). */
static double head_least(const grid *g, const char *h, int tight)
{
    if (tight < 0) /* roomy: the whole header on one line */
        return h[0] ? kp_chain_width(g->hch, h, strlen(h), g->size) : 0;
    double most = 0;
    while (*h) {
        const char *paren = strstr(h + 1, "（");
        size_t len = paren ? (size_t)(paren - h) : strlen(h);
        char part[256];
        snprintf(part, sizeof part, "%.*s", (int)len, h);
        double w = kp_chain_width(g->hch, part, strlen(part), g->size);
        int n = chars(part), marks = !strncmp(part, "（", strlen("（"));
        if (!marks && (n > KP_GRID_KEEP_HEAD + 2 || (tight && n > 2)))
            w = w / 2 + g->size * (n % 2 ? 1 : 0.1); /* two lines; an odd count's longer half */
        most = fmax(most, w);
        h += len;
    }
    return most;
}

/* Each column's least and wanted width; returns the sum of the least.
 * tight: -1 every header on one line, 0 short ones, 1 all on two lines. */
static double col_needs(const grid *g, int tight, double *least, double *want)
{
    double sum = 0;
    for (int i = 0; i < g->n; i++) {
        double hl = head_least(g, g->cols[i].label, tight);
        least[i] = fmax(g->filled[i] ? g->least[i] : 0, hl) + 2 * PAD + 0.5;
        want[i] = g->filled[i] ? fmax(least[i], g->natural[i] + 2 * PAD + 0.5) : least[i];
        if (want[i] > least[i]) /* long text that wraps keeps most of its layout share */
            least[i] = fmax(least[i], fmin(want[i], 0.8 * g->cols[i].w));
        if (!g->filled[i] && g->cols[i].field == KP_COL_SCORE) /* a blank form's, written by hand */
            least[i] = want[i] = fmax(least[i], g->cols[i].w);
        sum += least[i];
    }
    return sum;
}

/* The columns sized by what they hold: every column first gets room for its
 * short header and short values on one line (an empty column only its
 * header), then the rest of the width goes to the columns whose long texts
 * must wrap, in proportion to what they lack; when even everything on one
 * line fits, the spare width is shared by the layout's weights. Headers
 * stay on one line where that fits, else only the short ones, else all take
 * two lines; when even then they do not fit, the layout's widths stand. */
static void fit_cols(grid *g)
{
    double avail = g->c->x1 - g->c->x0, want[MAXC], least[MAXC], sw = 0, weights = 0;
    double sl = 0;
    for (int tight = -1; tight <= 1; tight++) {
        sl = col_needs(g, tight, least, want);
        sw = weights = 0;
        for (int i = 0; i < g->n; i++) {
            sw += want[i];
            weights += g->filled[i] ? g->cols[i].w : 0;
        }
        /* one-line headers only where nothing then has to wrap for them */
        if (tight < 0 ? sw <= avail : sl <= avail)
            break;
    }
    if (sl > avail)
        return;
    double x = g->c->x0;
    for (int i = 0; i < g->n; i++) {
        double w = least[i];
        if (sw <= avail)
            w = want[i] + (g->filled[i] && weights > 0 ? (avail - sw) * g->cols[i].w / weights : 0);
        else if (sw > sl)
            w += (avail - sl) * (want[i] - least[i]) / (sw - sl);
        g->cols[i].x = x, g->cols[i].w = w;
        x += w;
    }
}

static void record_height(grid *g, double h, int style)
{
    if (g->nrows == g->cap) {
        int cap = g->cap ? 2 * g->cap : 64;
        g->heights = kp_xrealloc(g->heights, sizeof *g->heights * (size_t)cap);
        g->subtotals = kp_xrealloc(g->subtotals, (size_t)cap);
        g->spans = kp_xrealloc(g->spans, sizeof *g->spans * (size_t)cap);
        g->cap = cap;
    }
    int span = 1;
    for (int i = 0; i < g->n; i++)
        span = g->span[i] > span ? g->span[i] : span;
    g->heights[g->nrows] = h;
    g->spans[g->nrows] = span;
    g->subtotals[g->nrows++] = (unsigned char)style;
}

/* The end (exclusive) of the group row r opens, with the subtotal after it. */
static int group_end(const grid *g, int r)
{
    int end = r + g->spans[r];
    return end < g->nrows && g->spans[r] > 1 && g->subtotals[end] ? end + 1 : end;
}

/* The first row kept with the sign lines: the second last, or the start of
 * the group it belongs to. */
static int tail_start(const grid *g)
{
    int tail = g->nrows - 2 > 0 ? g->nrows - 2 : 0;
    for (int r = 0; r < tail; r++)
        if (g->spans[r] > 1 && group_end(g, r) > tail)
            return r;
    return tail;
}

static double rows_height(const grid *g, int from, int to)
{
    double h = 0;
    for (int r = from; r < to && r < g->nrows; r++)
        h += g->heights[r];
    return h;
}

/* A row inside a merged cell that began above: no break can go before it
 * without cutting the cell. */
static int continues(const grid *g)
{
    for (int i = 0; i < g->n; i++)
        if (g->span[i] == 0)
            return 1;
    return 0;
}

/* The height that must fit below the row at hand for it to start here: a
 * group (a merged category, award or street) with the subtotal after it,
 * so no label is cut at a page border and no 小计 stands alone; the last
 * two rows with the sign lines after the table, so no one signs a page
 * without scores. What cannot fit on an empty page is not kept. */
static double keep_need(const grid *g, double h)
{
    int r = g->rowno;
    if (r >= g->nrows)
        return h;
    double need = h, page = (g->c->ybot - g->c->top) * 0.8;
    if (g->spans[r] > 1) {
        double group = rows_height(g, r, group_end(g, r));
        if (group <= page)
            need = fmax(need, group);
    }
    if (g->reserve > 0 && r >= g->tail && !(r > g->tail && continues(g))) {
        double tail = rows_height(g, r, g->nrows) + g->reserve;
        if (tail <= page)
            need = fmax(need, tail);
    }
    return need;
}

/* The sign lines right after the table, if any: their height. */
static double signlines_after(const grid *g)
{
    const kp_layout *l = g->c->l;
    const kp_block *next = g->b + 1;
    if (g->b < l->blocks || next >= l->blocks + l->nblocks || next->type != KP_B_SIGNLINES)
        return 0;
    double leading = next->leading > 0 ? next->leading : next->size * 2.6; /* as drawn */
    return next->space_before + leading * next->nitems;
}

/* Sets the row in g->texts (with g->span); style 1 shades it and sets it
 * in the head role (subtotals, totals). The row stays whole on a page; a
 * new page repeats the header and the merged cells that go on. */
static void row(grid *g, int style)
{
    composer *c = g->c;
    const kp_chain *ch = style ? g->hch : g->ch;
    if (g->measuring == 1) {
        measure_row(g, ch);
        return;
    }
    double most = 1;
    for (int i = 0; i < g->n; i++) {
        g->nlines[i] = 0;
        if (g->span[i] == 0)
            continue;
        g->nlines[i] = kp_text_wrap(ch, g->texts[i], g->size, g->cols[i].w - 2 * PAD, 0,
                                    g->lines[i], CELL_LINES);
        double need = g->span[i] > 1 ? (double)g->nlines[i] / g->span[i] : g->nlines[i];
        if (need > most)
            most = need;
    }
    double h = ceil(most - 0.01) * g->leading + 2 * PAD;
    if (g->measuring == 2) {
        record_height(g, h, style);
        return;
    }
    double need = keep_need(g, h);
    g->rowno++;
    if (g->header_on_page && c->y + need > c->ybot) {
        for (int i = 0; i < g->n; i++)
            if (g->merge[i].open)
                close_merge(g, i, c->y);
        hline(g, c->y, THIN);
        kp_c_new_page(c);
        g->header_on_page = 0;
    }
    if (!g->header_on_page) {
        /* The header and at least one row stay together. */
        kp_c_need(c, 2 * h + g->size * 3);
        header(g);
        g->header_on_page = 1;
        for (int i = 0; i < g->n; i++)
            if (g->merge[i].open)
                g->merge[i].top = c->y;
    }
    double top = c->y;
    if (style) {
        double x = g->cols[0].x, w = g->cols[g->n - 1].x + g->cols[g->n - 1].w - x;
        kp_c_rect(c, x, top, w, h, 0, 0xF7F7F7, 1);
    }
    for (int i = 0; i < g->n; i++) {
        kp_c_check_glyphs(c, ch, g->texts[i], c->l->name);
        if (g->span[i] > 1) {
            size_t l = strlen(g->texts[i]);
            if (l >= sizeof g->merge[i].text)
                l = sizeof g->merge[i].text - 1;
            memcpy(g->merge[i].text, g->texts[i], l);
            g->merge[i].text[l] = '\0';
            g->merge[i].top = top;
            g->merge[i].open = 1;
            g->merge[i].left = g->span[i];
        } else if (g->span[i] == 1) {
            cell_text(g, ch, i, g->texts[i], g->lines[i], g->nlines[i], top, h, 0);
        }
    }
    /* The row's top rule, broken where a merged cell goes on. */
    for (int i = 0; i < g->n;) {
        int j = i;
        while (j < g->n && !(g->span[j] == 0 && g->merge[j].open && g->merge[j].top < top - 0.01))
            j++;
        if (j > i)
            kp_c_line(c, g->cols[i].x, top, g->cols[j - 1].x + g->cols[j - 1].w, top, THIN,
                      KP_BLACK);
        i = j + 1;
    }
    verticals(g, top, top + h);
    c->y += h;
    for (int k = 0; k < g->n; k++)
        if (g->merge[k].open && --g->merge[k].left <= 0) {
            close_merge(g, k, c->y);
            g->merge[k].open = 0;
        }
}

static void end(grid *g)
{
    for (int i = 0; i < g->n; i++)
        if (g->merge[i].open)
            close_merge(g, i, g->c->y), g->merge[i].open = 0;
    if (g->header_on_page)
        hline(g, g->c->y, THICK);
}

static void clear(grid *g)
{
    for (int i = 0; i < g->n; i++)
        g->texts[i][0] = '\0', g->span[i] = 1;
}

static int col_of(const grid *g, kp_col_field f)
{
    for (int i = 0; i < g->n; i++)
        if (g->cols[i].field == f)
            return i;
    return -1;
}

/* ---- row sources ---- */

static void fmt_num(const kp_results *r, double v, int decimals, char *buf, size_t size)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        kp_num_format(v, decimals < 0 ? r->rs->decimals : decimals, buf, size);
}

/* The ranking table: the kind's run-period results in published order. */
static void rows_ranking(grid *g)
{
    composer *c = g->c;
    const kp_results *r = c->s->r;
    const kp_model *m = r->m;
    const kp_table *t = c->s->table;
    int n = m->kind_count[c->s->kind];
    for (int row_i = 0; row_i < n; row_i++) {
        int s = t->order[row_i];
        const kp_score *sc = kp_table_score(r, t, s);
        const kp_kind *k = &r->rs->kinds[m->subjects[s].kind];
        clear(g);
        for (int i = 0; i < g->n; i++) {
            char *buf = g->texts[i];
            size_t size = sizeof g->texts[i];
            switch (g->cols[i].field) {
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
                fmt_num(r, kp_table_value(r, t, s, g->cols[i].index),
                        r->rs->indicators[g->cols[i].index].decimals, buf, size);
                break;
            case KP_COL_SUBTOTAL:
                fmt_num(r, kp_table_subtotal(r, t, s, g->cols[i].index), -1, buf, size);
                break;
            case KP_COL_GROUP: {
                /* One cell for the subjects of a street in a row. */
                const char *grp = kp_model_group_of(m, s);
                snprintf(buf, size, "%s", grp);
                int prev = row_i > 0 && !strcmp(kp_model_group_of(m, t->order[row_i - 1]), grp);
                int span = 1;
                while (row_i + span < n &&
                       !strcmp(kp_model_group_of(m, t->order[row_i + span]), grp))
                    span++;
                g->span[i] = prev ? 0 : span;
                break;
            }
            case KP_COL_TOTAL:
                fmt_num(r, sc->published, -1, buf, size);
                break;
            case KP_COL_GRADE: {
                /* A veto or disqualification: marked, {table_notes} says why. */
                char mark[32] = "";
                int note = kp_compose_note_of(r, t, s);
                if (note)
                    kp_compose_note_mark(note, mark, sizeof mark);
                snprintf(buf, size, "%s%s", sc->grade >= 0 ? k->grades[sc->grade].name : "", mark);
                break;
            }
            default:
                break;
            }
        }
        row(g, 0);
    }
}

static int same_award(const kp_award *a, const kp_award *b)
{
    return !strcmp(a->label, b->label) && !strcmp(a->unit ? a->unit : "", b->unit ? b->unit : "");
}

/* One award's cells (list view). */
static void award_cells(grid *g, const kp_award *a, int seq)
{
    const kp_results *r = g->c->s->r;
    const kp_table *t = kp_compose_table_of(r, a->kind, &a->period);
    const kp_score *sc = t ? kp_table_score(r, t, a->subject) : NULL;
    for (int i = 0; i < g->n; i++) {
        char *buf = g->texts[i];
        size_t size = sizeof g->texts[i];
        switch (g->cols[i].field) {
        case KP_COL_SEQ:
            snprintf(buf, size, "%d", seq);
            break;
        case KP_COL_AWARD:
            snprintf(buf, size, "%s", a->label);
            break;
        case KP_COL_KIND:
            snprintf(buf, size, "%s", r->rs->kinds[a->kind].label);
            break;
        case KP_COL_NAME:
            snprintf(buf, size, "%s", r->m->subjects[a->subject].name);
            break;
        case KP_COL_ID:
            snprintf(buf, size, "%s", r->m->subjects[a->subject].id);
            break;
        case KP_COL_PERIOD:
            kp_period_format_cn(&a->period, buf, size);
            break;
        case KP_COL_AMOUNT:
            kp_compose_amount(a->amount, a->unit, buf, size);
            break;
        case KP_COL_TOTAL:
            if (sc)
                fmt_num(r, sc->published, -1, buf, size);
            break;
        case KP_COL_RANK:
            if (sc && sc->rank)
                snprintf(buf, size, "%d", sc->rank);
            break;
        default:
            break;
        }
    }
}

/* Awards by award, each award's rows followed by its sum (list view). */
static void rows_award_list(grid *g)
{
    const kp_context *s = g->c->s;
    const kp_results *r = s->r;
    int seq = 0, award_col = col_of(g, KP_COL_AWARD);
    int sub_col = col_of(g, KP_COL_NAME) >= 0 ? col_of(g, KP_COL_NAME) : award_col == 0 ? 1 : 0;
    const char *sub_label = g->b->label ? g->b->label : "小计";
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        if (!kp_compose_award_in(s, a))
            continue;
        int first = 1;
        for (size_t j = 0; j < i && first; j++)
            first = !(kp_compose_award_in(s, &r->awards[j]) && same_award(&r->awards[j], a));
        if (!first)
            continue;
        int count = 0, amounts = 0;
        double sum = 0;
        for (size_t j = i; j < r->nawards; j++)
            if (kp_compose_award_in(s, &r->awards[j]) && same_award(&r->awards[j], a)) {
                count++;
                if (!isnan(r->awards[j].amount))
                    sum += r->awards[j].amount, amounts++;
            }
        int subtotal = amounts > 0 && count > 1 && kp_compose_award_is_money(a);
        int k = 0;
        for (size_t j = i; j < r->nawards; j++) {
            const kp_award *x = &r->awards[j];
            if (!kp_compose_award_in(s, x) || !same_award(x, a))
                continue;
            clear(g);
            award_cells(g, x, ++seq);
            if (award_col >= 0)
                g->span[award_col] = k == 0 ? count + subtotal : 0;
            k++;
            row(g, 0);
        }
        if (subtotal) {
            clear(g);
            if (award_col >= 0)
                g->span[award_col] = 0;
            if (sub_col >= 0 && sub_col != award_col)
                snprintf(g->texts[sub_col], sizeof g->texts[sub_col], "%s", sub_label);
            int amt = col_of(g, KP_COL_AMOUNT);
            if (amt >= 0)
                kp_compose_amount(sum, a->unit, g->texts[amt], sizeof g->texts[amt]);
            row(g, 1);
        }
    }
}

/* Per unit or person (over kinds): the awards received and their sums per
 * measure (sums view). */
static void rows_award_sums(grid *g)
{
    const kp_context *s = g->c->s;
    const kp_results *r = s->r;
    int seq = 0;
#define ENT(subj) (r->m->subjects[subj].entity)
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        if (!kp_compose_award_in(s, a))
            continue;
        int first = 1;
        for (size_t j = 0; j < i && first; j++)
            first = !(kp_compose_award_in(s, &r->awards[j]) &&
                      ENT(r->awards[j].subject) == ENT(a->subject));
        if (!first)
            continue;
        clear(g);
        award_cells(g, a, ++seq);
        const kp_table *main = kp_results_main(r, a->kind);
        const kp_score *sc = main ? kp_table_score(r, main, a->subject) : NULL;
        int awd = col_of(g, KP_COL_AWARD), amt = col_of(g, KP_COL_AMOUNT);
        char list[1024] = "", sums[512] = "";
        size_t ll = 0, sl = 0;
        for (size_t j = i; j < r->nawards; j++) {
            const kp_award *x = &r->awards[j];
            if (ENT(x->subject) != ENT(a->subject) || !kp_compose_award_in(s, x))
                continue;
            int seen = 0;
            for (size_t q = i; q < j && !seen; q++)
                seen = ENT(r->awards[q].subject) == ENT(a->subject) &&
                       kp_compose_award_in(s, &r->awards[q]) &&
                       !strcmp(r->awards[q].label, x->label);
            if (!seen) {
                int count = 0;
                for (size_t q = j; q < r->nawards; q++)
                    count += ENT(r->awards[q].subject) == ENT(a->subject) &&
                             kp_compose_award_in(s, &r->awards[q]) &&
                             !strcmp(r->awards[q].label, x->label);
                ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s%s%d项", ll ? "、" : "",
                                       x->label, count);
                if (ll >= sizeof list)
                    ll = sizeof list - 1;
            }
            /* Sums per measure: each unit once, at its first award. */
            if (isnan(x->amount))
                continue;
            int unit_seen = 0;
            for (size_t q = i; q < j && !unit_seen; q++)
                unit_seen =
                    ENT(r->awards[q].subject) == ENT(a->subject) &&
                    kp_compose_award_in(s, &r->awards[q]) && !isnan(r->awards[q].amount) &&
                    !strcmp(r->awards[q].unit ? r->awards[q].unit : "", x->unit ? x->unit : "");
            if (unit_seen)
                continue;
            double sum = 0;
            for (size_t q = j; q < r->nawards; q++)
                if (ENT(r->awards[q].subject) == ENT(a->subject) &&
                    kp_compose_award_in(s, &r->awards[q]) && !isnan(r->awards[q].amount) &&
                    !strcmp(r->awards[q].unit ? r->awards[q].unit : "", x->unit ? x->unit : ""))
                    sum += r->awards[q].amount;
            char one[64];
            kp_compose_amount(sum, x->unit, one, sizeof one);
            sl += (size_t)snprintf(sums + sl, sizeof sums - sl, "%s%s", sl ? "、" : "", one);
            if (sl >= sizeof sums)
                sl = sizeof sums - 1;
        }
        if (awd >= 0)
            snprintf(g->texts[awd], sizeof g->texts[awd], "%s", list);
        if (amt >= 0)
            snprintf(g->texts[amt], sizeof g->texts[amt], "%s", sums);
        int per = col_of(g, KP_COL_PERIOD);
        if (per >= 0)
            g->texts[per][0] = '\0';
        int tot = col_of(g, KP_COL_TOTAL), rk = col_of(g, KP_COL_RANK);
        if (tot >= 0) {
            g->texts[tot][0] = '\0';
            if (sc)
                fmt_num(r, sc->published, -1, g->texts[tot], sizeof g->texts[tot]);
        }
        if (rk >= 0) {
            g->texts[rk][0] = '\0';
            if (sc && sc->rank)
                snprintf(g->texts[rk], sizeof g->texts[rk], "%d", sc->rank);
        }
        row(g, 0);
    }
}
#undef ENT

/* The indicator sheet: one row per indicator, categories merged down the
 * rows; with a subject, its scores, category subtotals and total. */
static void rows_indicators(grid *g)
{
    const kp_context *s = g->c->s;
    const kp_results *r = s->r;
    const kp_ruleset *rs = r->rs;
    int kind = s->kind, subj = s->subject;
    const kp_table *t = subj >= 0 ? s->table : NULL;
    int cats = 0;
    for (int i = 0; i < rs->ncategories; i++)
        cats += rs->category_kind[i] == kind;
    int subtotals = t && g->b->label && cats > 1;
    int seq = 0, cat_col = col_of(g, KP_COL_CATEGORY);
    double points = 0;
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        if (ind->kind != kind)
            continue;
        int prev = -1, next = -1, span = 0;
        for (int j = i - 1; j >= 0 && prev < 0; j--)
            if (rs->indicators[j].kind == kind)
                prev = j;
        for (int j = i + 1; j < rs->nindicators && next < 0; j++)
            if (rs->indicators[j].kind == kind)
                next = j;
        int first = prev < 0 || rs->indicators[prev].cat != ind->cat;
        int last = next < 0 || rs->indicators[next].cat != ind->cat;
        for (int j = i; j < rs->nindicators; j++)
            if (rs->indicators[j].kind == kind) {
                if (rs->indicators[j].cat != ind->cat)
                    break;
                span++;
            }
        clear(g);
        seq++;
        /* Full marks: the points as weighted into the total. */
        if (ind->method != KP_M_FLAG && ind->sign > 0 && !isnan(ind->points))
            points += ind->points * ind->weight;
        for (int c = 0; c < g->n; c++) {
            char *buf = g->texts[c];
            size_t size = sizeof g->texts[c];
            switch (g->cols[c].field) {
            case KP_COL_SEQ:
                snprintf(buf, size, "%d", seq);
                break;
            case KP_COL_CATEGORY:
                snprintf(buf, size, "%s", ind->cat >= 0 ? rs->categories[ind->cat] : "");
                g->span[c] = first ? span + subtotals : 0;
                break;
            case KP_COL_ITEM:
                snprintf(buf, size, "%s", ind->label);
                break;
            case KP_COL_RULE:
                snprintf(buf, size, "%s", ind->rule ? ind->rule : "");
                break;
            case KP_COL_POINTS:
                if (!isnan(ind->points)) {
                    kp_compose_amount(ind->points, "", buf, size);
                    if (ind->weight != 1 && ind->method != KP_M_FLAG) {
                        char w[48];
                        kp_compose_amount(ind->weight * 100, "%", w, sizeof w);
                        snprintf(buf + strlen(buf), size - strlen(buf), "×%s", w);
                    }
                }
                break;
            case KP_COL_LEAD:
                snprintf(buf, size, "%s", ind->lead ? ind->lead : "");
                break;
            case KP_COL_SCORE:
                if (t) {
                    double v = kp_table_value(r, t, subj, i);
                    fmt_num(r, ind->sign < 0 && v != 0 ? -v : v, ind->decimals, buf, size);
                }
                break;
            default:
                break;
            }
        }
        row(g, 0);
        if (subtotals && last) {
            clear(g);
            if (cat_col >= 0)
                g->span[cat_col] = 0;
            int item = col_of(g, KP_COL_ITEM), sc = col_of(g, KP_COL_SCORE);
            if (item >= 0)
                snprintf(g->texts[item], sizeof g->texts[item], "%s", g->b->label);
            if (sc >= 0 && ind->cat >= 0)
                fmt_num(r, kp_table_subtotal(r, t, subj, ind->cat), -1, g->texts[sc],
                        sizeof g->texts[sc]);
            row(g, 1);
        }
    }
    if (g->b->total && seq) {
        clear(g);
        int lab =
            col_of(g, KP_COL_CATEGORY) >= 0 ? col_of(g, KP_COL_CATEGORY) : col_of(g, KP_COL_ITEM);
        int pts = col_of(g, KP_COL_POINTS), sc = col_of(g, KP_COL_SCORE);
        if (lab >= 0)
            snprintf(g->texts[lab], sizeof g->texts[lab], "%s", g->b->total);
        if (pts >= 0 && points > 0)
            kp_compose_amount(points, "", g->texts[pts], sizeof g->texts[pts]);
        if (sc >= 0 && t)
            fmt_num(r, kp_table_score(r, t, subj)->published, -1, g->texts[sc],
                    sizeof g->texts[sc]);
        row(g, 1);
    }
}

/* A subject's results in every table of its kind, the run period last. */
static void rows_history(grid *g)
{
    const kp_context *s = g->c->s;
    const kp_results *r = s->r;
    if (s->subject < 0)
        return;
    const kp_kind *k = &r->rs->kinds[s->kind];
    for (int ti = 0; ti < r->ntables; ti++) {
        const kp_table *t = &r->tables[ti];
        if (t->kind != s->kind)
            continue;
        const kp_score *sc = kp_table_score(r, t, s->subject);
        clear(g);
        for (int i = 0; i < g->n; i++) {
            char *buf = g->texts[i];
            size_t size = sizeof g->texts[i];
            switch (g->cols[i].field) {
            case KP_COL_PERIOD:
                kp_period_format_cn(&t->period, buf, size);
                break;
            case KP_COL_TOTAL:
                fmt_num(r, sc->published, -1, buf, size);
                break;
            case KP_COL_RANK:
                if (sc->rank)
                    snprintf(buf, size, "%d", sc->rank);
                break;
            case KP_COL_RANKED:
                if (sc->rank)
                    snprintf(buf, size, "%d", sc->group_n);
                break;
            case KP_COL_GRADE:
                if (sc->grade >= 0)
                    snprintf(buf, size, "%s", k->grades[sc->grade].name);
                break;
            default:
                break;
            }
        }
        row(g, t->main);
    }
}

static void rows_of(grid *g)
{
    switch (g->b->type) {
    case KP_B_TABLE:
        rows_ranking(g);
        break;
    case KP_B_AWARDS:
        if (g->b->sums)
            rows_award_sums(g);
        else
            rows_award_list(g);
        break;
    case KP_B_INDICATORS:
        rows_indicators(g);
        break;
    default:
        rows_history(g);
    }
}

void kp_grid_block(composer *c, const kp_block *b)
{
    const kp_context *s = c->s;
    if ((b->type == KP_B_TABLE && !s->table) || (b->type == KP_B_INDICATORS && s->kind < 0) ||
        (b->type == KP_B_HISTORY && s->subject < 0))
        return;
    grid *g = kp_xcalloc(1, sizeof *g);
    g->c = c, g->b = b;
    g->ch = kp_c_chain(c, b->role);
    g->hch = kp_c_chain(c, b->head_role ? b->head_role : b->role);
    g->size = b->size;
    g->leading = b->leading > 0 ? b->leading : b->size * 1.3;
    if (b->type == KP_B_TABLE)
        ranking_columns(g);
    else
        plain_columns(g);
    if (g->n) {
        g->measuring = 1;
        rows_of(g);
        fit_cols(g);
        g->measuring = 2;
        rows_of(g);
        g->measuring = 0;
        g->reserve = signlines_after(g);
        g->tail = tail_start(g);
        rows_of(g);
        end(g);
    }
    free(g->heights);
    free(g->subtotals);
    free(g->spans);
    free(g);
}
