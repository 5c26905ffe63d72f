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

/* How an indicator turns observations into its score. */
typedef enum {
    KP_M_VALUE,   /* one observation, taken as it is */
    KP_M_MEAN,    /* one row per rater: the (optionally trimmed) mean */
    KP_M_SUM,     /* several rows added up */
    KP_M_STRIKES, /* base - per_strike x bottom-k placings of sub-period rates */
    KP_M_REF,     /* the published total of the subject's unit in another kind */
    KP_M_FLAG,    /* 0/1; a set flag applies the kind's veto grade */
    KP_M_COUNT
} kp_method;

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
    double target;    /* a value under it is a warning */
    kp_missing missing;
    int optional;
    int integer;      /* counts: whole numbers only */
    double warn_min, warn_max; /* NAN when unset */
    const char *share_of;      /* warn when value / share_of < share_min */
    double share_min;
} kp_input;

typedef struct {
    const char *key, *label, *short_label, *category, *lead, *rule, *method_name;
    int kind;
    kp_method method;
    double points;     /* the indicator's full marks, for sheets and checks (NAN: none) */
    double min, max;   /* allowed range of each observation */
    double scale;      /* score = aggregate x scale */
    double weight;     /* contribution = sign x weight x score */
    int sign;          /* +1, or -1 for deductions */
    double cap;        /* score capped at cap (NAN: none) */
    double floor;      /* score floored at floor (NAN: none) */
    int trim;          /* KP_M_MEAN: drop this many highest and lowest */
    int min_raters;    /* KP_M_MEAN: fewer is a data warning */
    int optional;      /* absent observations give score 0 without error */
    kp_missing missing;
    int decimals;      /* places in results.csv */
    /* KP_M_STRIKES */
    double base, per_strike;
    int bottom;
    int inputs[KP_MAX_LIST];
    int ninputs;
    /* KP_M_REF */
    int ref_kind;
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

typedef struct {
    const char *key, *label;
    int from_people;  /* subjects are people.csv rows, else units.csv rows */
    const char *match; /* units: only rows whose `kind` column equals it (NULL: all) */
    const char *exclude_roles[KP_MAX_LIST];
    int nexclude;
    kp_grade grades[KP_MAX_GRADES]; /* best first */
    int ngrades;
    int veto_grade;   /* index into grades, -1 none */
    int else_grade;   /* index into grades, -1 none */
} kp_kind;

typedef struct {
    const char *path;
    const char *name, *source, *authority;
    kp_period_type period;
    int decimals;
    double quota_epsilon;
    kp_kind kinds[KP_MAX_KINDS];
    int nkinds;
    kp_indicator indicators[KP_MAX_INDICATORS];
    int nindicators;
    kp_input inputs[KP_MAX_INPUTS];
    int ninputs;
    kp_setting *settings;
    int nsettings, capsettings;
} kp_ruleset;

typedef struct {
    const char *path, *dir; /* the run INI and its folder */
    const char *ruleset_path, *data_dir, *out_dir, *layouts_dir, *fonts_ini;
    kp_period period;
    const char *encoding; /* "utf-8" or "gb18030" */
    /* [document] */
    const char *authority, *authority_short, *docnumber, *date, *title, *addressee;
    const char *cc, *printer, *note;
} kp_run;

/* Loads a run INI. Paths in it are taken relative to its folder. Strings
 * live in arena. Returns KP_OK or reports through d. */
kp_err kp_run_load(kp_run *run, const char *path, kp_arena *arena, kp_diag *d);

/* Loads a ruleset INI into rs (strings in arena); checks consistency. */
kp_err kp_ruleset_load(kp_ruleset *rs, const char *path, kp_arena *arena, kp_diag *d);
void kp_ruleset_free(kp_ruleset *rs); /* settings table; NULL is a no-op */

int kp_ruleset_find_kind(const kp_ruleset *rs, const char *key);
int kp_ruleset_find_indicator(const kp_ruleset *rs, const char *key);
int kp_ruleset_find_input(const kp_ruleset *rs, const char *key);
const char *kp_method_name(kp_method m);

/* Prints the indicator table and every setting with its origin. */
void kp_ruleset_print(const kp_ruleset *rs);

#endif
