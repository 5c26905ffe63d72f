/* kp_results_csv.h - results.csv: the machine-readable results of a run. */
#ifndef KP_RESULTS_CSV_H
#define KP_RESULTS_CSV_H

#include "kp_results.h"

#include <stdio.h>

/* Writes kind,subject,name,period,total,rank,grade and one column per
 * indicator, subjects of each kind in rank order. */
kp_err kp_results_csv_write(const kp_results *r, const char *path, kp_diag *d);

/* awards.csv: kind,subject,name,period,award,amount,unit. */
kp_err kp_awards_csv_write(const kp_results *r, const char *path, kp_diag *d);
/* notices.csv: kind,subject,name,period,type,text. */
kp_err kp_notices_csv_write(const kp_results *r, const char *path, kp_diag *d);

/* Appends field to fp, quoted when it holds a comma, quote or newline. */
void kp_csv_put(FILE *fp, const char *field);

#endif
