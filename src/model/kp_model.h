/* kp_model.h - the period's validated data: subjects by kind and their observations. */
#ifndef KP_MODEL_H
#define KP_MODEL_H

#include "../base/kp_arena.h"
#include "../base/kp_map.h"
#include "../config/kp_config.h"
#include "../ingest/kp_csv.h"

#include <stdint.h>

/* Marker sheet of a template (src/template writes it); its presence makes a workbook a filled
 * template, which the model reads by the template's sheets. */
#define KP_TEMPLATE_MARKER "_kaoping"

typedef struct {
    const char *id, *name, *kind, *parent; /* units.csv */
    const char *unit, *role;               /* people.csv (NULL for units) */
    int is_person;
    long line;
} kp_entity;

/* One observation, validated, in 16 bytes (a national year holds tens of
 * millions). Its subject is that of the range it lies in (kp_model_obs). */
typedef struct {
    double value;
    uint32_t line;   /* its line (row) in the file, for messages */
    uint16_t period; /* index into the model's periods */
    uint16_t slot;   /* key for indicators, nindicators + input index for inputs */
} kp_obs;

typedef struct {
    int entity; /* index into entities */
    int kind;   /* ruleset kind */
    int unit;   /* for people: subject index of their unit in a ref'd kind, else -1 */
    const char *id, *name;
    const char *group; /* the unit's parent (for people, their unit's): ranking groups */
    int group_rank;    /* the group's place among all groups in strcmp order */
    int id_rank;       /* the id's place among all subjects' ids in strcmp order */
} kp_subject;

/* A run of observations of one key for one subject, in period then line order. */
typedef struct {
    size_t start, count;
} kp_obs_range;

/* A rater who, by the rule set (raters = <kind>), rates a subject on a rater
 * mean but gave no value in a period: scoring applies the indicator's
 * missing policy (a notice naming the rater, then exclusion or a zero). */
typedef struct {
    int subject, rater; /* rater: a subject of the indicator's raters kind */
    uint16_t slot, period;
} kp_rater_gap;

/* A grade and rank of an earlier period (history.csv, or an earlier run's results.csv), for
 * streaks over years. */
typedef struct {
    int entity;
    kp_period period;
    const char *grade;
    int rank; /* 0: not known (history.csv has no rank) */
} kp_history;

typedef struct {
    const kp_ruleset *rs;
    const kp_run *run;
    const char *data_dir;
    kp_period period;
    kp_entity *entities; /* malloc'd, grown as rows are read */
    int nentities, capentities;
    kp_subject *subjects; /* arena; grouped by kind, file order within */
    int nsubjects;
    int kind_first[KP_MAX_KINDS], kind_count[KP_MAX_KINDS];
    kp_obs *obs; /* malloc'd; in (slot, subject) runs, each by period start, then line */
    size_t nobs;
    /* The observations of one slot and subject are obs[obs_at[b]] up to
     * obs[obs_at[b + 1]], b = kp_model_bucket(): a subject's slots lie side
     * by side, as scoring reads them; malloc'd */
    uint32_t *obs_at;
    size_t nbuckets;
    size_t kind_bucket[KP_MAX_KINDS];                /* a kind's first bucket */
    int kind_slots[KP_MAX_KINDS];                    /* how many slots a kind has */
    int slot_pos[KP_MAX_INDICATORS + KP_MAX_INPUTS]; /* a slot's place among its kind's */
    kp_period *periods; /* the distinct periods observations have; malloc'd */
    int nperiods;
    int *kind_subject[KP_MAX_KINDS]; /* [kind][entity] -> subject or -1; arena */
    kp_map entity_ids;
    const char *obs_name; /* file name for messages */
    kp_history *history;  /* arena */
    int nhistory;
    /* The rule set's event tables ([cases], [ledger] file), read whole by the
     * same loader as every other table; n == 0 when absent (optional). */
    kp_csv cases, ledger;
    kp_rater_gap *gaps; /* by slot, subject, period; malloc'd */
    size_t ngaps;
} kp_model;

/* Where a table of the data contract is read from. */
typedef struct {
    const char *path;  /* the file read: a CSV file or a workbook (arena) */
    const char *name;  /* its base name, for messages */
    const char *sheet; /* the workbook's sheet named as the table; NULL: CSV or the first */
    int csv;
} kp_model_src;

/* Table `base` ("units", "cases") of the data path: base.csv, base.xlsx (its
 * first sheet), or the sheet `base` of the data workbook (the data path when
 * it is an .xlsx file, else data.xlsx in the folder). 1 when found. */
int kp_model_locate(kp_arena *a, const char *dir, const char *base, kp_model_src *src);

#define KP_MODEL_MAX_TABLES 8
/* The files a load of rs reads from dir, each once, in reading order, as
 * arena paths into paths (room for KP_MODEL_MAX_TABLES); returns how many. */
int kp_model_inputs(const kp_ruleset *rs, const char *dir, kp_arena *a, const char **paths);

/* Reads units, people, history, observations and the event tables from data_dir and
 * validates every row against the rule set: unknown subjects, indicators
 * and periods, non-numbers, out-of-range values, duplicates and missing
 * required observations are reported (all of them, up to a limit).
 * Returns KP_OK or the first error. Caller frees with kp_model_free(). */
kp_err kp_model_load(kp_model *m, const kp_ruleset *rs, const kp_run *run, const char *data_dir,
                     kp_arena *arena, kp_diag *d);
void kp_model_free(kp_model *m); /* NULL is a no-op */
/* Only units and people into subjects (for a template, before any data). */
kp_err kp_model_load_subjects(kp_model *m, const kp_ruleset *rs, const kp_run *run,
                              const char *data_dir, kp_arena *arena, kp_diag *d);

/* The grade entity e had in `year` according to the history, or NULL. */
const char *kp_model_history(const kp_model *m, int entity, int year);
/* The subject of entity e in kind k, or -1. */
int kp_model_subject_of(const kp_model *m, int entity, int kind);
/* The group a subject is ranked in when its kind groups by parent: its
 * unit's parent (for people, the parent of their unit). */
const char *kp_model_group_of(const kp_model *m, int subject);
/* The bucket of slot's observations for subject (of the slot's kind). */
static inline size_t kp_model_bucket(const kp_model *m, int slot, int subject)
{
    int kind = m->subjects[subject].kind;
    return m->kind_bucket[kind] +
           (size_t)(subject - m->kind_first[kind]) * (size_t)m->kind_slots[kind] +
           (size_t)m->slot_pos[slot];
}
/* Observations of indicator or input slot for subject s. */
static inline kp_obs_range kp_model_obs(const kp_model *m, int slot, int subject)
{
    if (!m->obs_at)
        return (kp_obs_range){0, 0};
    size_t b = kp_model_bucket(m, slot, subject);
    return (kp_obs_range){m->obs_at[b], m->obs_at[b + 1] - m->obs_at[b]};
}
/* The policy for data the rules say is given but is not (an every-rater mean's
 * rater, a period_mean's every sub-period): the rule set's when it declares one
 * (missing, optional), else a notice and exclusion from ranking. */
kp_missing kp_model_gap_policy(const kp_indicator *ind);
/* The raters missing for subject s on indicator slot in period index p:
 * *n gaps from the returned one (NULL, *n = 0: none). */
const kp_rater_gap *kp_model_gaps(const kp_model *m, int slot, int subject, int period, size_t *n);
/* The index of period p among the model's periods, or -1 when no observation has it. */
int kp_model_period_index(const kp_model *m, const kp_period *p);
static inline int kp_model_input_slot(const kp_model *m, int input)
{
    return m->rs->nindicators + input;
}

#endif
