/* kp_ruleset.c - a rule set INI into kinds, inputs, indicators and grades. */
#include "kp_config.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "kp_ini.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    kp_ruleset *rs;
    kp_ini *ini;
    kp_arena *arena;
    kp_diag *d;
    const char *section;
    int errors;
} loader;

#define KP_METHOD_NAME(id, name, rated, help, help_cn) [KP_M_##id] = name,
static const char *const method_names[KP_M_COUNT + 1] = {KP_METHODS(KP_METHOD_NAME)};
#undef KP_METHOD_NAME
#define KP_METHOD_HELP(id, name, rated, help, help_cn) [KP_M_##id] = help,
static const char *const method_help[KP_M_COUNT] = {KP_METHODS(KP_METHOD_HELP)};
#undef KP_METHOD_HELP
#define KP_METHOD_HELP_CN(id, name, rated, help, help_cn) [KP_M_##id] = help_cn,
static const char *const method_help_cn[KP_M_COUNT] = {KP_METHODS(KP_METHOD_HELP_CN)};
#undef KP_METHOD_HELP_CN
#define KP_METHOD_RATED(id, name, rated, help, help_cn) [KP_M_##id] = rated,
static const unsigned char method_rated[KP_M_COUNT] = {KP_METHODS(KP_METHOD_RATED)};
#undef KP_METHOD_RATED

int kp_method_rated(kp_method m)
{
    return m < KP_M_COUNT && method_rated[m];
}

const char *kp_method_help_cn(kp_method m)
{
    return m < KP_M_COUNT ? method_help_cn[m] : "";
}

/* fmt is a literal with two %s at every call site (b NULL for an empty second); -Wformat=2
 * cannot see through the wrapper (make lint's one kind of justified exception). */
static void fail(loader *L, long line, const char *fmt, const char *a, const char *b)
{
    char msg[400];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(msg, sizeof msg, _(fmt), a, b ? b : "");
#pragma GCC diagnostic pop
    kp_diag_report(L->d, KP_ERR_CONFIG, L->ini->path, line, "[%s] %s", L->section, msg);
    L->errors++;
}

static const char *get_str(loader *L, const char *key, const char *def)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, key);
    return e ? e->value : def;
}

static double get_num(loader *L, const char *key, double def)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, key);
    if (!e)
        return def;
    double v;
    int pc = 0;
    if (kp_num_parse(e->value, &v, &pc) != 0) {
        fail(L, e->line, "'%s' is not a number for '%s'", e->value, key);
        return def;
    }
    return pc ? v / 100.0 : v;
}

/* The largest count a setting may hold (raters, k of bottom-k, ...): far past any
 * real rule, small enough for every int computation on it. */
#define KP_SETTING_MAX (1 << 24)

/* A whole number within [min, max]; anything else is reported, and def used. */
static int get_int(loader *L, const char *key, int def, int min, int max)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, key);
    if (!e)
        return def;
    double v;
    int pc = 0;
    if (kp_num_parse(e->value, &v, &pc) != 0 || pc || v != floor(v) || v < min || v > max) {
        char range[64];
        snprintf(range, sizeof range, _("a whole number from %d to %d"), min, max);
        fail(L, e->line, "'%s' is not %s", e->value, range);
        return def;
    }
    return (int)v;
}

static int get_bool(loader *L, const char *key, int def)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, key);
    if (!e)
        return def;
    if (!strcmp(e->value, "yes") || !strcmp(e->value, "true") || !strcmp(e->value, "1"))
        return 1;
    if (!strcmp(e->value, "no") || !strcmp(e->value, "false") || !strcmp(e->value, "0"))
        return 0;
    fail(L, e->line, "'%s' is not yes or no for '%s'", e->value, key);
    return def;
}

/* Splits a comma list in place (arena copy); returns the count. */
static int split_list(loader *L, const char *value, const char **out, int max, long line)
{
    char *copy = kp_arena_strdup(L->arena, value);
    int n = 0;
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        char *end = tok + strlen(tok);
        while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (!*tok)
            continue;
        if (n == max) {
            fail(L, line, "too many items in '%s'%s", value, NULL);
            break;
        }
        out[n++] = tok;
    }
    return n;
}

static int parse_period_type(loader *L, const char *key, kp_period_type def)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, key);
    kp_period_type t = def;
    if (e && kp_period_type_parse(e->value, &t) != 0)
        fail(L, e->line, "'%s' is not year, half, quarter, month, range or run for '%s'", e->value,
             key);
    return (int)t;
}

/* One of two words (the first the default): 1 for the second. Another word
 * is refused rather than read as the default. */
static int get_choice(loader *L, const char *key, const char *first, const char *second)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, key);
    if (!e || !strcmp(e->value, first))
        return 0;
    if (!strcmp(e->value, second))
        return 1;
    char expected[200];
    snprintf(expected, sizeof expected, _("%s or %s for '%s'"), first, second, key);
    fail(L, e->line, "'%s' is not %s", e->value, expected);
    return 0;
}

static kp_missing parse_missing(loader *L, kp_missing def)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, "missing");
    if (!e)
        return def;
    if (!strcmp(e->value, "error"))
        return KP_MISS_ERROR;
    if (!strcmp(e->value, "zero"))
        return KP_MISS_ZERO;
    if (!strcmp(e->value, "flag"))
        return KP_MISS_FLAG;
    fail(L, e->line, "'%s' is not error, zero or flag for '%s'", e->value, "missing");
    return def;
}

static int find_kind_of(loader *L, const char *key)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, key);
    if (!e) {
        fail(L, 0, "missing '%s'%s", key, NULL);
        return -1;
    }
    int k = kp_ruleset_find_kind(L->rs, e->value);
    if (k < 0)
        fail(L, e->line, "unknown kind '%s' for '%s'", e->value, key);
    return k;
}

static const char *const ruleset_keys[] = {"name",    "source", "authority", "period", "decimals",
                                           "missing", "origin", "assumed",   NULL};
static const char *const kind_keys[] = {
    "label",  "from",  "match",          "exclude_roles", "roles",   "points", "period",
    "rollup", "group", "missing_period", "origin",        "assumed", NULL};
static const char *const input_keys[] = {"kind",     "label",    "unit",     "period",    "min",
                                         "max",      "target",   "missing",  "optional",  "integer",
                                         "warn_min", "warn_max", "share_of", "share_min", "origin",
                                         "assumed",  NULL};
static const char *const indicator_keys[] = {
    "kind",       "label",  "short",      "category", "rule",    "lead",     "points",
    "method",     "min",    "max",        "scale",    "weight",  "sign",     "cap",
    "floor",      "trim",   "min_raters", "optional", "missing", "decimals", "base",
    "per_strike", "bottom", "inputs",     "of",       "target",  "over",     "under",
    "input",      "effect", "integer",    "raters",   "origin",  "assumed",  NULL};

/* raters = <kind>: every subject of that kind rates a rater mean, so a rater
 * missing is missing data (the indicator's policy), not a smaller mean. */
static void load_raters(loader *L, kp_indicator *ind)
{
    ind->raters_kind = -1;
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, "raters");
    if (!e)
        return;
    if (!kp_method_rated(ind->method))
        fail(L, e->line, "'raters' is for a method rated by raters (mean, median) only%s%s", "",
             NULL);
    ind->raters_kind = find_kind_of(L, "raters");
}

static void load_kind(loader *L, const char *key)
{
    kp_ruleset *rs = L->rs;
    if (rs->nkinds == KP_MAX_KINDS) {
        fail(L, 0, "more than %s kinds%s", "8", NULL);
        return;
    }
    kp_kind *k = &rs->kinds[rs->nkinds++];
    k->key = key;
    k->label = get_str(L, "label", key);
    k->points = get_num(L, "points", NAN);
    const char *from = get_str(L, "from", "units");
    if (strcmp(from, "units") && strcmp(from, "people"))
        fail(L, kp_ini_get(L->ini, L->section, "from")->line, "'%s' is not units or people%s", from,
             NULL);
    k->from_people = !strcmp(from, "people");
    k->match = get_str(L, "match", NULL);
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, "exclude_roles");
    if (e)
        k->nexclude = split_list(L, e->value, k->exclude_roles, KP_MAX_LIST, e->line);
    e = kp_ini_get(L->ini, L->section, "roles");
    if (e)
        k->nroles = split_list(L, e->value, k->roles, KP_MAX_LIST, e->line);
    k->veto_grade = k->else_grade = -1;
    k->period = (kp_period_type)parse_period_type(L, "period", KP_PER_RANGE);
    const char *roll = get_str(L, "rollup", "none");
    k->rollup = !strcmp(roll, "sum")    ? KP_ROLL_SUM
                : !strcmp(roll, "mean") ? KP_ROLL_MEAN
                                        : KP_ROLL_NONE;
    if (strcmp(roll, "sum") && strcmp(roll, "mean") && strcmp(roll, "none"))
        fail(L, kp_ini_get(L->ini, L->section, "rollup")->line, "'%s' is not sum, mean or none%s",
             roll, NULL);
    const char *group = get_str(L, "group", "none");
    k->group_parent = !strcmp(group, "parent");
    if (strcmp(group, "parent") && strcmp(group, "none"))
        fail(L, kp_ini_get(L->ini, L->section, "group")->line, "'%s' is not parent or none%s",
             group, NULL);
    /* A sub-period without any observation is an error unless the rule set
     * says it counts as zero (flagged or not): never a silent zero. */
    const char *mp = get_str(L, "missing_period", "error");
    k->missing_period = !strcmp(mp, "flag")   ? KP_MISS_FLAG
                        : !strcmp(mp, "zero") ? KP_MISS_ZERO
                                              : KP_MISS_ERROR;
    if (strcmp(mp, "flag") && strcmp(mp, "zero") && strcmp(mp, "error"))
        fail(L, kp_ini_get(L->ini, L->section, "missing_period")->line,
             "'%s' is not error, zero or flag for '%s'", mp, "missing_period");
    kp_ini_check_keys(L->ini, L->section, kind_keys, L->d);
}

static void load_input(loader *L, const char *key)
{
    kp_ruleset *rs = L->rs;
    if (rs->ninputs == KP_MAX_INPUTS) {
        fail(L, 0, "too many inputs%s%s", "", NULL);
        return;
    }
    kp_input *in = &rs->inputs[rs->ninputs++];
    in->key = key;
    in->kind = find_kind_of(L, "kind");
    in->label = get_str(L, "label", key);
    in->unit = get_str(L, "unit", "");
    in->period = (kp_period_type)parse_period_type(L, "period", KP_PER_RANGE);
    in->min = get_num(L, "min", -INFINITY);
    in->max = get_num(L, "max", INFINITY);
    in->has_target = kp_ini_get(L->ini, L->section, "target") != NULL;
    in->target = get_num(L, "target", NAN);
    in->missing = parse_missing(L, KP_MISS_FLAG);
    kp_ini_entry *miss = kp_ini_get(L->ini, L->section, "missing");
    if (miss && in->missing != KP_MISS_FLAG) /* read, and never honoured: refused */
        fail(L, miss->line,
             "'missing = %s': an input's missing value is always flagged (a 'missing' notice, "
             "the indicator it feeds decides the rest); write 'missing = flag' or leave it out%s",
             miss->value, NULL);
    in->optional = get_bool(L, "optional", 0);
    in->integer = get_bool(L, "integer", 0);
    in->warn_min = get_num(L, "warn_min", NAN);
    in->warn_max = get_num(L, "warn_max", NAN);
    in->share_of = get_str(L, "share_of", NULL);
    in->share_min = get_num(L, "share_min", NAN);
    get_str(L, "origin", NULL);
    get_str(L, "assumed", NULL);
    kp_ini_check_keys(L->ini, L->section, input_keys, L->d);
}

/* "; did you mean 'target'? (methods: value, mean, ...)", from the method table. */
static const char *method_hint(loader *L, const char *word)
{
    const char *s = kp_ini_suggest(word, method_names);
    size_t n = 80;
    for (int m = 0; m < KP_M_COUNT; m++)
        n += strlen(method_names[m]) + 2;
    char *out = kp_arena_alloc(L->arena, n);
    size_t len = (size_t)sprintf(out, "%s%s%s%s", s ? _("; did you mean '") : " ", s ? s : "",
                                 s ? _("'? ") : "", _("(methods: "));
    for (int m = 0; m < KP_M_COUNT; m++)
        len += (size_t)sprintf(out + len, "%s%s", m ? ", " : "", method_names[m]);
    strcpy(out + len, ")");
    return out;
}

static void load_method(loader *L, kp_indicator *ind)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, "method");
    ind->method = KP_M_VALUE;
    if (!e)
        return;
    for (int m = 0; m < KP_M_COUNT; m++)
        if (!strcmp(e->value, method_names[m]))
            ind->method = (kp_method)m;
    if (strcmp(e->value, method_names[ind->method]) != 0)
        fail(L, e->line, "unknown method '%s'%s", e->value, method_hint(L, e->value));
}

static void load_strike_inputs(loader *L, kp_indicator *ind)
{
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, "inputs");
    if (!e) {
        fail(L, 0, "method strikes needs '%s'%s", "inputs", NULL);
        return;
    }
    const char *names[KP_MAX_LIST];
    int n = split_list(L, e->value, names, KP_MAX_LIST, e->line);
    for (int i = 0; i < n; i++) {
        int in = kp_ruleset_find_input(L->rs, names[i]);
        if (in < 0)
            fail(L, e->line, "unknown input '%s' in 'inputs'%s", names[i], NULL);
        else
            ind->inputs[ind->ninputs++] = in;
    }
}

static void load_indicator(loader *L, const char *key)
{
    kp_ruleset *rs = L->rs;
    if (rs->nindicators == KP_MAX_INDICATORS) {
        fail(L, 0, "too many indicators%s%s", "", NULL);
        return;
    }
    kp_indicator *ind = &rs->indicators[rs->nindicators++];
    ind->key = key;
    ind->kind = find_kind_of(L, "kind");
    ind->label = get_str(L, "label", key);
    ind->short_label = get_str(L, "short", ind->label);
    ind->category = get_str(L, "category", "");
    ind->rule = get_str(L, "rule", "");
    ind->lead = get_str(L, "lead", "");
    load_method(L, ind);
    ind->method_name = method_names[ind->method];
    ind->points = get_num(L, "points", NAN);
    ind->min = get_num(L, "min", ind->method == KP_M_FLAG ? 0 : -INFINITY);
    ind->max = get_num(L, "max", ind->method == KP_M_FLAG ? 1 : INFINITY);
    ind->scale = get_num(L, "scale", 1);
    ind->weight = get_num(L, "weight", ind->method == KP_M_FLAG ? 0 : 1);
    ind->sign = get_int(L, "sign", 1, -1, 1);
    ind->cap = get_num(L, "cap", NAN);
    ind->floor = get_num(L, "floor", NAN);
    ind->trim = get_int(L, "trim", 0, 0, KP_SETTING_MAX);
    ind->min_raters = get_int(L, "min_raters", 0, 0, KP_SETTING_MAX);
    ind->optional = get_bool(L, "optional", 0);
    ind->missing = parse_missing(L, ind->optional ? KP_MISS_ZERO : rs->missing);
    ind->missing_set = ind->optional || kp_ini_get(L->ini, L->section, "missing") ||
                       kp_ini_get(L->ini, "ruleset", "missing");
    load_raters(L, ind);
    ind->decimals = get_int(L, "decimals", rs->decimals, 0, 6);
    ind->base = get_num(L, "base", 0);
    ind->per_strike = get_num(L, "per_strike", 0);
    ind->bottom = get_int(L, "bottom", 0, 0, KP_SETTING_MAX);
    if (ind->method == KP_M_STRIKES && ind->bottom < 1) {
        kp_ini_entry *b = kp_ini_get(L->ini, L->section, "bottom");
        fail(L, b ? b->line : 0,
             "method strikes needs 'bottom' of at least 1 (the k of bottom-k)%s%s", "", NULL);
    }
    ind->ref_kind = -1;
    ind->target = get_num(L, "target", 0);
    ind->over = get_num(L, "over", 0);
    ind->short_rate = get_num(L, "under", 0);
    ind->input = -1;
    if (ind->method == KP_M_PERIOD_MEAN) {
        kp_ini_entry *in = kp_ini_get(L->ini, L->section, "input");
        ind->input = in ? kp_ruleset_find_input(rs, in->value) : -1;
        if (ind->input < 0)
            fail(L, in ? in->line : 0, "method period_mean needs 'input', an [input.*] key%s%s", "",
                 NULL);
    }
    const char *effect = get_str(L, "effect", "veto");
    ind->zeroes = !strcmp(effect, "zero");
    if (strcmp(effect, "zero") && strcmp(effect, "veto"))
        fail(L, kp_ini_get(L->ini, L->section, "effect")->line, "'%s' is not veto or zero%s",
             effect, NULL);
    ind->integer = get_bool(L, "integer", 0);
    if (ind->method == KP_M_STRIKES)
        load_strike_inputs(L, ind);
    if (ind->method == KP_M_REF) {
        ind->ref_kind = find_kind_of(L, "of");
        if (ind->ref_kind >= ind->kind)
            fail(L, 0, "'of' must name a kind defined before this indicator's kind%s%s", "", NULL);
    }
    if (ind->sign == 0)
        fail(L, kp_ini_get(L->ini, L->section, "sign")->line, "sign must be 1 or -1%s%s", "", NULL);
    if (ind->min > ind->max)
        fail(L, 0, "min is above max%s%s", "", NULL);
    get_str(L, "origin", NULL);
    get_str(L, "assumed", NULL);
    kp_ini_check_keys(L->ini, L->section, indicator_keys, L->d);
}

/* One grade condition: "top 20%", "bottom 20%", ">= 70", "else";
 * several joined by "and". */
static int parse_cond(const char *s, kp_cond *c)
{
    double v;
    int pc;
    while (*s == ' ')
        s++;
    if (!strcmp(s, "else"))
        return c->type = KP_C_ELSE, 0;
    if (!strncmp(s, "top ", 4) || !strncmp(s, "bottom ", 7)) {
        c->type = s[0] == 't' ? KP_C_TOP : KP_C_BOTTOM;
        if (kp_num_parse(s + (s[0] == 't' ? 4 : 7), &v, &pc) || !pc || v < 0 || v > 100)
            return -1;
        c->value = v;
        return 0;
    }
    if (!strncmp(s, ">=", 2) && kp_num_parse(s + 2, &v, &pc) == 0 && !pc) {
        c->type = KP_C_GE;
        c->value = v;
        return 0;
    }
    return -1;
}

static void load_grade(loader *L, kp_kind *k, const char *name, long line)
{
    kp_grade *g = &k->grades[k->ngrades++];
    g->name = name;
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, name);
    if (!e) {
        fail(L, line, "grade '%s' listed in 'levels' has no condition%s", name, NULL);
        return;
    }
    char *tok = kp_arena_strdup(L->arena, e->value);
    while (tok) {
        char *and = strstr(tok, " and ");
        if (and)
            *and = '\0';
        if (g->nconds == KP_MAX_CONDS || parse_cond(tok, &g->conds[g->nconds]) != 0) {
            fail(L, e->line,
                 "'%s' is not a grade condition for '%s' (expected 'top P%%', "
                 "'bottom P%%', '>= X' or 'else', joined by 'and')",
                 e->value, name);
            return;
        }
        if (g->conds[g->nconds].type == KP_C_ELSE)
            k->else_grade = k->ngrades - 1;
        g->nconds++;
        tok = and? and+5 : NULL;
    }
}

static void load_grades(loader *L, const char *kind_key)
{
    int ki = kp_ruleset_find_kind(L->rs, kind_key);
    if (ki < 0) {
        fail(L, 0, "no [kind.%s] for these grades%s", kind_key, NULL);
        return;
    }
    kp_kind *k = &L->rs->kinds[ki];
    k->has_grades = 1;
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, "levels");
    if (!e) {
        fail(L, 0, "missing 'levels' (grade names, best first)%s%s", "", NULL);
        return;
    }
    const char *names[KP_MAX_GRADES];
    int n = split_list(L, e->value, names, KP_MAX_GRADES, e->line);
    for (int i = 0; i < n; i++)
        load_grade(L, k, names[i], e->line);
    const char *veto = get_str(L, "veto", NULL);
    for (int i = 0; veto && i < k->ngrades; i++)
        if (!strcmp(k->grades[i].name, veto))
            k->veto_grade = i;
    if (veto && k->veto_grade < 0)
        fail(L, kp_ini_get(L->ini, L->section, "veto")->line, "veto grade '%s' is not in levels%s",
             veto, NULL);
    get_str(L, "origin", NULL);
    get_str(L, "assumed", NULL);
    k->grade_all_periods = get_choice(L, "periods", "run", "all");
    const char *known[KP_MAX_GRADES + 6] = {"levels", "veto", "origin", "assumed", "periods"};
    for (int i = 0; i < n; i++)
        known[5 + i] = names[i];
    kp_ini_check_keys(L->ini, L->section, known, L->d);
}

static const char *const award_keys[] = {"kind",   "label",   "unit",      "periods", "by",
                                         "ranks",  "top",     "tie_break", "grade",   "amount",
                                         "origin", "assumed", NULL};

static void load_award(loader *L, const char *key)
{
    kp_ruleset *rs = L->rs;
    if (rs->nawards == KP_MAX_LIST) {
        fail(L, 0, "too many awards%s%s", "", NULL);
        return;
    }
    kp_award_rule *a = &rs->awards[rs->nawards++];
    a->key = key;
    a->kind = find_kind_of(L, "kind");
    a->label = get_str(L, "label", key);
    a->unit = get_str(L, "unit", "");
    a->each_period = get_choice(L, "periods", "run", "each");
    a->by = -1;
    kp_ini_entry *e = kp_ini_get(L->ini, L->section, "by");
    if (e && strcmp(e->value, "total") && (a->by = kp_ruleset_find_indicator(rs, e->value)) < 0)
        fail(L, e->line, "'by' is '%s', neither total nor an indicator%s", e->value, NULL);
    a->amount = get_num(L, "amount", NAN);
    a->grade = get_str(L, "grade", NULL);
    a->top = get_int(L, "top", 0, 0, KP_SETTING_MAX);
    e = kp_ini_get(L->ini, L->section, "tie_break");
    a->tie_break = e && !strcmp(e->value, "total");
    if (e && strcmp(e->value, "total") && strcmp(e->value, "none"))
        fail(L, e->line, "'tie_break' is '%s', neither total nor none%s", e->value, NULL);
    e = kp_ini_get(L->ini, L->section, "ranks");
    if (e) {
        const char *items[KP_MAX_LIST];
        a->namounts = split_list(L, e->value, items, KP_MAX_LIST, e->line);
        for (int i = 0; i < a->namounts; i++) {
            int pc;
            if (kp_num_parse(items[i], &a->amounts[i], &pc) != 0)
                fail(L, e->line, "'%s' in 'ranks' is not an amount%s", items[i], NULL);
        }
        a->select = KP_SEL_RANKS;
    } else if (a->grade) {
        a->select = KP_SEL_GRADE;
    } else if (a->top > 0) {
        a->select = KP_SEL_TOP;
    } else {
        fail(L, 0, "an award needs 'ranks', 'top' or 'grade'%s%s", "", NULL);
    }
    kp_ini_check_keys(L->ini, L->section, award_keys, L->d);
}

static const char *const streak_keys[] = {"kind",   "label",   "text",   "when",       "grade",
                                          "count",  "over",    "notice", "disqualify", "award",
                                          "origin", "assumed", NULL};

static void load_streak(loader *L, const char *key)
{
    kp_ruleset *rs = L->rs;
    if (rs->nstreaks == KP_MAX_LIST) {
        fail(L, 0, "too many streaks%s%s", "", NULL);
        return;
    }
    kp_streak_rule *st = &rs->streaks[rs->nstreaks++];
    st->key = key;
    st->kind = find_kind_of(L, "kind");
    st->label = get_str(L, "label", key);
    st->text = get_str(L, "text", st->label);
    st->last = get_choice(L, "when", "grade", "last");
    st->grade = get_str(L, "grade", NULL);
    if (!st->last && !st->grade)
        fail(L, 0, "a streak needs 'when = last' or 'grade'%s%s", "", NULL);
    st->count = get_int(L, "count", 2, 1, 100);
    st->years = get_choice(L, "over", "periods", "years");
    st->notice = get_str(L, "notice", NULL);
    st->disqualify = get_str(L, "disqualify", NULL);
    st->award = get_str(L, "award", NULL);
    kp_ini_check_keys(L->ini, L->section, streak_keys, L->d);
}

static const char *const cases_keys[] = {
    "file",         "notice_kind", "label",  "end",         "yes",
    "categories",   "limits",      "rates",  "rate_labels", "rate_min",
    "rates_closed", "optional",    "origin", "assumed",     NULL};

/* rates_closed names the rates measured on closed cases only. */
static void load_rates_closed(loader *L, kp_cases_rule *c)
{
    kp_ini_entry *e = kp_ini_get(L->ini, "cases", "rates_closed");
    const char *names[4];
    int n = e ? split_list(L, e->value, names, 4, e->line) : 0;
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < c->nrates && strcmp(c->rates[k], names[i]))
            k++;
        if (k == c->nrates)
            fail(L, e->line, "'rates_closed' names '%s', which is not one of 'rates'%s", names[i],
                 "");
        else
            c->rate_closed[k] = 1;
    }
}

static void load_cases(loader *L)
{
    L->section = "cases";
    kp_ini_entry *file = kp_ini_get(L->ini, "cases", "file");
    if (!file)
        return;
    kp_cases_rule *c = &L->rs->cases;
    L->rs->has_cases = 1;
    c->file = file->value;
    c->label = get_str(L, "label", "办件");
    c->notice_kind = get_str(L, "notice_kind", "unit");
    c->end_date = get_str(L, "end", NULL);
    c->yes = get_str(L, "yes", "是");
    c->rate_min = get_num(L, "rate_min", 0);
    c->optional = get_bool(L, "optional", 0);
    kp_ini_entry *e = kp_ini_get(L->ini, "cases", "categories");
    if (e)
        c->ncats = split_list(L, e->value, c->cats, KP_MAX_LIST, e->line);
    e = kp_ini_get(L->ini, "cases", "limits");
    const char *items[KP_MAX_LIST];
    int n = e ? split_list(L, e->value, items, KP_MAX_LIST, e->line) : 0;
    if (n != c->ncats)
        fail(L, e ? e->line : 0, "'limits' needs one day count per category%s%s", "", NULL);
    for (int i = 0; i < n && i < c->ncats; i++)
        c->limits[i] = atoi(items[i]);
    e = kp_ini_get(L->ini, "cases", "rates");
    if (e)
        c->nrates = split_list(L, e->value, c->rates, 4, e->line);
    for (int i = 0; i < c->nrates; i++)
        c->rate_labels[i] = c->rates[i];
    e = kp_ini_get(L->ini, "cases", "rate_labels");
    if (e && split_list(L, e->value, c->rate_labels, 4, e->line) != c->nrates)
        fail(L, e->line, "'rate_labels' needs one label per rate%s%s", "", NULL);
    load_rates_closed(L, c);
    kp_ini_check_keys(L->ini, "cases", cases_keys, L->d);
}

static const char *const ledger_keys[] = {
    "file",           "notice_kind", "share_fund", "share_category", "share_base", "share_max",
    "approval_limit", "over_by",     "upto_by",    "labels",         "optional",   "origin",
    "assumed",        NULL};

/* "labels = street: 街道（镇）, secretary: 居民区党组织书记": code, colon, label. */
static void load_ledger_labels(loader *L, kp_ledger_rule *g, const kp_ini_entry *e)
{
    const char *items[KP_MAX_LIST];
    int n = split_list(L, e->value, items, KP_MAX_LIST, e->line);
    for (int i = 0; i < n; i++) {
        char *colon = strchr(items[i], ':');
        if (!colon || colon == items[i] || !colon[1]) {
            fail(L, e->line, "'%s' in 'labels' is not 'code: 中文标签'%s", items[i], NULL);
            continue;
        }
        char *code = (char *)items[i], *end = colon, *label = colon + 1;
        while (end > code && end[-1] == ' ')
            end--;
        *end = '\0';
        while (*label == ' ')
            label++;
        g->codes[g->nlabels] = code;
        g->labels[g->nlabels++] = label;
    }
}

static void load_ledger(loader *L)
{
    L->section = "ledger";
    kp_ini_entry *file = kp_ini_get(L->ini, "ledger", "file");
    if (!file)
        return;
    kp_ledger_rule *g = &L->rs->ledger;
    L->rs->has_ledger = 1;
    g->file = file->value;
    g->share_fund = get_str(L, "share_fund", "");
    g->notice_kind = get_str(L, "notice_kind", "unit");
    g->share_category = get_str(L, "share_category", "");
    g->share_base = get_num(L, "share_base", 0);
    g->share_max = get_num(L, "share_max", 1);
    g->approval_limit = get_num(L, "approval_limit", INFINITY);
    g->optional = get_bool(L, "optional", 0);
    kp_ini_entry *e = kp_ini_get(L->ini, "ledger", "over_by");
    if (e)
        g->nover = split_list(L, e->value, g->over_by, KP_MAX_LIST, e->line);
    e = kp_ini_get(L->ini, "ledger", "upto_by");
    if (e)
        g->nupto = split_list(L, e->value, g->upto_by, KP_MAX_LIST, e->line);
    e = kp_ini_get(L->ini, "ledger", "labels");
    if (e)
        load_ledger_labels(L, g, e);
    kp_ini_check_keys(L->ini, "ledger", ledger_keys, L->d);
}

static int section_is(const char *section, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);
    if (strncmp(section, prefix, n) != 0 || !section[n])
        return 0;
    *rest = section + n;
    return 1;
}

static void load_ruleset_section(loader *L)
{
    kp_ruleset *rs = L->rs;
    L->section = "ruleset";
    rs->name = get_str(L, "name", "");
    rs->source = get_str(L, "source", "");
    rs->authority = get_str(L, "authority", "");
    rs->decimals = get_int(L, "decimals", 2, 0, 6);
    rs->period = (kp_period_type)parse_period_type(L, "period", KP_PER_YEAR);
    rs->missing = parse_missing(L, KP_MISS_ERROR);
    get_str(L, "origin", NULL);
    get_str(L, "assumed", NULL);
    kp_ini_check_keys(L->ini, "ruleset", ruleset_keys, L->d);
}

/* Sections are taken by type in dependency order (kinds, inputs,
 * indicators, grades), each type in file order. */
static void load_sections(loader *L, const char *prefix, void (*fn)(loader *, const char *))
{
    for (size_t i = 0; i < L->ini->n; i++) {
        const char *rest, *sec = L->ini->entries[i].section;
        size_t j = 0;
        while (j < i && strcmp(L->ini->entries[j].section, sec) != 0)
            j++;
        if (j < i || !section_is(sec, prefix, &rest))
            continue; /* a section is loaded once, at its first entry */
        L->section = sec;
        fn(L, rest);
    }
}

/* A kind's full marks: its required, added indicators must add up to them. */
static void check_points(loader *L)
{
    kp_ruleset *rs = L->rs;
    for (int k = 0; k < rs->nkinds; k++) {
        if (isnan(rs->kinds[k].points))
            continue;
        double sum = 0;
        for (int i = 0; i < rs->nindicators; i++) {
            const kp_indicator *ind = &rs->indicators[i];
            if (ind->kind == k && !ind->optional && ind->sign > 0 && ind->method != KP_M_FLAG &&
                !isnan(ind->points))
                sum += ind->points * ind->weight;
        }
        if (fabs(sum - rs->kinds[k].points) > 1e-9) {
            kp_diag_report(L->d, KP_ERR_CONFIG, L->ini->path, 0,
                           "points of kind '%s' add up to %g, but [kind.%s] says %g",
                           rs->kinds[k].key, sum, rs->kinds[k].key, rs->kinds[k].points);
            L->errors++;
        }
    }
}

/* Top and bottom quotas of one kind may not claim more than everybody. */
static void check_quotas(loader *L)
{
    kp_ruleset *rs = L->rs;
    for (int k = 0; k < rs->nkinds; k++) {
        double top = 0, bottom = 0;
        for (int g = 0; g < rs->kinds[k].ngrades; g++)
            for (int c = 0; c < rs->kinds[k].grades[g].nconds; c++) {
                const kp_cond *cd = &rs->kinds[k].grades[g].conds[c];
                if (cd->type == KP_C_TOP)
                    top += cd->value;
                if (cd->type == KP_C_BOTTOM)
                    bottom += cd->value;
            }
        if (top + bottom > 100 + 1e-9) {
            char sum[32];
            snprintf(sum, sizeof sum, "%g%%", top + bottom);
            L->section = "ruleset";
            fail(L, 0, "the quotas of kind '%s' add up to %s, over 100%%", rs->kinds[k].key, sum);
        }
    }
}

/* Distinct (kind, category) pairs, so renderers can show subtotals. */
static void index_categories(kp_ruleset *rs)
{
    for (int i = 0; i < rs->nindicators; i++) {
        kp_indicator *ind = &rs->indicators[i];
        int c = 0;
        while (c < rs->ncategories &&
               (rs->category_kind[c] != ind->kind || strcmp(rs->categories[c], ind->category)))
            c++;
        if (c == rs->ncategories) {
            rs->categories[c] = ind->category;
            rs->category_kind[c] = ind->kind;
            rs->ncategories++;
        }
        ind->cat = c;
    }
}

static void record_settings(loader *L)
{
    kp_ruleset *rs = L->rs;
    rs->settings = kp_xcalloc(L->ini->n + 1, sizeof *rs->settings);
    for (size_t i = 0; i < L->ini->n; i++) {
        const kp_ini_entry *e = &L->ini->entries[i];
        if (!strcmp(e->key, "origin") || !strcmp(e->key, "assumed"))
            continue;
        const char *origin = NULL, *assumed = NULL;
        for (size_t j = 0; j < L->ini->n; j++) {
            const kp_ini_entry *o = &L->ini->entries[j];
            if (strcmp(o->section, e->section))
                continue;
            if (!strcmp(o->key, "origin"))
                origin = o->value;
            if (!strcmp(o->key, "assumed"))
                assumed = o->value;
        }
        int is_assumed = 0;
        if (assumed) {
            const char *names[KP_MAX_LIST];
            int n = split_list(L, assumed, names, KP_MAX_LIST, 0);
            for (int k = 0; k < n; k++)
                is_assumed |= !strcmp(names[k], e->key);
        }
        char *key = kp_arena_alloc(L->arena, strlen(e->section) + strlen(e->key) + 2);
        sprintf(key, "%s.%s", e->section, e->key);
        kp_setting *s = &rs->settings[rs->nsettings++];
        s->key = key;
        s->value = e->value;
        s->origin = is_assumed ? "assumed (not in the source)" : origin ? origin : rs->source;
    }
}

static void check_sections(loader *L)
{
    static const char *const prefixes[] = {"ruleset",    "kind.",  "grades.", "input.",
                                           "indicator.", "award.", "streak.", NULL};
    for (size_t i = 0; i < L->ini->n; i++) {
        const char *sec = L->ini->entries[i].section, *rest;
        int ok = !strcmp(sec, "ruleset") || !strcmp(sec, "cases") || !strcmp(sec, "ledger");
        for (int p = 1; prefixes[p]; p++)
            ok |= section_is(sec, prefixes[p], &rest);
        if (!ok && (i == 0 || strcmp(L->ini->entries[i - 1].section, sec))) {
            L->section = sec;
            fail(L, L->ini->entries[i].line,
                 "unknown section '%s' (expected ruleset, kind.*, grades.*, input.*, "
                 "indicator.*, award.*, streak.*, cases or ledger)%s",
                 sec, NULL);
        }
    }
}

kp_err kp_ruleset_load(kp_ruleset *rs, const char *path, kp_arena *arena, kp_diag *d)
{
    memset(rs, 0, sizeof *rs);
    rs->path = path;
    kp_ini ini;
    kp_err err = kp_ini_read(&ini, path, arena, d);
    if (err)
        return err;
    loader L = {rs, &ini, arena, d, "ruleset", 0};
    int before = d->count;
    check_sections(&L);
    load_ruleset_section(&L);
    load_sections(&L, "kind.", load_kind);
    load_sections(&L, "input.", load_input);
    load_sections(&L, "indicator.", load_indicator);
    load_sections(&L, "grades.", load_grades);
    load_sections(&L, "award.", load_award);
    load_sections(&L, "streak.", load_streak);
    load_cases(&L);
    load_ledger(&L);
    if (rs->nkinds == 0)
        fail(&L, 0, "no [kind.*] section: a rule set assesses at least one kind%s%s", "", NULL);
    for (int k = 0; k < rs->nkinds; k++) {
        if (!rs->kinds[k].has_grades) {
            L.section = "ruleset";
            fail(&L, 0, "kind '%s' has no [grades.%s] section", rs->kinds[k].key, rs->kinds[k].key);
        }
    }
    check_points(&L);
    check_quotas(&L);
    index_categories(rs);
    record_settings(&L);
    kp_ini_free(&ini);
    return d->count > before ? KP_ERR_CONFIG : KP_OK;
}

void kp_ruleset_free(kp_ruleset *rs)
{
    if (!rs)
        return;
    free(rs->settings);
    rs->settings = NULL;
    rs->nsettings = 0;
}

int kp_ruleset_find_kind(const kp_ruleset *rs, const char *key)
{
    for (int i = 0; i < rs->nkinds; i++)
        if (!strcmp(rs->kinds[i].key, key))
            return i;
    return -1;
}

int kp_ruleset_find_indicator(const kp_ruleset *rs, const char *key)
{
    for (int i = 0; i < rs->nindicators; i++)
        if (!strcmp(rs->indicators[i].key, key))
            return i;
    return -1;
}

const char *kp_ruleset_pick_label(const kp_ruleset *rs, int i, char *buf, size_t size)
{
    const kp_indicator *ind = &rs->indicators[i];
    int shared = 0;
    for (int j = 0; j < rs->nindicators; j++)
        shared |= j != i && !strcmp(rs->indicators[j].label, ind->label);
    if (shared)
        snprintf(buf, size, "%s（%s）", ind->label, rs->kinds[ind->kind].label);
    else
        snprintf(buf, size, "%s", ind->label);
    return buf;
}

int kp_ruleset_find_by_label(const kp_ruleset *rs, const char *text)
{
    char buf[512];
    for (int i = 0; i < rs->nindicators; i++)
        if (!strcmp(kp_ruleset_pick_label(rs, i, buf, sizeof buf), text))
            return i;
    return -1;
}

int kp_ruleset_find_input(const kp_ruleset *rs, const char *key)
{
    for (int i = 0; i < rs->ninputs; i++)
        if (!strcmp(rs->inputs[i].key, key))
            return i;
    return -1;
}

void kp_ruleset_print(const kp_ruleset *rs)
{
    printf("%s\n%s\n\n", rs->name, rs->source);
    for (int k = 0; k < rs->nkinds; k++) {
        const kp_kind *kind = &rs->kinds[k];
        printf("[%s] %s\n", kind->key, kind->label);
        printf("  %-16s %-10s %8s %6s  %s\n", "key", "method", "points", "weight", "label");
        for (int i = 0; i < rs->nindicators; i++) {
            const kp_indicator *ind = &rs->indicators[i];
            if (ind->kind != k)
                continue;
            char pts[32] = "-";
            if (!isnan(ind->points))
                snprintf(pts, sizeof pts, "%g", ind->points);
            printf("  %-16s %-10s %8s %6g  %s\n", ind->key, ind->method_name, pts,
                   ind->sign * ind->weight, ind->label);
        }
        for (int g = 0; g < kind->ngrades; g++)
            printf("  grade %d: %s\n", g + 1, kind->grades[g].name);
        printf("\n");
    }
    printf("methods:\n");
    for (int m = 0; m < KP_M_COUNT; m++)
        printf("  %-12s %s\n", method_names[m], method_help[m]);
    printf("\nsettings (origin):\n");
    for (int i = 0; i < rs->nsettings; i++)
        printf("  %-36s = %-24s  (%s)\n", rs->settings[i].key, rs->settings[i].value,
               rs->settings[i].origin);
}
