/* kp_fill.c - {placeholder} expansion from the run configuration and the results. */
#include "kp_compose.h"
#include "kp_text.h"

#include <stdio.h>
#include <string.h>

static const char *const quarter_cn[] = {"", "一", "二", "三", "四"};

static void period_cn(const kp_period *p, char *buf, size_t size)
{
    switch (p->type) {
    case KP_PER_YEAR:
        snprintf(buf, size, "%d年度", p->year);
        break;
    case KP_PER_HALF:
        snprintf(buf, size, "%d年%s半年", p->year, p->n == 1 ? "上" : "下");
        break;
    case KP_PER_QUARTER:
        snprintf(buf, size, "%d年第%s季度", p->year, quarter_cn[p->n]);
        break;
    case KP_PER_MONTH:
        snprintf(buf, size, "%d年%d月", p->year, p->n);
        break;
    case KP_PER_RANGE:
        snprintf(buf, size, "%d年%d月至%d年%d月", p->start / 12, p->start % 12 + 1,
                 (p->end - 1) / 12, (p->end - 1) % 12 + 1);
        break;
    }
}

/* "优秀5个、良好13个、一般4个": the count per grade, best first. */
static void grade_summary(const kp_subject_set *s, char *buf, size_t size)
{
    const kp_results *r = s->r;
    const kp_kind *k = &r->rs->kinds[s->kind];
    int n = r->m->kind_count[s->kind];
    size_t len = 0;
    buf[0] = '\0';
    for (int g = 0; g < k->ngrades; g++) {
        int count = 0;
        for (int i = 0; i < n; i++)
            count += s->table->scores[i].grade == g;
        if (!count)
            continue;
        int w = snprintf(buf + len, size - len, "%s%s%d%s", len ? "、" : "", k->grades[g].name,
                         count, k->from_people ? "人" : "个");
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
    }
}

static void value_of(const kp_subject_set *s, const char *name, char *buf, size_t size)
{
    const kp_run *run = s->run;
    const kp_ruleset *rs = s->r->rs;
    buf[0] = '\0';
    if (!strcmp(name, "authority"))
        snprintf(buf, size, "%s", run->authority);
    else if (!strcmp(name, "authority_short"))
        snprintf(buf, size, "%s", run->authority_short);
    else if (!strcmp(name, "docnumber"))
        snprintf(buf, size, "%s", run->docnumber);
    else if (!strcmp(name, "title"))
        snprintf(buf, size, "%s", run->title);
    else if (!strcmp(name, "addressee"))
        snprintf(buf, size, "%s", run->addressee);
    else if (!strcmp(name, "note"))
        snprintf(buf, size, "%s", run->note);
    else if (!strcmp(name, "date_cn"))
        kp_text_date_cn(run->date, buf, size);
    else if (!strcmp(name, "period_cn"))
        period_cn(&s->table->period, buf, size);
    else if (!strcmp(name, "kind_label"))
        snprintf(buf, size, "%s", rs->kinds[s->kind].label);
    else if (!strcmp(name, "count_unit"))
        snprintf(buf, size, "%s", rs->kinds[s->kind].from_people ? "名" : "个");
    else if (!strcmp(name, "count"))
        snprintf(buf, size, "%d", s->r->m->kind_count[s->kind]);
    else if (!strcmp(name, "ruleset"))
        snprintf(buf, size, "%s", rs->name);
    else if (!strcmp(name, "source"))
        snprintf(buf, size, "%s", rs->source);
    else if (!strcmp(name, "grade_summary"))
        grade_summary(s, buf, size);
}

void kp_compose_fill(const kp_subject_set *s, const char *tmpl, char *buf, size_t size)
{
    size_t len = 0;
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
            char name[40], val[1024];
            snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
            value_of(s, name, val, sizeof val);
            size_t vl = strlen(val);
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
}
