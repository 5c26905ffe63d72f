/* kp_chart.c - charts drawn with rules and rectangles: bars of the totals, ranks over the periods.
 */
#include "kp_compose_int.h"
#include "../base/kp_mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PERIODS 24
#define GRID_GREY 0xBFBFBF
/* Bars of a kind without grades: no grade's colour (优秀's red would say what nobody is). */
#define NEUTRAL 0x546E7A

static const uint32_t default_palette[] = {0xC00000, 0x1F4E79, 0x2E7D32, 0xED7D31, 0x7030A0,
                                           0x00838F, 0xBF9000, 0x5D4037, 0xD81B60, 0x546E7A};

static uint32_t colour(const kp_block *b, int i)
{
    if (b->npalette)
        return b->palette[i % b->npalette];
    return default_palette[i % (int)(sizeof default_palette / sizeof default_palette[0])];
}

/* Axis ticks: about five steps of 1, 2, 2.5 or 5 times a power of ten. */
static double nice_step(double range)
{
    if (range <= 0)
        return 1;
    double raw = range / 5, mag = pow(10, floor(log10(raw)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (int i = 0; i < 5; i++)
        if (steps[i] * mag >= raw)
            return steps[i] * mag;
    return 10 * mag;
}

static void fmt_tick(double v, char *buf, size_t size)
{
    kp_compose_amount(fabs(v) < 1e-9 ? 0 : v, "", buf, size);
}

/* Text no wider than w: the size comes down until it fits. */
static double fit_size(const kp_chain *ch, const char *s, double size, double w)
{
    double tw = kp_chain_width(ch, s, strlen(s), size);
    return tw > w && tw > 0 ? fmax(size * w / tw, 4) : size;
}

typedef struct {
    int subject; /* -1: a group's heading */
    const char *group;
} bar_entry;

/* Shown of a long ranking: its first and its last this many. */
enum { KP_CHART_ENDS = 10 };

/* The smallest size a bar's name is set at: 7 pt still reads on paper. */
#define KP_CHART_MIN_LABEL 7.0

/* The names' column: the layout's width, wider (up to 45% of the block) when a name would
 * otherwise shrink below KP_CHART_MIN_LABEL, as a 28-character name did to 4 pt. */
static double label_width(const composer *c, const kp_block *b, const kp_chain *ch,
                          const bar_entry *e, int ne)
{
    const kp_results *r = c->s->r;
    double w = b->label_width, cap = 0.45 * (c->x1 - c->x0);
    double min = fmin(b->size, KP_CHART_MIN_LABEL);
    for (int i = 0; i < ne; i++) {
        if (e[i].subject < 0)
            continue;
        const char *name = r->m->subjects[e[i].subject].name;
        double need = kp_chain_width(ch, name, strlen(name), min) + 2;
        w = need > w ? fmin(need, cap) : w;
    }
    return w;
}

/* How the totals spread: a bar per band of totals (highest first), its
 * length the number of subjects in it; about five bands over the totals'
 * own range, not the axis's from 0. */
static void distribution(composer *c, const kp_block *b, const kp_results *r, const kp_table *t,
                         int n)
{
    double vmin = INFINITY, vmax = -INFINITY;
    for (int i = 0; i < n; i++) {
        double v = kp_table_score(r, t, t->order[i])->published;
        vmin = fmin(vmin, v), vmax = fmax(vmax, v);
    }
    double step = nice_step(vmax - vmin), lo = floor(vmin / step) * step;
    double hi = fmax(ceil(vmax / step) * step, lo + step);
    int nb = (int)ceil((hi - lo) / step - 1e-9), most = 1;
    if (nb < 1 || nb > 100)
        return;
    int count[100] = {0};
    for (int i = 0; i < n; i++) {
        int k = (int)floor((kp_table_score(r, t, t->order[i])->published - lo) / step);
        count[k < 0 ? 0 : k >= nb ? nb - 1 : k]++;
    }
    for (int k = 0; k < nb; k++)
        most = count[k] > most ? count[k] : most;
    const kp_chain *ch = kp_c_chain(c, b->role);
    double size = b->size, pitch = b->bar_height * 1.45;
    double lx1 = c->x0 + b->label_width, bx0 = lx1 + 3, bx1 = c->x1 - 3.2 * kp_c_em(ch, size);
    kp_c_need(c, nb * pitch);
    for (int k = nb - 1; k >= 0; k--) {
        char band[64], a[24], z[24], val[16];
        fmt_tick(lo + k * step, a, sizeof a);
        fmt_tick(lo + (k + 1) * step, z, sizeof z);
        snprintf(band, sizeof band, "%s～%s分", a, z);
        snprintf(val, sizeof val, "%d", count[k]);
        double ty = c->y + (pitch - size) / 2, bw = (bx1 - bx0) * count[k] / most;
        double lw = kp_chain_width(ch, band, strlen(band), size);
        kp_c_text(c, ch, lx1 - lw, ty, size, KP_BLACK, band, strlen(band));
        if (bw > 0.1)
            kp_c_rect(c, bx0, c->y + (pitch - b->bar_height) / 2, bw, b->bar_height, 0,
                      b->has_color ? b->color : NEUTRAL, 1);
        kp_c_text(c, ch, bx0 + bw + 2, ty, size * 0.9, KP_BLACK, val, strlen(val));
        c->y += pitch;
    }
    c->y += pitch;
}

/* The entries of a long ranking's bar chart: its first and last ten under
 * headings. Returns the count. */
static int ends_entries(const kp_table *t, int n, bar_entry *e)
{
    int ne = 0;
    e[ne++] = (bar_entry){-1, "前十名"};
    for (int i = 0; i < KP_CHART_ENDS; i++)
        e[ne++] = (bar_entry){t->order[i], ""};
    e[ne++] = (bar_entry){-1, "后十名"};
    for (int i = n - KP_CHART_ENDS; i < n; i++)
        e[ne++] = (bar_entry){t->order[i], ""};
    return ne;
}

/* Horizontal bars of the published totals in published order, across
 * pages, a value axis over each page's part; bars take their grade's
 * colour when the kind is graded, with a legend below. */
static void bar_chart(composer *c, const kp_block *b)
{
    const kp_context *s = c->s;
    const kp_results *r = s->r;
    const kp_table *t = s->table;
    if (!t)
        return;
    const kp_kind *k = &r->rs->kinds[s->kind];
    int n = r->m->kind_count[s->kind];
    bar_entry *e = kp_xmalloc(sizeof *e * (size_t)(2 * n + 1));
    int ne = 0;
    double vmin = 0, vmax = 0;
    for (int i = 0; i < n; i++) {
        int subj = t->order[i];
        const char *grp = kp_model_group_of(r->m, subj);
        if (k->group_parent && (i == 0 || strcmp(grp, kp_model_group_of(r->m, t->order[i - 1]))))
            e[ne++] = (bar_entry){-1, grp};
        e[ne++] = (bar_entry){subj, grp};
        double v = kp_table_score(r, t, subj)->published;
        vmin = fmin(vmin, v), vmax = fmax(vmax, v);
    }
    const kp_chain *ch = kp_c_chain(c, b->role), *hch = kp_c_chain(c, b->head_role);
    double size = b->size, em = kp_c_em(ch, size);
    double pitch = b->bar_height * 1.45, axis_h = size * 1.8;
    double label_w = label_width(c, b, ch, e, ne);
    double lx1 = c->x0 + label_w;                 /* labels end here */
    double bx0 = lx1 + 3, bx1 = c->x1 - 3.2 * em; /* the bars' span */
    double step = nice_step(vmax - vmin);
    double lo = floor(vmin / step) * step, hi = ceil(vmax / step) * step;
    if (hi <= lo)
        hi = lo + step;
#define XV(v) (bx0 + ((v)-lo) / (hi - lo) * (bx1 - bx0))
    int graded = k->ngrades > 0;
    if (b->max_bars > 0 && n > b->max_bars && n > 2 * KP_CHART_ENDS) {
        /* Pages of bars nobody reads: how the totals spread, then both ends. */
        distribution(c, b, r, t, n);
        ne = ends_entries(t, n, e);
    }
    int at = 0;
    while (at < ne) {
        kp_c_need(c, axis_h + 3 * pitch);
        double top = c->y + axis_h;
        int fit = (int)floor((c->ybot - top) / pitch);
        if (fit < 1)
            fit = 1;
        int m = ne - at < fit ? ne - at : fit;
        double bottom = top + m * pitch;
        /* Ticks and grid first, so the bars lie on top. */
        for (double v = lo; v <= hi + step / 2; v += step) {
            double x = XV(v);
            char tick[32];
            fmt_tick(v, tick, sizeof tick);
            double tw = kp_chain_width(ch, tick, strlen(tick), size * 0.9);
            kp_c_text(c, ch, x - tw / 2, c->y + (axis_h - size) / 2, size * 0.9, KP_BLACK, tick,
                      strlen(tick));
            kp_c_line(c, x, top, x, bottom, fabs(v) < 1e-9 ? 0.8 : 0.3,
                      fabs(v) < 1e-9 ? KP_BLACK : GRID_GREY);
        }
        kp_c_line(c, bx0, top, bx1, top, 0.5, KP_BLACK);
        for (int i = 0; i < m; i++) {
            const bar_entry *x = &e[at + i];
            double y = top + i * pitch;
            double ty = y + (pitch - size) / 2;
            if (x->subject < 0) {
                kp_c_text(c, hch, c->x0, ty, size, KP_BLACK, x->group, strlen(x->group));
                continue;
            }
            const kp_score *sc = kp_table_score(r, t, x->subject);
            const char *name = r->m->subjects[x->subject].name;
            double ns = fmax(fit_size(ch, name, size, label_w - 2), fmin(size, KP_CHART_MIN_LABEL));
            double nw = kp_chain_width(ch, name, strlen(name), ns);
            kp_c_check_glyphs(c, ch, name, r->m->subjects[x->subject].id);
            kp_c_text(c, ch, lx1 - nw, y + (pitch - ns) / 2, ns, KP_BLACK, name, strlen(name));
            double v = sc->published, xa = XV(fmin(v, 0)), xb = XV(fmax(v, 0));
            uint32_t rgb = graded ? (sc->grade >= 0 ? colour(b, sc->grade) : 0x999999)
                                  : (b->has_color ? b->color : NEUTRAL);
            if (xb - xa > 0.1)
                kp_c_rect(c, xa, y + (pitch - b->bar_height) / 2, xb - xa, b->bar_height, 0, rgb,
                          1);
            char val[32];
            kp_num_format(v, r->rs->decimals, val, sizeof val);
            /* A white ground under the value, so no gridline runs through it. */
            double vw = kp_chain_width(ch, val, strlen(val), size * 0.9);
            kp_c_rect(c, xb + 1, ty - size * 0.1, vw + 2, size * 1.1, 0, 0xFFFFFF, 1);
            kp_c_text(c, ch, xb + 2, ty, size * 0.9, KP_BLACK, val, strlen(val));
        }
        at += m;
        c->y = bottom + 2;
        if (at < ne)
            kp_c_new_page(c);
    }
#undef XV
    free(e);
    if (!graded)
        return;
    /* Legend: a swatch and the grade's name, in a row. */
    double h = size * 2;
    kp_c_need(c, h);
    double x = bx0, ty = c->y + (h - size) / 2;
    for (int g = 0; g < k->ngrades; g++) {
        const char *gn = k->grades[g].name;
        double w = kp_chain_width(ch, gn, strlen(gn), size);
        if (x + size + 3 + w > c->x1)
            break;
        kp_c_rect(c, x, ty + size * 0.1, size, size * 0.8, 0, colour(b, g), 1);
        kp_c_text(c, ch, x + size + 3, ty, size, KP_BLACK, gn, strlen(gn));
        x += size + 3 + w + 2 * em;
    }
    c->y += h;
}

/* What a rank trend shows: the sub-period tables, the subjects picked, the worst rank. */
typedef struct {
    const kp_table *per[MAX_PERIODS];
    int np;
    int *pick, npick;
    int maxrank;
} trend;

/* The `top` best subjects (by rank, then published order: the first of every group first)
 * over the kind's sub-period tables; 0 when there is no trend to draw. */
static int trend_pick(const kp_context *s, const kp_block *b, trend *t)
{
    const kp_results *r = s->r;
    memset(t, 0, sizeof *t);
    for (int i = 0; i < r->ntables && t->np < MAX_PERIODS; i++)
        if (r->tables[i].kind == s->kind && !r->tables[i].main)
            t->per[t->np++] = &r->tables[i];
    if (t->np < 2)
        return 0;
    int n = r->m->kind_count[s->kind], want = b->top < n ? b->top : n;
    t->pick = kp_xmalloc(sizeof *t->pick * (size_t)(n ? n : 1));
    for (int rank = 1; t->npick < want && rank <= n; rank++)
        for (int i = 0; i < n && t->npick < want; i++) {
            int subj = s->table->order[i];
            if (kp_table_score(r, s->table, subj)->rank == rank)
                t->pick[t->npick++] = subj;
        }
    t->maxrank = 1;
    for (int p = 0; p < t->np; p++)
        for (int i = 0; i < t->npick; i++) {
            int rk = kp_table_score(r, t->per[p], t->pick[i])->rank;
            t->maxrank = rk > t->maxrank ? rk : t->maxrank;
        }
    return t->npick > 0;
}

/* One subject's ranks as a line in the panel [x0, x1] x [y0, y0 + h] (rank 1 at the top). */
static void trend_line(composer *c, const trend *t, int subj, double x0, double x1, double y0,
                       double h, double width, uint32_t rgb, const kp_chain *marks, double size)
{
    const kp_results *r = c->s->r;
    double inset = 4, span = t->maxrank > 1 ? t->maxrank - 1 : 1;
    double px = 0, py = 0;
    int prev = 0;
    for (int p = 0; p < t->np; p++) {
        int rk = kp_table_score(r, t->per[p], subj)->rank;
        if (!rk) {
            prev = 0;
            continue;
        }
        double x = x0 + (p + 0.5) * (x1 - x0) / t->np;
        double y = y0 + inset + (rk - 1) / span * (h - 2 * inset);
        if (prev)
            kp_c_line(c, px, py, x, y, width, rgb);
        if (marks) { /* the subject's own line: a marker and its rank at each period */
            kp_c_rect(c, x - 1.4, y - 1.4, 2.8, 2.8, 0, rgb, 1);
            char lab[16];
            snprintf(lab, sizeof lab, "%d", rk);
            double w = kp_chain_width(marks, lab, strlen(lab), size);
            double ty = rk == 1 ? y + 2 : y - size - 1.5;
            kp_c_text(c, marks, x - w / 2, ty, size, KP_BLACK, lab, strlen(lab));
        }
        prev = 1, px = x, py = y;
    }
}

/* Subject i's panel at (x, y), w wide: its name, the others' lines thin and grey behind its own
 * strong one (greyscale keeps them apart), rank 1 and the last rank marked, the periods below. */
static void trend_panel(composer *c, const kp_block *b, const trend *t, int i, double x, double y,
                        double w, double plot_h)
{
    const kp_results *r = c->s->r;
    const kp_kind *k = &r->rs->kinds[c->s->kind];
    const kp_chain *ch = kp_c_chain(c, b->role);
    double size = b->size, em = kp_c_em(ch, size);
    int subj = t->pick[i];
    char lab[256];
    const char *name = r->m->subjects[subj].name, *grp = kp_model_group_of(r->m, subj);
    if (k->group_parent && grp[0])
        snprintf(lab, sizeof lab, "%s（%s）", name, grp);
    else
        snprintf(lab, sizeof lab, "%s", name);
    double fs = fit_size(ch, lab, size, w);
    kp_c_check_glyphs(c, ch, lab, r->m->subjects[subj].id);
    kp_c_text(c, ch, x, y, fs, KP_BLACK, lab, strlen(lab));
    double py0 = y + size * 1.5, px0 = x + 1.8 * em, px1 = x + w;
    double span = t->maxrank > 1 ? t->maxrank - 1 : 1, inset = 4;
    for (int rk = 1; rk <= t->maxrank; rk += t->maxrank > 1 ? t->maxrank - 1 : 1) {
        double ry = py0 + inset + (rk - 1) / span * (plot_h - 2 * inset);
        kp_c_line(c, px0, ry, px1, ry, 0.3, GRID_GREY);
        char num[16];
        snprintf(num, sizeof num, "%d", rk);
        double nw = kp_chain_width(ch, num, strlen(num), size * 0.8);
        kp_c_text(c, ch, px0 - nw - 2, ry - size * 0.4, size * 0.8, KP_BLACK, num, strlen(num));
    }
    kp_c_rect(c, px0, py0, px1 - px0, plot_h, 0.5, KP_BLACK, 0);
    for (int j = 0; j < t->npick; j++)
        if (j != i)
            trend_line(c, t, t->pick[j], px0, px1, py0, plot_h, 0.5, 0xCFCFCF, NULL, 0);
    trend_line(c, t, subj, px0, px1, py0, plot_h, 1.6, colour(b, i), ch, size * 0.8);
    double ls = size * 0.7;
    for (int p = 0; p < t->np; p++) {
        char per[64];
        kp_compose_period_short(&t->per[p]->period, per, sizeof per);
        double cx = px0 + (p + 0.5) * (px1 - px0) / t->np;
        double pf = fit_size(ch, per, ls, (px1 - px0) / t->np - 1);
        double pw = kp_chain_width(ch, per, strlen(per), pf);
        kp_c_text(c, ch, cx - pw / 2, py0 + plot_h + 2, pf, KP_BLACK, per, strlen(per));
    }
}

/* Ranks over the sub-periods of the `top` best subjects as small multiples: a panel each on
 * the same axes, the subject's own line over the others' in grey. One line a panel reads at
 * a glance where twelve crossing lines in one plot did not. Two panels a row (three past
 * twelve subjects); each row goes to the next page when it does not fit. */
static void trend_chart(composer *c, const kp_block *b)
{
    const kp_context *s = c->s;
    if (s->kind < 0 || !s->table)
        return;
    trend t;
    if (!trend_pick(s, b, &t)) {
        free(t.pick);
        return;
    }
    const kp_chain *ch = kp_c_chain(c, b->role);
    double size = b->size, gap = 3 * kp_c_em(ch, size);
    int cols = t.npick > 12 ? 3 : t.npick > 1 ? 2 : 1;
    double w = (c->x1 - c->x0 - (cols - 1) * gap) / cols;
    /* Panels as tall as half the layout's height, lower (to 40 pt) so that all of them share
     * the rest of the page, and the 版记 after them, when they can. */
    int rows = (t.npick + cols - 1) / cols;
    double frame = size * 1.5 + size * 2.6;
    double room = c->ybot - c->y - size * 1.6 - kp_c_colophon_after(c) - 2 * size;
    double plot_h = fmin(b->height / 2, room / rows - frame);
    plot_h = fmax(plot_h, 40);
    double cell_h = frame + plot_h;
    kp_c_need(c, size * 1.6 + cell_h);
    kp_c_text(c, ch, c->x0, c->y, size * 0.9, KP_BLACK, "名次", strlen("名次"));
    c->y += size * 1.6;
    for (int i = 0; i < t.npick; i += cols) {
        kp_c_need(c, cell_h);
        for (int j = 0; j < cols && i + j < t.npick; j++)
            trend_panel(c, b, &t, i + j, c->x0 + j * (w + gap), c->y, w, plot_h);
        c->y += cell_h;
    }
    free(t.pick);
}

void kp_chart_block(composer *c, const kp_block *b)
{
    if (c->s->kind < 0)
        return;
    if (b->chart == KP_CHART_TREND)
        trend_chart(c, b);
    else
        bar_chart(c, b);
}
