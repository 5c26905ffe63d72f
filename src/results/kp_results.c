/* kp_results.c - the results' tables: growing, reading and freeing them, and notices as text. */
#include "kp_results.h"
#include "../base/kp_mem.h"
#include "../base/kp_vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_results_contribution(const kp_indicator *ind, kp_exact *v)
{
    kp_exact_mul_held(v, ind->weight);
    if (ind->sign < 0)
        kp_exact_neg(v);
}

void kp_results_category_sum(const kp_ruleset *rs, int category, const double *row, kp_exact *x)
{
    kp_exact v = KP_EXACT_ZERO;
    kp_exact_set_int(x, 0);
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        if (ind->cat != category || row[i] == 0)
            continue;
        kp_exact_set_held(&v, row[i]);
        kp_results_contribution(ind, &v);
        kp_exact_add(x, &v);
    }
    kp_exact_clear(&v);
}

double kp_table_subtotal(const kp_results *r, const kp_table *t, int subject, int category)
{
    const kp_ruleset *rs = r->rs;
    int slot = rs->nindicators + category;
    if (rs->category_kind[category] != t->kind)
        return NAN;
    if (kp_table_stored(r, t, subject, slot))
        return kp_table_slot(r, t, subject, slot);
    double row[KP_MAX_INDICATORS];
    for (int i = 0; i < rs->nindicators; i++)
        row[i] = rs->indicators[i].cat == category ? kp_table_value(r, t, subject, i) : 0;
    kp_exact x = KP_EXACT_ZERO;
    kp_results_category_sum(rs, category, row, &x);
    double v = kp_exact_held(&x);
    kp_exact_clear(&x);
    return v;
}

void kp_table_store_row(kp_results *r, kp_table *t, size_t at, const double *row)
{
    const kp_ruleset *rs = r->rs;
    int nslots = kp_table_slots(rs);
    uint64_t *bits = &t->stored[at * KP_TABLE_WORDS(nslots)];
    t->value_at[at] = (uint32_t)t->nvalues;
    for (int i = 0; i < nslots; i++) {
        if (kp_table_slot_kind(rs, i) != t->kind || (row[i] == 0 && !signbit(row[i])))
            continue;
        double *v = kp_vec_room(t->values, t->nvalues, &t->capvalues, sizeof *v, 1024);
        if (t->nvalues >= UINT32_MAX) /* 32 GB of scores: no machine holds more */
            kp_oom();
        t->values = v;
        t->values[t->nvalues++] = row[i];
        bits[i / 64] |= (uint64_t)1 << (i % 64);
    }
    t->value_at[at + 1] = (uint32_t)t->nvalues;
}

void kp_table_alloc(const kp_results *r, kp_table *t, int kind)
{
    size_t n = (size_t)r->m->kind_count[kind] + 1; /* a row of slack */
    t->kind = kind;
    t->scores = kp_xcalloc(n, sizeof *t->scores);
    t->value_at = kp_xcalloc(n + 1, sizeof *t->value_at);
    t->stored = kp_xcalloc(n * KP_TABLE_WORDS(kp_table_slots(r->rs)), sizeof *t->stored);
    t->order = kp_xmalloc(n * sizeof *t->order);
    for (size_t i = 0; i < n; i++)
        t->scores[i].grade = -1;
}

void kp_results_free(kp_results *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->ntables; i++) {
        free(r->tables[i].scores);
        free(r->tables[i].values);
        free(r->tables[i].value_at);
        free(r->tables[i].stored);
        free(r->tables[i].order);
    }
    free(r->tables);
    free(r->disqualified);
    free(r->notices);
    free(r->awards);
    memset(r, 0, sizeof *r);
}

const kp_table *kp_results_main(const kp_results *r, int kind)
{
    return r->main_table[kind] >= 0 ? &r->tables[r->main_table[kind]] : NULL;
}

static const char *const notice_names[KP_N_COUNT] = {
    [KP_N_TARGET] = "target",
    [KP_N_RATERS] = "raters",
    [KP_N_MISSING] = "missing",
    [KP_N_CHECK] = "check",
    [KP_N_VETO] = "veto",
    [KP_N_STREAK] = "streak",
    [KP_N_DISQUALIFIED] = "disqualified",
    [KP_N_OVERDUE] = "overdue",
    [KP_N_LEDGER] = "ledger",
};

const char *kp_notice_type_name(kp_notice_type t)
{
    return t < KP_N_COUNT ? notice_names[t] : "notice";
}

static const char *slot_label(const kp_results *r, int slot, const char **unit)
{
    *unit = "";
    if (slot < 0)
        return "";
    if (slot < r->rs->nindicators)
        return r->rs->indicators[slot].label;
    const kp_input *in = &r->rs->inputs[slot - r->rs->nindicators];
    *unit = in->unit;
    return in->label;
}

/* The notice as one line of text; cn: as a document's sentence (2023年5月, no
 * spaces around numbers), else as the CSV and the terminal show it (2023-05). */
static void notice_line(const kp_results *r, const kp_notice *n, int cn, char *buf, size_t size)
{
    const char *name = n->entity >= 0 ? r->m->entities[n->entity].name : "";
    const char *unit, *label = slot_label(r, n->slot, &unit);
    const char *sp = cn ? "" : " ";
    char per[64];
    if (cn)
        kp_period_format_cn(&n->period, per, sizeof per);
    else
        kp_period_format(&n->period, per, sizeof per);
    if (n->text[0]) {
        snprintf(buf, size, "%s%s%s%s%s", name, sp, per, sp, n->text);
        return;
    }
    switch (n->type) {
    case KP_N_TARGET:
        snprintf(buf, size, "%s%s%s%s%s%g%s，低于目标%s%g%s", name, sp, per, label, sp, n->value,
                 unit, sp, n->limit, unit);
        break;
    case KP_N_RATERS:
        snprintf(buf, size, "%s%s%s参评人数%s%g%s人，少于%s%g%s人", name, sp, label, sp, n->value,
                 sp, sp, n->limit, sp);
        break;
    case KP_N_MISSING:
        snprintf(buf, size, "%s%s%s%s%s数据缺失", name, sp, per, n->slot < 0 ? "全部指标" : label,
                 sp);
        break;
    case KP_N_CHECK:
        if (isnan(n->limit))
            snprintf(buf, size, "%s%s%s%s%g%s，超出规定范围", name, sp, label, sp, n->value, unit);
        else
            snprintf(buf, size, "%s%s%s%s%g%s，占比低于规定（共%s%g）", name, sp, label, sp,
                     n->value, unit, sp, n->limit);
        break;
    case KP_N_VETO: /* "一票否决" once, whether or not the indicator's label says it */
        snprintf(buf, size, strstr(label, "否决") ? "%s%s%s" : "%s%s%s，一票否决", name, sp, label);
        break;
    default:
        snprintf(buf, size, "%s%s%s", name, sp, per);
    }
}

void kp_notice_text(const kp_results *r, const kp_notice *n, char *buf, size_t size)
{
    notice_line(r, n, 0, buf, size);
}

void kp_notice_sentence(const kp_results *r, const kp_notice *n, char *buf, size_t size)
{
    notice_line(r, n, 1, buf, size);
}
