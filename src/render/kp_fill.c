/* kp_fill.c - {placeholder} expansion from the run configuration and the finished results. */
#include "kp_compose.h"
#include "../base/kp_mem.h"
#include "../pdf/kp_utf8.h"
#include "kp_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_compose_period_short(const kp_period *p, char *buf, size_t size)
{
    switch (p->type) {
    case KP_PER_YEAR:
        snprintf(buf, size, "%d年", p->year);
        break;
    case KP_PER_HALF:
        snprintf(buf, size, "%s半年", p->n == 1 ? "上" : "下");
        break;
    case KP_PER_QUARTER:
        snprintf(buf, size, "第%s季度", kp_period_quarter_cn(p->n));
        break;
    case KP_PER_MONTH:
        snprintf(buf, size, "%d月", p->n);
        break;
    case KP_PER_RANGE:
        kp_period_format_cn(p, buf, size);
        break;
    }
}

void kp_compose_amount(double amount, const char *unit, char *buf, size_t size)
{
    if (isnan(amount)) {
        buf[0] = '\0';
        return;
    }
    char num[64];
    snprintf(num, sizeof num, "%.2f", amount);
    char *dot = strchr(num, '.');
    if (dot) { /* 3000.00 -> 3000, 0.50 -> 0.5 */
        char *end = num + strlen(num);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    snprintf(buf, size, "%s%s", num, unit ? unit : "");
}

const kp_table *kp_compose_table_of(const kp_results *r, int kind, const kp_period *p)
{
    for (int i = 0; i < r->ntables; i++)
        if (r->tables[i].kind == kind && kp_period_equal(&r->tables[i].period, p))
            return &r->tables[i];
    return NULL;
}

int kp_compose_award_is_penalty(const kp_award *a)
{
    return !isnan(a->amount) && a->amount < 0;
}

int kp_compose_award_is_money(const kp_award *a)
{
    return !isnan(a->amount) && a->unit && !strcmp(a->unit, "元");
}

int kp_compose_award_in(const kp_context *s, const kp_award *a)
{
    if (kp_compose_award_is_penalty(a))
        return 0;
    if (s->layout && s->layout->award && strcmp(a->label, s->layout->award) != 0)
        return 0;
    const kp_model *m = s->r->m;
    if (s->subject >= 0)
        return m->subjects[a->subject].entity == m->subjects[s->subject].entity;
    if (s->kind >= 0)
        return a->kind == s->kind;
    return 1;
}

static int noted(const kp_results *r, const kp_table *t, int subj)
{
    const kp_score *sc = kp_table_score(r, t, subj);
    return sc->vetoed || (r->disqualified && r->disqualified[subj]);
}

int kp_compose_note_of(const kp_results *r, const kp_table *t, int subj)
{
    if (!t || !noted(r, t, subj))
        return 0;
    int n = 0, count = r->m->kind_count[t->kind];
    for (int i = 0; i < count; i++) {
        n += noted(r, t, t->order[i]);
        if (t->order[i] == subj)
            return n;
    }
    return 0;
}

void kp_compose_note_mark(int n, char *buf, size_t size)
{
    static const char *const circled[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
                                          "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"};
    if (n >= 1 && n <= 20)
        snprintf(buf, size, "%s", circled[n - 1]);
    else
        snprintf(buf, size, "（%d）", n);
}

/* A string builder that grows (malloc'd): no value is ever cut to a buffer's size. */
typedef struct {
    char *buf;
    size_t size, len;
} sb;

/* Room for n more bytes and the terminator. */
static void room(sb *b, size_t n)
{
    if (b->len + n + 1 <= b->size)
        return;
    size_t size = b->size ? b->size : 256;
    while (size < b->len + n + 1)
        size *= 2;
    b->buf = kp_xrealloc(b->buf, size);
    b->size = size;
}

static void put(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (w <= 0)
        return;
    room(b, (size_t)w);
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, (size_t)w + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)w;
}

static int kind_count(const kp_context *s)
{
    return s->kind >= 0 ? s->r->m->kind_count[s->kind] : 0;
}

/* "优秀5个、良好13个、一般4个": the count per grade, best first. */
static void grade_summary(const kp_context *s, sb *b)
{
    if (!s->table)
        return;
    const kp_kind *k = &s->r->rs->kinds[s->kind];
    int n = kind_count(s);
    for (int g = 0; g < k->ngrades; g++) {
        int count = 0;
        for (int i = 0; i < n; i++)
            count += s->table->scores[i].grade == g;
        if (count)
            put(b, "%s%s%d%s", b->len ? "、" : "", k->grades[g].name, count,
                k->from_people ? "人" : "个");
    }
}

/* "桂园街道、枫溪街道": the names in the best grade anyone received, in table order. */
static void top_grade_names(const kp_context *s, sb *b, int grade_only)
{
    if (!s->table)
        return;
    int n = kind_count(s), best = -1, shown = 0;
    for (int i = 0; i < n; i++) {
        int g = s->table->scores[i].grade;
        if (g >= 0 && (best < 0 || g < best))
            best = g;
    }
    if (best < 0)
        return;
    if (grade_only) {
        put(b, "%s", s->r->rs->kinds[s->kind].grades[best].name);
        return;
    }
    for (int i = 0; i < n; i++) {
        int subj = s->table->order[i];
        if (kp_table_score(s->r, s->table, subj)->grade == best)
            put(b, "%s%s", shown++ ? "、" : "", s->r->m->subjects[subj].name);
    }
}

/* "沙田居民区、朱丽萍": who the run's notices are about, each once, in notice order. */
static void warned_names(const kp_context *s, sb *b)
{
    const kp_results *r = s->r;
    unsigned char *seen = kp_xcalloc((size_t)r->m->nentities + 1, 1);
    for (size_t i = 0; seen && i < r->nnotices; i++) {
        const kp_notice *n = &r->notices[i];
        if (n->entity < 0 || seen[n->entity])
            continue;
        seen[n->entity] = 1;
        put(b, "%s%s", b->len ? "、" : "", r->m->entities[n->entity].name);
    }
    free(seen);
}

/* The names ranked first (one per group where the kind ranks by group). */
static void top_names(const kp_context *s, sb *b)
{
    if (!s->table)
        return;
    int n = kind_count(s), shown = 0, more = 0;
    for (int i = 0; i < n; i++) {
        int subj = s->table->order[i];
        if (kp_table_score(s->r, s->table, subj)->rank != 1)
            continue;
        if (shown == 6) {
            more = 1;
            continue;
        }
        put(b, "%s%s", shown++ ? "、" : "", s->r->m->subjects[subj].name);
    }
    if (more)
        put(b, "等");
}

/* The highest or lowest published total among the ranked subjects. */
static void extreme_total(const kp_context *s, int highest, sb *b)
{
    if (!s->table)
        return;
    int n = kind_count(s), found = 0;
    double best = 0;
    for (int i = 0; i < n; i++) {
        const kp_score *sc = &s->table->scores[i];
        if (!sc->rank)
            continue;
        if (!found || (highest ? sc->published > best : sc->published < best))
            best = sc->published;
        found = 1;
    }
    if (found) {
        char num[64];
        kp_num_format(best, s->r->rs->decimals, num, sizeof num);
        put(b, "%s", num);
    }
}

/* Sub-period tables of the kind (for a trend over them). */
static int sub_periods(const kp_context *s)
{
    int n = 0;
    for (int i = 0; s->kind >= 0 && i < s->r->ntables; i++)
        n += s->r->tables[i].kind == s->kind && !s->r->tables[i].main;
    return n;
}

static int award_count(const kp_context *s)
{
    int n = 0;
    for (size_t i = 0; i < s->r->nawards; i++)
        n += kp_compose_award_in(s, &s->r->awards[i]);
    return n;
}

/* "龙泉镇（1月、3月）、桂园街道（2月）": who received the awards, when. */
static void award_names(const kp_context *s, sb *b)
{
    const kp_results *r = s->r;
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        if (!kp_compose_award_in(s, a))
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = kp_compose_award_in(s, &r->awards[j]) && r->awards[j].subject == a->subject;
        if (seen)
            continue;
        put(b, "%s%s（", b->len ? "、" : "", r->m->subjects[a->subject].name);
        int first = 1;
        for (size_t j = i; j < r->nawards; j++) {
            const kp_award *x = &r->awards[j];
            if (x->subject != a->subject || !kp_compose_award_in(s, x))
                continue;
            char per[64];
            kp_compose_period_short(&x->period, per, sizeof per);
            put(b, "%s%s", first ? "" : "、", per);
            first = 0;
        }
        put(b, "）");
    }
}

/* "季度奖励12项，共24000元；流动红旗14项": per award label and unit. */
static void award_summary(const kp_context *s, sb *b)
{
    const kp_results *r = s->r;
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        if (!kp_compose_award_in(s, a))
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = kp_compose_award_in(s, &r->awards[j]) && !strcmp(r->awards[j].label, a->label) &&
                   !strcmp(r->awards[j].unit ? r->awards[j].unit : "", a->unit ? a->unit : "");
        if (seen)
            continue;
        int count = 0, amounts = 0;
        double sum = 0;
        for (size_t j = i; j < r->nawards; j++) {
            const kp_award *x = &r->awards[j];
            if (!kp_compose_award_in(s, x) || strcmp(x->label, a->label) ||
                strcmp(x->unit ? x->unit : "", a->unit ? a->unit : ""))
                continue;
            count++;
            if (!isnan(x->amount))
                sum += x->amount, amounts++;
        }
        put(b, "%s%s%d项", b->len ? "；" : "", a->label, count);
        if (amounts && a->unit && !strcmp(a->unit, "元")) {
            char amt[64];
            kp_compose_amount(sum, a->unit, amt, sizeof amt);
            put(b, "，共%s", amt);
        }
    }
}

static int penalty_of(const kp_context *s, const kp_award *a);

/* The subject's awards and pay cuts, as its record keeps them:
 * "2013年第一季度季度奖励3000元；2013年1月流动红旗；2023年度绩效工资扣减50%". */
static void subject_awards(const kp_context *s, sb *b)
{
    const kp_results *r = s->r;
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        int cut = penalty_of(s, a);
        if (!cut && !kp_compose_award_in(s, a))
            continue;
        char per[64], amt[64];
        kp_period_format_cn(&a->period, per, sizeof per);
        kp_compose_amount(cut ? -a->amount : a->amount, a->unit, amt, sizeof amt);
        put(b, "%s%s%s%s%s", b->len ? "；" : "", per, a->label, cut ? "扣减" : "", amt);
    }
}

/* The rule set's source as a document cites it: "（附件3）" names an
 * attachment of the source, which the reader would take for the
 * document's own 附件3, so such asides are left out. */
static void source_cited(const char *src, sb *b)
{
    static const char open[] = "（附件", close[] = "）";
    const char *p = src;
    for (const char *a; (a = strstr(p, open)) != NULL;) {
        const char *z = strstr(a, close);
        if (!z)
            break;
        put(b, "%.*s", (int)(a - p), p);
        p = z + strlen(close);
    }
    put(b, "%s", p);
}

/* "①梁伟纪律处分，一票否决，等次为不合格": why each marked subject of the
 * table is marked, from its veto and disqualification notices. */
static void table_notes(const kp_context *s, sb *b)
{
    const kp_results *r = s->r;
    const kp_table *t = s->table;
    int n = kind_count(s), k = 0;
    for (int i = 0; t && i < n; i++) {
        int subj = t->order[i];
        if (!kp_compose_note_of(r, t, subj))
            continue;
        char mark[32], text[1024];
        kp_compose_note_mark(++k, mark, sizeof mark);
        put(b, "%s%s", k > 1 ? "；" : "", mark);
        int said = 0;
        for (size_t j = 0; j < r->nnotices; j++) {
            const kp_notice *nt = &r->notices[j];
            if ((nt->type != KP_N_VETO && nt->type != KP_N_DISQUALIFIED) || nt->subject != subj)
                continue;
            kp_notice_sentence(r, nt, text, sizeof text);
            put(b, "%s%s", said++ ? "，" : "", text);
        }
        if (!said)
            put(b, "%s%s", r->m->subjects[subj].name,
                kp_table_score(r, t, subj)->vetoed ? "一票否决" : "不得评定较高等次");
        const kp_score *sc = kp_table_score(r, t, subj);
        if (sc->grade >= 0)
            put(b, "，等次为%s", r->rs->kinds[t->kind].grades[sc->grade].name);
    }
}

static int penalty_of(const kp_context *s, const kp_award *a)
{
    if (!kp_compose_award_is_penalty(a))
        return 0;
    const kp_model *m = s->r->m;
    if (s->subject >= 0)
        return m->subjects[a->subject].entity == m->subjects[s->subject].entity;
    return s->kind < 0 || a->kind == s->kind;
}

/* "阎振华（专职社工）绩效工资扣减50%": the penalties kept with the awards. */
static void penalty_list(const kp_context *s, sb *b, int count_only)
{
    const kp_results *r = s->r;
    int n = 0;
    for (size_t i = 0; i < r->nawards; i++) {
        const kp_award *a = &r->awards[i];
        if (!penalty_of(s, a))
            continue;
        n++;
        if (count_only)
            continue;
        char amt[64];
        kp_compose_amount(-a->amount, a->unit, amt, sizeof amt);
        put(b, "%s%s（%s）%s扣减%s", n > 1 ? "；" : "", r->m->subjects[a->subject].name,
            r->rs->kinds[a->kind].label, a->label, amt);
    }
    if (count_only && n)
        put(b, "%d", n);
}

static const kp_score *subject_score(const kp_context *s)
{
    if (s->subject < 0 || !s->table)
        return NULL;
    return kp_table_score(s->r, s->table, s->subject);
}

/* What a placeholder's value is made of: the context, the kind and the subject's score when
 * there are, and the string being built. */
typedef struct {
    const kp_context *s;
    const kp_run *run;
    const kp_ruleset *rs;
    const kp_model *m;
    const kp_kind *k;   /* NULL for a run-level document */
    const kp_score *sc; /* the subject's score in the context's table, or NULL */
    sb *b;
} value_ctx;

/* Placeholders about the run: answered in any document. */
static void v_authority(const value_ctx *v)
{
    put(v->b, "%s", v->run->authority);
}
static void v_authority_short(const value_ctx *v)
{
    put(v->b, "%s", v->run->authority_short);
}
static void v_docnumber(const value_ctx *v)
{
    put(v->b, "%s", kp_run_docnumber_of(v->run, v->s->layout->name, v->k ? v->k->key : NULL));
}
static void v_title(const value_ctx *v)
{
    put(v->b, "%s", v->run->title);
}
static void v_addressee(const value_ctx *v)
{
    put(v->b, "%s", v->run->addressee);
}
static void v_note(const value_ctx *v)
{
    put(v->b, "%s", v->run->note);
}
static void v_cc(const value_ctx *v)
{
    put(v->b, "%s", v->run->cc ? v->run->cc : "");
}
static void v_printer(const value_ctx *v)
{
    const kp_run *run = v->run;
    put(v->b, "%s", run->printer && run->printer[0] ? run->printer : run->authority_short);
}
static void v_date_cn(const value_ctx *v)
{
    char cn[64];
    kp_text_date_cn(v->run->date, cn, sizeof cn);
    put(v->b, "%s", cn);
}
static void v_year(const value_ctx *v)
{
    const kp_period *p = &v->run->period;
    put(v->b, "%d", p->end > 0 ? (p->end - 1) / 12 : p->year);
}
static void v_period_cn(const value_ctx *v)
{
    const kp_table *t = v->s->table;
    char cn[64];
    kp_period_format_cn(t && t->main ? &t->period : &v->run->period, cn, sizeof cn);
    put(v->b, "%s", cn);
}
static void v_ruleset(const value_ctx *v)
{
    put(v->b, "%s", v->rs->name);
}
static void v_source(const value_ctx *v)
{
    source_cited(v->rs->source, v->b);
}
static void v_awards(const value_ctx *v)
{
    int n = award_count(v->s);
    if (n)
        put(v->b, "%d", n);
}
static void v_award(const value_ctx *v)
{
    const kp_layout *l = v->s->layout;
    put(v->b, "%s", l && l->award ? l->award : "");
}
static void v_award_names(const value_ctx *v)
{
    award_names(v->s, v->b);
}
static void v_award_summary(const value_ctx *v)
{
    award_summary(v->s, v->b);
}
static void v_penalties(const value_ctx *v)
{
    penalty_list(v->s, v->b, 1);
}
static void v_penalty_list(const value_ctx *v)
{
    penalty_list(v->s, v->b, 0);
}
static void v_warned_names(const value_ctx *v)
{
    warned_names(v->s, v->b);
}
static void v_notices(const value_ctx *v)
{
    if (v->s->r->nnotices)
        put(v->b, "%zu", v->s->r->nnotices);
}

/* About a kind: empty in a run-level document. */
static void v_kind(const value_ctx *v)
{
    put(v->b, "%s", v->k->key);
}
static void v_kind_label(const value_ctx *v)
{
    put(v->b, "%s", v->k->label);
}
static void v_count_unit(const value_ctx *v)
{
    put(v->b, "%s", v->k->from_people ? "名" : "个");
}
static void v_count(const value_ctx *v)
{
    put(v->b, "%d", kind_count(v->s));
}
static void v_grade_summary(const value_ctx *v)
{
    grade_summary(v->s, v->b);
}
static void v_top_names(const value_ctx *v)
{
    top_names(v->s, v->b);
}
static void v_top_grade(const value_ctx *v)
{
    top_grade_names(v->s, v->b, 1);
}
static void v_top_grade_names(const value_ctx *v)
{
    top_grade_names(v->s, v->b, 0);
}
static void v_table_notes(const value_ctx *v)
{
    table_notes(v->s, v->b);
}
static void v_top_total(const value_ctx *v)
{
    extreme_total(v->s, 1, v->b);
}
static void v_bottom_total(const value_ctx *v)
{
    extreme_total(v->s, 0, v->b);
}
static void v_grouped(const value_ctx *v)
{
    if (v->k->group_parent)
        put(v->b, "1");
}
static void v_trend(const value_ctx *v)
{
    int n = sub_periods(v->s);
    if (n >= 2)
        put(v->b, "%d", n);
}
static void v_main(const value_ctx *v)
{
    if (v->s->table && v->s->table->main)
        put(v->b, "1");
}

/* About a subject: empty in a document of a whole kind. */
static void v_id(const value_ctx *v)
{
    put(v->b, "%s", v->m->subjects[v->s->subject].id);
}
static void v_name(const value_ctx *v)
{
    put(v->b, "%s", v->m->subjects[v->s->subject].name);
}
static void v_subject_unit(const value_ctx *v)
{
    const kp_model *m = v->m;
    const kp_entity *e = &m->entities[m->subjects[v->s->subject].entity];
    size_t u;
    if (e->unit && kp_map_get(&m->entity_ids, e->unit, &u))
        put(v->b, "%s", m->entities[u].name);
}
static void v_subject_group(const value_ctx *v)
{
    const char *g = kp_model_group_of(v->m, v->s->subject);
    put(v->b, "%s", g ? g : "");
}
static void v_subject_total(const value_ctx *v)
{
    if (v->sc) {
        char num[64];
        kp_num_format(v->sc->published, v->rs->decimals, num, sizeof num);
        put(v->b, "%s", num);
    }
}
static void v_subject_rank(const value_ctx *v)
{
    if (v->sc && v->sc->rank)
        put(v->b, "%d", v->sc->rank);
}
static void v_subject_ranked(const value_ctx *v)
{
    if (v->sc && v->sc->rank)
        put(v->b, "%d", v->sc->group_n);
}
static void v_subject_grade(const value_ctx *v)
{
    if (v->sc && v->sc->grade >= 0)
        put(v->b, "%s", v->k->grades[v->sc->grade].name);
}
static void v_subject_awards(const value_ctx *v)
{
    subject_awards(v->s, v->b);
}

/* Every {name} a layout may use: its name, what it needs (run, kind or subject) and what
 * answers it. The layout loader's check, its did-you-mean hints and kp_compose_value all
 * read this one table; a new placeholder is one row and its function. */
/* One placeholder a line: */
/* clang-format off */
#define KP_PLACEHOLDERS(X) \
    X(authority, RUN) \
    X(authority_short, RUN) \
    X(docnumber, RUN) \
    X(title, RUN) \
    X(addressee, RUN) \
    X(note, RUN) \
    X(cc, RUN) \
    X(printer, RUN) \
    X(date_cn, RUN) \
    X(year, RUN) \
    X(period_cn, RUN) \
    X(ruleset, RUN) \
    X(source, RUN) \
    X(awards, RUN) \
    X(award, RUN) \
    X(award_names, RUN) \
    X(award_summary, RUN) \
    X(notices, RUN) \
    X(kind, KIND) \
    X(kind_label, KIND) \
    X(count_unit, KIND) \
    X(count, KIND) \
    X(grade_summary, KIND) \
    X(top_names, KIND) \
    X(top_total, KIND) \
    X(bottom_total, KIND) \
    X(grouped, KIND) \
    X(trend, KIND) \
    X(main, KIND) \
    X(id, SUBJECT) \
    X(name, SUBJECT) \
    X(subject_unit, SUBJECT) \
    X(subject_group, SUBJECT) \
    X(subject_total, SUBJECT) \
    X(subject_rank, SUBJECT) \
    X(subject_ranked, SUBJECT) \
    X(subject_grade, SUBJECT) \
    X(subject_awards, SUBJECT) \
    X(penalties, RUN) \
    X(penalty_list, RUN) \
    X(warned_names, RUN) \
    X(top_grade, KIND) \
    X(top_grade_names, KIND) \
    X(table_notes, KIND)
/* clang-format on */

enum { NEEDS_RUN, NEEDS_KIND, NEEDS_SUBJECT };

#define KP_PH_NAME(n, needs) #n,
static const char *const placeholder_names[] = {KP_PLACEHOLDERS(KP_PH_NAME) NULL};
#undef KP_PH_NAME

#define KP_PH_ROW(n, needs) {NEEDS_##needs, v_##n},
static const struct {
    int needs;
    void (*value)(const value_ctx *v);
} placeholders[] = {KP_PLACEHOLDERS(KP_PH_ROW)};
#undef KP_PH_ROW

const char *const *kp_compose_placeholders(void)
{
    return placeholder_names;
}

int kp_compose_placeholder_index(const char *name)
{
    for (int i = 0; placeholder_names[i]; i++)
        if (!strcmp(name, placeholder_names[i]))
            return i;
    return -1;
}

const char *kp_compose_placeholder_at(const char *p, char name[KP_PLACEHOLDER_MAX])
{
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    if (!close || close - p >= KP_PLACEHOLDER_MAX)
        return NULL;
    snprintf(name, KP_PLACEHOLDER_MAX, "%.*s", (int)(close - p - 1), p + 1);
    return close + 1;
}

/* The value of placeholder name, appended to b. */
static void value_into(const kp_context *s, const char *name, sb *b)
{
    int i = kp_compose_placeholder_index(name);
    if (i < 0)
        return;
    const kp_ruleset *rs = s->r->rs;
    value_ctx v = {
        s, s->run, rs, s->r->m, s->kind >= 0 ? &rs->kinds[s->kind] : NULL, subject_score(s), b};
    int needs = placeholders[i].needs;
    if ((needs >= NEEDS_KIND && !v.k) || (needs == NEEDS_SUBJECT && s->subject < 0))
        return; /* a kind's or a subject's value is empty where there is none */
    placeholders[i].value(&v);
}

/* src into buf[size], cut (when it must be) between two UTF-8 characters. */
static void copy_cut(const char *src, char *buf, size_t size)
{
    size_t n = strlen(src);
    if (n >= size)
        n = kp_utf8_cut(src, size - 1);
    memcpy(buf, src, n);
    buf[n] = '\0';
}

void kp_compose_value(const kp_context *s, const char *name, char *buf, size_t size)
{
    sb b = {NULL, 0, 0};
    room(&b, 0);
    b.buf[0] = '\0';
    value_into(s, name, &b);
    copy_cut(b.buf, buf, size);
    free(b.buf);
}

char *kp_compose_text(const kp_context *s, const char *tmpl, int *empty)
{
    sb b = {NULL, 0, 0}, v = {NULL, 0, 0};
    room(&b, 0);
    room(&v, 0);
    int none = 0;
    const char *p = tmpl;
    /* Layout text is indented XML: collapse its line breaks and indentation. */
    while (*p == ' ' || *p == '\n' || *p == '\t')
        p++;
    while (*p) {
        if (*p == '\n') {
            while (*p == '\n' || *p == ' ' || *p == '\t')
                p++;
            continue;
        }
        char name[KP_PLACEHOLDER_MAX];
        const char *after = kp_compose_placeholder_at(p, name);
        if (after) {
            v.len = 0; /* each value in a builder of its own: values look at what they wrote */
            v.buf[0] = '\0';
            value_into(s, name, &v);
            none += v.len == 0;
            room(&b, v.len);
            memcpy(b.buf + b.len, v.buf, v.len);
            b.len += v.len;
            p = after;
            continue;
        }
        room(&b, 1);
        b.buf[b.len++] = *p++;
    }
    while (b.len && (b.buf[b.len - 1] == ' ' || b.buf[b.len - 1] == '\t'))
        b.len--;
    b.buf[b.len] = '\0';
    free(v.buf);
    if (empty)
        *empty = none;
    return b.buf;
}

int kp_compose_fill(const kp_context *s, const char *tmpl, char *buf, size_t size)
{
    int empty;
    char *text = kp_compose_text(s, tmpl, &empty);
    copy_cut(text, buf, size);
    free(text);
    return empty;
}
