/* kp_render.c - runs every renderer of a run into the staging folder. */
#include "kp_render.h"

kp_err kp_render_all(const kp_results *r, const kp_run *run, kp_out *out, kp_diag *d)
{
    kp_err err = kp_render_xlsx(r, run, kp_out_path(out, "results.xlsx"), d);
    return err;
}
