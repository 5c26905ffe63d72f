/* kp_pipeline.h - one run: config -> ingest -> model -> score -> results -> renderers -> out. */
#ifndef KP_PIPELINE_H
#define KP_PIPELINE_H

#include "../base/kp_error.h"

#ifndef KP_VERSION
#define KP_VERSION "0.1.0"
#endif

typedef struct {
    const char *run_ini;
    const char *data_dir, *out_dir, *period; /* overrides; NULL keeps the INI's */
    int check_only, quiet, template_only;
    int score_only; /* --stage score: results, awards, notices and manifest; no documents */
} kp_options;

/* Runs (or only checks) one configuration. Reports errors on stderr. */
kp_err kp_pipeline_run(const kp_options *o);
/* `kaoping template`: the input workbook of a run's rule set and subjects. */
kp_err kp_pipeline_template(const kp_options *o, const char *out_path);
/* `kaoping verify`: re-checks an out folder against its manifest. */
kp_err kp_pipeline_verify(const char *dir);
/* `kaoping rules`: loads and prints a rule set. */
kp_err kp_pipeline_rules(const char *ruleset_ini);

#endif
