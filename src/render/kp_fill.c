/* kp_fill.c - {placeholder} expansion from the run configuration and the finished results. */
#include "kp_compose.h"
#include "../base/kp_mem.h"
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

/* A bounded string builder. */
typedef struct {
    char *buf;
    size_t size, len;
} sb;

static void put(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sb *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= b->size - b->len)
        b->buf[b->len] = '\0'; /* drop what does not fit whole */
    else
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

/* Every {name} a layout may use, for the layout loader's check and its hints:
 * kp_compose_value below answers each of them (and nothing else). */
static const char *const placeholder_names[] = {"authority",
                                                "authority_short",
                                                "docnumber",
                                                "title",
                                                "addressee",
                                                "note",
                                                "cc",
                                                "printer",
                                                "date_cn",
                                                "year",
                                                "period_cn",
                                                "ruleset",
                                                "source",
                                                "awards",
                                                "award",
                                                "award_names",
                                                "award_summary",
                                                "notices",
                                                "kind",
                                                "kind_label",
                                                "count_unit",
                                                "count",
                                                "grade_summary",
                                                "top_names",
                                                "top_total",
                                                "bottom_total",
                                                "grouped",
                                                "trend",
                                                "main",
                                                "id",
                                                "name",
                                                "subject_unit",
                                                "subject_group",
                                                "subject_total",
                                                "subject_rank",
                                                "subject_ranked",
                                                "subject_grade",
                                                "subject_awards",
                                                "penalties",
                                                "penalty_list",
                                                "warned_names",
                                                "top_grade",
                                                "top_grade_names",
                                                "table_notes",
                                                NULL};

const char *const *kp_compose_placeholders(void)
{
    return placeholder_names;
}

void kp_compose_value(const kp_context *s, const char *name, char *buf, size_t size)
{
    const kp_run *run = s->run;
    const kp_ruleset *rs = s->r->rs;
    const kp_model *m = s->r->m;
    const kp_kind *k = s->kind >= 0 ? &rs->kinds[s->kind] : NULL;
    const kp_score *sc = subject_score(s);
    sb b = {buf, size, 0};
    buf[0] = '\0';
#define IS(x) (!strcmp(name, x))
    if (IS("authority"))
        put(&b, "%s", run->authority);
    else if (IS("authority_short"))
        put(&b, "%s", run->authority_short);
    else if (IS("docnumber"))
        put(&b, "%s", kp_run_docnumber_of(run, s->layout->name, k ? k->key : NULL));
    else if (IS("title"))
        put(&b, "%s", run->title);
    else if (IS("addressee"))
        put(&b, "%s", run->addressee);
    else if (IS("note"))
        put(&b, "%s", run->note);
    else if (IS("cc"))
        put(&b, "%s", run->cc ? run->cc : "");
    else if (IS("printer"))
        put(&b, "%s", run->printer && run->printer[0] ? run->printer : run->authority_short);
    else if (IS("date_cn"))
        kp_text_date_cn(run->date, buf, size);
    else if (IS("year"))
        put(&b, "%d", run->period.end > 0 ? (run->period.end - 1) / 12 : run->period.year);
    else if (IS("period_cn"))
        kp_period_format_cn(s->table && s->table->main ? &s->table->period : &run->period, buf,
                            size);
    else if (IS("ruleset"))
        put(&b, "%s", rs->name);
    else if (IS("source"))
        source_cited(rs->source, &b);
    else if (IS("awards")) {
        int n = award_count(s);
        if (n)
            put(&b, "%d", n);
    } else if (IS("award"))
        put(&b, "%s", s->layout && s->layout->award ? s->layout->award : "");
    else if (IS("award_names"))
        award_names(s, &b);
    else if (IS("award_summary"))
        award_summary(s, &b);
    else if (IS("penalties"))
        penalty_list(s, &b, 1);
    else if (IS("penalty_list"))
        penalty_list(s, &b, 0);
    else if (IS("warned_names"))
        warned_names(s, &b);
    else if (IS("notices")) {
        if (s->r->nnotices)
            put(&b, "%zu", s->r->nnotices);
    } else if (!k)
        return; /* the rest are about a kind */
    else if (IS("kind"))
        put(&b, "%s", k->key);
    else if (IS("kind_label"))
        put(&b, "%s", k->label);
    else if (IS("count_unit"))
        put(&b, "%s", k->from_people ? "名" : "个");
    else if (IS("count"))
        put(&b, "%d", kind_count(s));
    else if (IS("grade_summary"))
        grade_summary(s, &b);
    else if (IS("top_names"))
        top_names(s, &b);
    else if (IS("top_grade"))
        top_grade_names(s, &b, 1);
    else if (IS("top_grade_names"))
        top_grade_names(s, &b, 0);
    else if (IS("table_notes"))
        table_notes(s, &b);
    else if (IS("top_total"))
        extreme_total(s, 1, &b);
    else if (IS("bottom_total"))
        extreme_total(s, 0, &b);
    else if (IS("grouped")) {
        if (k->group_parent)
            put(&b, "1");
    } else if (IS("trend")) {
        int n = sub_periods(s);
        if (n >= 2)
            put(&b, "%d", n);
    } else if (IS("main")) {
        if (s->table && s->table->main)
            put(&b, "1");
    } else if (s->subject < 0)
        return; /* the rest are about a subject */
    else if (IS("id"))
        put(&b, "%s", m->subjects[s->subject].id);
    else if (IS("name"))
        put(&b, "%s", m->subjects[s->subject].name);
    else if (IS("subject_unit")) {
        const kp_entity *e = &m->entities[m->subjects[s->subject].entity];
        size_t u;
        if (e->unit && kp_map_get(&m->entity_ids, e->unit, &u))
            put(&b, "%s", m->entities[u].name);
    } else if (IS("subject_group"))
        put(&b, "%s", kp_model_group_of(m, s->subject) ? kp_model_group_of(m, s->subject) : "");
    else if (IS("subject_total")) {
        if (sc)
            kp_num_format(sc->published, rs->decimals, buf, size);
    } else if (IS("subject_rank")) {
        if (sc && sc->rank)
            put(&b, "%d", sc->rank);
    } else if (IS("subject_ranked")) {
        if (sc && sc->rank)
            put(&b, "%d", sc->group_n);
    } else if (IS("subject_grade")) {
        if (sc && sc->grade >= 0)
            put(&b, "%s", k->grades[sc->grade].name);
    } else if (IS("subject_awards"))
        subject_awards(s, &b);
#undef IS
}

int kp_compose_fill(const kp_context *s, const char *tmpl, char *buf, size_t size)
{
    size_t len = 0;
    int empty = 0;
    const char *p = tmpl;
    /* Layout text is indented XML: collapse its line breaks and indentation. */
    while (*p == ' ' || *p == '\n' || *p == '\t')
        p++;
    while (*p && len + 1 < size) {
        if (*p == '\n') {
            while (*p == '\n' || *p == ' ' || *p == '\t')
                p++;
            continue;
        }
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close && close - p < 40) {
            char name[40], val[2048];
            snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
            kp_compose_value(s, name, val, sizeof val);
            size_t vl = strlen(val);
            empty += vl == 0;
            if (len + vl >= size)
                break;
            memcpy(buf + len, val, vl);
            len += vl;
            p = close + 1;
            continue;
        }
        buf[len++] = *p++;
    }
    while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
        len--;
    buf[len] = '\0';
    return empty;
}
