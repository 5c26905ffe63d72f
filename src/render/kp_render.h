/* kp_render.h - the renderers: every document of a run, from the finished results. */
#ifndef KP_RENDER_H
#define KP_RENDER_H

#include "../config/kp_config.h"
#include "../results/kp_out.h"
#include "../rules/kp_score.h"

/* Writes the XLSX workbook and the PDF documents of a run into the stage.
 * Renderers read results only; none recomputes a score. */
kp_err kp_render_all(const kp_results *r, const kp_run *run, kp_out *out, kp_diag *d);

/* Loads and validates every layout of the run and the font roles, writing nothing. */
kp_err kp_render_check(const kp_run *run, kp_diag *d);

/* The XLSX workbook: one ranking sheet per kind. */
kp_err kp_render_xlsx(const kp_results *r, const kp_run *run, const char *path, kp_diag *d);

#endif
