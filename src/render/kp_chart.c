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
    double lx1 = c->x0 + b->label_width;          /* labels end here */
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
            double ns = fit_size(ch, name, size, b->label_width - 2);
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

/* Ranks over the sub-periods of the `top` best subjects (the best of each
 * group first where the kind ranks by group): a line each, rank 1 at the
 * top, a legend of names below. */
static void trend_chart(composer *c, const kp_block *b)
{
    const kp_context *s = c->s;
    const kp_results *r = s->r;
    if (s->kind < 0 || !s->table)
        return;
    const kp_table *per[MAX_PERIODS];
    int np = 0;
    for (int i = 0; i < r->ntables && np < MAX_PERIODS; i++)
        if (r->tables[i].kind == s->kind && !r->tables[i].main)
            per[np++] = &r->tables[i];
    if (np < 2)
        return;
    const kp_kind *k = &r->rs->kinds[s->kind];
    int n = r->m->kind_count[s->kind];
    int *pick = kp_xmalloc(sizeof *pick * (size_t)n);
    /* By rank, then published order: first places (of every group) first. */
    int np_pick = 0, want = b->top < n ? b->top : n;
    for (int rank = 1; np_pick < want && rank <= n; rank++)
        for (int i = 0; i < n && np_pick < want; i++) {
            int subj = s->table->order[i];
            if (kp_table_score(r, s->table, subj)->rank == rank)
                pick[np_pick++] = subj;
        }
    int maxrank = 1;
    for (int p = 0; p < np; p++)
        for (int i = 0; i < np_pick; i++)
            if (kp_table_score(r, per[p], pick[i])->rank > maxrank)
                maxrank = kp_table_score(r, per[p], pick[i])->rank;
    const kp_chain *ch = kp_c_chain(c, b->role);
    double size = b->size, em = kp_c_em(ch, size);
    /* Legend rows of up to four names. */
    int per_row = 4, legend_rows = (np_pick + per_row - 1) / per_row;
    double legend_h = legend_rows * size * 1.9;
    double axis_h = size * 2.2;
    double plot_h = b->height;
    kp_c_need(c, size * 1.8 + plot_h + axis_h + legend_h);
    double px0 = c->x0 + 2.5 * em, px1 = c->x1 - em;
    double py0 = c->y + size * 1.8, py1 = py0 + plot_h;
    kp_c_text(c, ch, c->x0, c->y, size * 0.9, KP_BLACK, "名次", strlen("名次"));
    /* Rank lines: every rank up to 15, else every fifth. */
    int every = maxrank <= 15 ? 1 : maxrank <= 40 ? 5 : 10;
    double span = maxrank > 1 ? maxrank - 1 : 1;
    double inset = size * 0.8;
#define YR(rk) (py0 + inset + ((rk)-1) / span * (plot_h - 2 * inset))
#define XP(i) (px0 + ((i) + 0.5) * (px1 - px0) / np)
    for (int rk = 1; rk <= maxrank; rk++) {
        if (rk != 1 && rk % every && rk != maxrank)
            continue;
        double y = YR(rk);
        kp_c_line(c, px0, y, px1, y, 0.3, GRID_GREY);
        char lab[16];
        snprintf(lab, sizeof lab, "%d", rk);
        double w = kp_chain_width(ch, lab, strlen(lab), size * 0.9);
        kp_c_text(c, ch, px0 - w - 3, y - size * 0.45, size * 0.9, KP_BLACK, lab, strlen(lab));
    }
    kp_c_rect(c, px0, py0, px1 - px0, plot_h, 0.6, KP_BLACK, 0);
    double ls = size * (np > 12 ? 0.75 : 0.9);
    for (int p = 0; p < np; p++) {
        char lab[64];
        kp_compose_period_short(&per[p]->period, lab, sizeof lab);
        double fs = fit_size(ch, lab, ls, (px1 - px0) / np - 1);
        double w = kp_chain_width(ch, lab, strlen(lab), fs);
        kp_c_text(c, ch, XP(p) - w / 2, py1 + 3, fs, KP_BLACK, lab, strlen(lab));
        kp_c_line(c, XP(p), py1, XP(p), py1 + 2, 0.5, KP_BLACK);
    }
    double mk = 3.2;
    for (int i = 0; i < np_pick; i++) {
        uint32_t rgb = colour(b, i);
        int prev = 0;
        double px = 0, py = 0;
        for (int p = 0; p < np; p++) {
            int rk = kp_table_score(r, per[p], pick[i])->rank;
            if (!rk) {
                prev = 0;
                continue;
            }
            double x = XP(p), y = YR(rk);
            if (prev)
                kp_c_line(c, px, py, x, y, 1.2, rgb);
            kp_c_rect(c, x - mk / 2, y - mk / 2, mk, mk, 0, rgb, 1);
            prev = 1, px = x, py = y;
        }
    }
    /* The legend. */
    double ly = py1 + axis_h, colw = (c->x1 - c->x0) / per_row;
    for (int i = 0; i < np_pick; i++) {
        const char *name = r->m->subjects[pick[i]].name;
        char lab[256];
        const char *grp = kp_model_group_of(r->m, pick[i]);
        if (k->group_parent && grp[0])
            snprintf(lab, sizeof lab, "%s（%s）", name, grp);
        else
            snprintf(lab, sizeof lab, "%s", name);
        double x = c->x0 + (i % per_row) * colw, y = ly + (i / per_row) * size * 1.9;
        kp_c_line(c, x, y + size / 2, x + 14, y + size / 2, 1.6, colour(b, i));
        double fs = fit_size(ch, lab, size, colw - 20);
        kp_c_check_glyphs(c, ch, lab, r->m->subjects[pick[i]].id);
        kp_c_text(c, ch, x + 18, y + (size - fs) / 2, fs, KP_BLACK, lab, strlen(lab));
    }
#undef YR
#undef XP
    c->y = ly + legend_h;
    free(pick);
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
