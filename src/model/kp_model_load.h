/* kp_model_load.h - what the model's loaders share during one load (internal to src/model). */
#ifndef KP_MODEL_LOAD_H
#define KP_MODEL_LOAD_H

#include "../ingest/kp_csv.h"
#include "kp_model.h"

#define KP_MODEL_MAX_ERRORS 50

/* An error kept back while a streamed file may still turn out malformed. */
typedef struct {
    kp_err code;
    char where[600]; /* "" when file and line say where */
    const char *file;
    long line;
    char msg[512];
} kp_model_held;

typedef struct {
    kp_model *m;
    const kp_run *run;
    kp_arena *arena;
    kp_diag *d;
    int errors;
    int *entity_subject; /* entity -> its subject in a units kind, -1 */
    /* While streaming: errors held back (the file's syntax errors come
     * first, and replace them, as when a file was read whole first). */
    kp_model_held *held;
    int holding, nheld, errors_before;
} kp_model_builder;

/* A data error (counted; the first KP_MODEL_MAX_ERRORS are reported):
 * at file and line, or (kp_model_error_at) at a place already written out. */
void kp_model_error(kp_model_builder *B, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void kp_model_error_at(kp_model_builder *B, kp_err code, const char *where, const char *file,
                       long line, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A data error in a table read by kp_model_table, where its reader says: "'t.csv' line 7",
 * or a workbook's sheet and cell (col >= 0) or row. */
void kp_model_row_error(kp_model_builder *B, const kp_csv *csv, long line, int col, const char *fmt,
                        ...) __attribute__((format(printf, 5, 6)));
/* Hold errors back from now on; then report them (keep) or drop them,
 * uncounted, because the file they are about was malformed. */
void kp_model_hold(kp_model_builder *B);
void kp_model_release(kp_model_builder *B, int keep);

/* Column indexes of a header record; required ones (the first nreq names)
 * missing are errors. Returns 1 when all required ones are there. */
int kp_model_columns(kp_model_builder *B, const char *file, const kp_csv_record *head,
                     const char *const *names, int *idx, int nreq);
/* A table of the data contract by its base name: base.csv, base.xlsx (its
 * first sheet), or the sheet `base` of one workbook (kp_model_locate).
 * Returns 1 when absent (an error when required). */
int kp_model_table(kp_model_builder *B, const char *dir, const char *base, int required,
                   kp_csv *csv, kp_err *err);
/* A path in the data folder, in the arena. */
char *kp_model_join(kp_arena *a, const char *dir, const char *name);
int kp_model_readable(const char *path);
/* Whether the data path names a workbook (.xlsx) rather than a folder. */
int kp_model_is_workbook(const char *path);

/* The history of earlier periods (kp_history.c): history.csv in dir, or the out folders
 * of [run] history. */
kp_err kp_model_history_load(kp_model_builder *B, const char *dir);

/* Reads, validates and places the observations (kp_obs.c); row errors
 * are counted in B, the return value is a file-level error. */
kp_err kp_model_observations(kp_model_builder *B, const char *dir);

#endif
