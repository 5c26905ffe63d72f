/* kp_snapshot.h - the scored results of a run as a file, so documents can be rendered later or
 * elsewhere. */
#ifndef KP_SNAPSHOT_H
#define KP_SNAPSHOT_H

#include "kp_results.h"

/* The file's format version, on its first line. A reader refuses any other
 * version: raise it whenever kp_results (kp_table, kp_score, notices,
 * awards) changes what is written. */
#define KP_SNAPSHOT_VERSION 2
/* Its name in the out folder of `kaoping run --stage score`. */
#define KP_SNAPSHOT_FILE "scores.snapshot"

/* The SHA-256 (64 hex digits) of everything scoring read besides the
 * program: the rule set file, the period, the input encoding and the data:
 * the workbook when the data path is one, else every *.csv and *.xlsx file
 * of the data folder (names and contents, in name order). */
kp_err kp_snapshot_digest(const kp_run *run, char hex[65], kp_diag *d);

/* Writes every table (scores, indicator scores, ranking order),
 * the notices, awards and disqualifications of r, with the inputs' digest,
 * as UTF-8 text lines; numbers are exact (C99 hexadecimal floats). */
kp_err kp_snapshot_write(const kp_results *r, const char *digest, const char *path, kp_diag *d);

/* Reads path into r for the model m (its subjects must be those the
 * results were scored for) and m's rule set. Refuses, with a message that
 * says what to do, a file of another version or whose digest is not
 * `digest` (scored from other inputs). Strings of notices and awards live
 * in arena. Caller frees r with kp_results_free(). */
kp_err kp_snapshot_read(kp_results *r, const kp_model *m, const char *path, const char *digest,
                        kp_arena *arena, kp_diag *d);

#endif
