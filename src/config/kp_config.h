/* kp_config.h - run configuration and rule sets, read from INI files with inih. */
#ifndef KP_CONFIG_H
#define KP_CONFIG_H

#include "../base/kp_arena.h"
#include "../base/kp_error.h"
#include "../base/kp_num.h"

#define KP_MAX_KINDS 8
#define KP_MAX_INDICATORS 96
#define KP_MAX_INPUTS 64
#define KP_MAX_GRADES 8
#define KP_MAX_CONDS 4
#define KP_MAX_LIST 16

/* How an indicator turns observations into its score: one table, for the
 * enum, the parser, `kaoping rules`, the template's instructions and the
 * did-you-mean hints. `rated`: the observations are one row per rater (the
 * model checks raters, `raters =` may say every subject of a kind rates). A
 * new method is a row here and a case in method_score (src/rules/kp_score.c). */
#define KP_METHODS(X)                                                                              \
    X(VALUE, "value", 0, "one observation, taken as it is", "填写一个分值")                        \
    X(MEAN, "mean", 1, "one row per rater: the (optionally trimmed) mean",                         \
      "评议人逐人打分，取平均")                                                                    \
    X(MEDIAN, "median", 1, "one row per rater: the median (the mean of the middle two)",           \
      "评议人逐人打分，取中位数")                                                                  \
    X(SUM, "sum", 0, "several rows added up", "逐条填写，累加")                                    \
    X(STRIKES, "strikes", 0, "base - per_strike x bottom-k placings of sub-period rates",          \
      "按各期排名末位次数扣分")                                                                    \
    X(REF, "ref", 0, "the published total of the subject's unit in another kind",                  \
      "取所在单位的考核总分")                                                                      \
    X(FLAG, "flag", 0, "0/1; a set flag vetoes the grade or zeroes the period's total",            \
      "是填1：一票否决或当期计零分")                                                               \
    X(TARGET, "target", 0, "base + over x (v - target) at or above target, below: short",          \
      "与目标值比较，超出加分、不足扣分")                                                          \
    X(PERIOD_MEAN, "period_mean", 0, "mean of an input over the sub-periods it was given",         \
      "各期数值取平均")

#define KP_METHOD_ENUM(id, name, rated, help, help_cn) KP_M_##id,
typedef enum { KP_METHODS(KP_METHOD_ENUM) KP_M_COUNT } kp_method;
#undef KP_METHOD_ENUM

/* What a missing observation does. */
typedef enum { KP_MISS_ERROR, KP_MISS_ZERO, KP_MISS_FLAG } kp_missing;

/* Where each setting came from, for `kaoping rules`: the source document or
 * an assumed default. */
typedef struct {
    const char *key, *value, *origin;
} kp_setting;

/* An auxiliary observed quantity that feeds an indicator or a check
 * (e.g. a monthly rate with a target), not a column of its own. */
typedef struct {
    const char *key, *label, *unit;
    int kind;
    kp_period_type period;
    double min, max;
    int has_target;
    double target; /* a value under it is a warning */
    kp_missing missing;
    int optional;
    int integer;               /* counts: whole numbers only */
    double warn_min, warn_max; /* NAN when unset */
    const char *share_of;      /* warn when value / share_of < share_min */
    double share_min;
} kp_input;

typedef struct {
    const char *key, *label, *short_label, *category, *lead, *rule, *method_name;
    int kind;
    int cat; /* index into the rule set's categories */
    kp_method method;
    double points;   /* the indicator's full marks, for sheets and checks (NAN: none) */
    double min, max; /* allowed range of each observation */
    double scale;    /* score = aggregate x scale */
    double weight;   /* contribution = sign x weight x score */
    int sign;        /* +1, or -1 for deductions */
    double cap;      /* score capped at cap (NAN: none) */
    double floor;    /* score floored at floor (NAN: none) */
    int trim;        /* KP_M_MEAN: drop this many highest and lowest */
    int min_raters;  /* KP_M_MEAN: fewer is a data warning */
    int raters_kind; /* KP_M_MEAN: -1, or the kind every subject of which rates it */
    int optional;    /* absent observations give score 0 without error */
    kp_missing missing;
    int missing_set; /* missing (or optional) was given, not a default */
    int decimals;    /* places in results.csv */
    int integer;     /* observations must be whole numbers */
    /* KP_M_STRIKES */
    double base, per_strike;
    int bottom;
    int inputs[KP_MAX_LIST];
    int ninputs;
    /* KP_M_REF */
    int ref_kind;
    /* KP_M_TARGET */
    double target, over, short_rate;
    /* KP_M_PERIOD_MEAN */
    int input;
    /* KP_M_FLAG: non-zero when a set flag zeroes the period's total instead of vetoing */
    int zeroes;
} kp_indicator;

typedef enum { KP_C_TOP, KP_C_BOTTOM, KP_C_GE, KP_C_ELSE, KP_C_VETO } kp_cond_type;

typedef struct {
    kp_cond_type type;
    double value; /* percent for TOP/BOTTOM, points for GE */
} kp_cond;

typedef struct {
    const char *name;
    kp_cond conds[KP_MAX_CONDS]; /* all must hold */
    int nconds;
} kp_grade;

typedef enum { KP_ROLL_NONE, KP_ROLL_SUM, KP_ROLL_MEAN } kp_rollup;

typedef struct {
    const char *key, *label;
    kp_period_type period;     /* scoring granularity: the run period or its months, quarters */
    kp_rollup rollup;          /* how sub-period totals make the run period's */
    int group_parent;          /* rank within the parent (street/town) instead of overall */
    kp_missing missing_period; /* a sub-period with no observation at all: error, zero, flag */
    const char *roles[KP_MAX_LIST]; /* people: only these roles (none: all) */
    int nroles;
    int grade_all_periods; /* grade every period's table, not only the run period's */
    int from_people;       /* subjects are people.csv rows, else units.csv rows */
    const char *match;     /* units: only rows whose `kind` column equals it (NULL: all) */
    const char *exclude_roles[KP_MAX_LIST];
    int nexclude;
    kp_grade grades[KP_MAX_GRADES]; /* best first */
    int ngrades;
    int has_grades; /* a [grades.K] section exists (it may list no levels) */
    double points;  /* full marks the required indicators must add up to (NAN: unchecked) */
    int veto_grade; /* index into grades, -1 none */
    int else_grade; /* index into grades, -1 none */
} kp_kind;

/* An award: by rank amounts, a top-k selection, or a grade. */
typedef enum { KP_SEL_RANKS, KP_SEL_TOP, KP_SEL_GRADE } kp_select;

typedef struct {
    const char *key, *label, *unit;
    int kind;
    int each_period; /* every sub-period's table, else the run period's */
    int by;          /* indicator ranked by, -1 for the total */
    kp_select select;
    double amounts[KP_MAX_LIST]; /* KP_SEL_RANKS: the amount of rank 1, 2, ... */
    int namounts;
    int top;           /* KP_SEL_TOP */
    int tie_break;     /* KP_SEL_TOP by an indicator: 1 = a tie there goes to the better total */
    const char *grade; /* KP_SEL_GRADE */
    double amount;     /* TOP, GRADE: NAN for none */
} kp_award_rule;

/* Consecutive periods in a position: last place, or a grade over years. */
typedef struct {
    const char *key, *label, *text;
    int kind;
    int last;          /* last place (worst rank, ties included) */
    const char *grade; /* or this grade */
    int count;
    int years;              /* over years: history.csv plus this run */
    const char *notice;     /* notice type to raise, or NULL */
    const char *disqualify; /* grade the subject may not receive, or NULL */
    const char *award;      /* award label, or NULL */
} kp_streak_rule;

/* Case deadlines (e.g. 1351): a case file with categories and limits. */
typedef struct {
    const char *file, *label, *end_date, *yes, *notice_kind;
    const char *cats[KP_MAX_LIST];
    int limits[KP_MAX_LIST];
    int ncats;
    const char *rates[4]; /* yes/no columns whose share of yes must reach rate_min */
    const char *rate_labels[4];
    int rate_closed[4]; /* 1: the rate counts closed cases only (an open one has no answer yet) */
    double rate_min;
    int nrates;
    int optional; /* an absent file is a warning, not an error */
} kp_cases_rule;

/* Expense ledger checks: fund shares and approval limits. */
typedef struct {
    const char *file, *notice_kind;
    const char *share_fund, *share_category;
    double share_base, share_max; /* category spending over share_max x share_base */
    double approval_limit;        /* a single expense above it */
    const char *over_by[KP_MAX_LIST], *upto_by[KP_MAX_LIST];
    int nover, nupto;
    /* The Chinese label a document prints for a ledger code (approver, fund, category). */
    const char *codes[KP_MAX_LIST], *labels[KP_MAX_LIST];
    int nlabels;
    int optional; /* an absent file is a warning, not an error */
} kp_ledger_rule;

typedef struct {
    const char *path;
    const char *name, *source, *authority;
    kp_period_type period;
    int decimals;
    kp_missing missing; /* default for required indicators: error, zero or flag */
    kp_kind kinds[KP_MAX_KINDS];
    int nkinds;
    kp_indicator indicators[KP_MAX_INDICATORS];
    int nindicators;
    kp_input inputs[KP_MAX_INPUTS];
    int ninputs;
    /* Distinct indicator categories per kind, in rule set order (for subtotals). */
    const char *categories[KP_MAX_INDICATORS];
    int category_kind[KP_MAX_INDICATORS];
    int ncategories;
    kp_award_rule awards[KP_MAX_LIST];
    int nawards;
    kp_streak_rule streaks[KP_MAX_LIST];
    int nstreaks;
    kp_cases_rule cases;
    int has_cases;
    kp_ledger_rule ledger;
    int has_ledger;
    kp_setting *settings;
    int nsettings, capsettings;
} kp_ruleset;

/* A [document] docnumber.<target> key: the 发文字号 of one document, target
 * being a layout name ("warning") or a layout and kind ("ranking-worker"). */
typedef struct {
    const char *target, *value;
    long line;
} kp_run_docnumber;

/* A [document] key as given, with its line, for the checks against layouts. */
typedef struct {
    const char *key, *value;
    long line;
} kp_run_key;

#define KP_RUN_MAX_HISTORY 16

typedef struct {
    const char *path, *dir; /* the run INI and its folder */
    const char *ruleset_path, *data_dir, *out_dir, *layouts_dir, *fonts_ini;
    kp_period period;
    const char *encoding; /* "utf-8" or "gb18030" */
    int ofd;              /* [run] formats lists ofd: each PDF gets an OFD twin */
    const char **history; /* [run] history: earlier runs' out folders (arena), or NULL */
    int nhistory;
    long history_line;
    /* [document] */
    const char *authority, *authority_short, *docnumber, *date, *title, *addressee;
    const char *cc, *printer, *note;
    const char *documents; /* [document] documents = layout names to write; NULL: each
                              layout with something to say */
    long documents_line;
    const char *seal; /* [document] seal = a PNG: the organ's seal (GB/T 9704 7.3.5.1), or NULL */
    long seal_line;
    kp_run_docnumber *docnumbers; /* per-document numbers, in the arena */
    int ndocnumbers;
    kp_run_docnumber *texts; /* text.<layout>.<name>: a named paragraph's text for this run */
    int ntexts;
    kp_run_key *doc_keys; /* every other [document] key, in the arena */
    int ndoc_keys;
    char default_date[16]; /* holds the date when [document] gives none */
} kp_run;

/* Loads a run INI. Paths in it are taken relative to its folder. Strings
 * live in arena. Returns KP_OK or reports through d. */
kp_err kp_run_load(kp_run *run, const char *path, kp_arena *arena, kp_diag *d);

/* The 发文字号 of the document of a layout (and kind, may be NULL):
 * docnumber.<layout>-<kind>, else docnumber.<layout>, else docnumber. */
const char *kp_run_docnumber_of(const kp_run *run, const char *layout, const char *kind);
/* [document] text.<layout>.<name>: the run's text for a layout's paragraph
 * name="<name>" (placeholders as in layouts), or NULL. */
const kp_run_docnumber *kp_run_text_of(const kp_run *run, const char *layout, const char *name);

/* Loads a ruleset INI into rs (strings in arena); checks consistency. */
kp_err kp_ruleset_load(kp_ruleset *rs, const char *path, kp_arena *arena, kp_diag *d);
void kp_ruleset_free(kp_ruleset *rs); /* settings table; NULL is a no-op */

int kp_ruleset_find_kind(const kp_ruleset *rs, const char *key);
int kp_ruleset_find_indicator(const kp_ruleset *rs, const char *key);
int kp_ruleset_find_input(const kp_ruleset *rs, const char *key);
/* The name a clerk picks indicator i by: its label, or "label（kind label）"
 * when another indicator has the same label. Into buf; returns buf. */
const char *kp_ruleset_pick_label(const kp_ruleset *rs, int i, char *buf, size_t size);
/* The indicator whose pick label is text, or -1. */
int kp_ruleset_find_by_label(const kp_ruleset *rs, const char *text);
/* Whether a method's observations are one row per rater (the table's `rated`). */
int kp_method_rated(kp_method m);
/* What a method asks of the clerk, in Chinese, for the template's instructions. */
const char *kp_method_help_cn(kp_method m);

/* Prints the indicator table and every setting with its origin. */
void kp_ruleset_print(const kp_ruleset *rs);

#endif
