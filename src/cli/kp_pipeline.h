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
    int verbose;    /* --verbose: list every file written */
    int score_only; /* --stage score: results, awards, notices, snapshot and manifest; no documents
                     */
    int jobs;       /* -j: documents rendered at once; 0: one per core */
    /* kaoping render: the scored results of `run --stage score` in from_dir;
     * a shard K of N of the documents; finish: only the manifest of the shards' outputs */
    const char *from_dir;
    int shard, nshards, finish;
    int replace; /* --replace: an out folder of files kaoping did not write may be replaced */
} kp_options;

/* Runs (or only checks) one configuration. Reports errors on stderr. */
kp_err kp_pipeline_run(const kp_options *o);
/* `kaoping render`: the documents of scores written by `run --stage score`,
 * all of them, a shard, or (finish) the manifest of every shard's files. */
kp_err kp_pipeline_render(const kp_options *o);
/* `kaoping template`: the input workbook of a run's rule set and subjects. */
kp_err kp_pipeline_template(const kp_options *o, const char *out_path);
/* `kaoping verify`: re-checks an out folder against its manifest. */
kp_err kp_pipeline_verify(const char *dir);
/* `kaoping rules`: loads and prints a rule set. */
kp_err kp_pipeline_rules(const char *ruleset_ini);

#endif
