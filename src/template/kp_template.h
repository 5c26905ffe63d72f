/* kp_template.h - the input workbook a clerk fills: made from the rule set and the subjects. */
#ifndef KP_TEMPLATE_H
#define KP_TEMPLATE_H

#include "../model/kp_model.h"

/* Writes the template workbook for the model's rule set, period and
 * subjects to path: an instructions sheet quoting each indicator's rule,
 * per kind a wide sheet (one row per subject and scoring period, a column
 * per single-value indicator with its range as data validation), a sheet
 * per sub-period input, a long sheet for rater and multi-row indicators,
 * and the units and people sheets. Header cells are locked. */
kp_err kp_template_write(const kp_model *m, const char *path, kp_diag *d);

#endif
