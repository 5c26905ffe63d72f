/* fuzz_ini.c - libFuzzer target: the INI loaders. Each input is written to a scratch file and
 * loaded both as a rule set (kp_ruleset_load, then printed as `kaoping rules` does) and as a
 * run configuration (kp_run_load); a loaded rule set must be one the scoring stages can use. */
#include "base/kp_arena.h"
#include "config/kp_config.h"

#include "fuzz_common.h"

#include <math.h>

static char ini_path[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kpf_quiet(argc, argv);
    kpf_path(ini_path, sizeof ini_path, kpf_scratch(), "fuzz.ini");
    return 0;
}

/* What the model and scoring stages take for granted of a rule set that loaded. */
static void check_ruleset(const kp_ruleset *rs)
{
    KPF_CHECK("rules-shape", rs->nkinds >= 1 && rs->nkinds <= KP_MAX_KINDS, "%d kinds", rs->nkinds);
    KPF_CHECK("rules-shape",
              rs->nindicators >= 0 && rs->nindicators <= KP_MAX_INDICATORS && rs->ninputs >= 0 &&
                  rs->ninputs <= KP_MAX_INPUTS,
              "%d indicators, %d inputs", rs->nindicators, rs->ninputs);
    for (int k = 0; k < rs->nkinds; k++) {
        const kp_kind *kind = &rs->kinds[k];
        KPF_CHECK("rules-shape", kind->key && kind->label, "kind %d without key or label", k);
        KPF_CHECK("rules-grades", kind->ngrades >= 0 && kind->ngrades <= KP_MAX_GRADES,
                  "kind '%s' has %d grades", kind->key, kind->ngrades);
        KPF_CHECK("rules-grades",
                  kind->veto_grade >= -1 && kind->veto_grade < kind->ngrades &&
                      kind->else_grade >= -1 && kind->else_grade < kind->ngrades,
                  "kind '%s': veto %d, else %d of %d grades", kind->key, kind->veto_grade,
                  kind->else_grade, kind->ngrades);
        for (int g = 0; g < kind->ngrades; g++)
            KPF_CHECK("rules-grades",
                      kind->grades[g].name && kind->grades[g].nconds >= 0 &&
                          kind->grades[g].nconds <= KP_MAX_CONDS,
                      "kind '%s' grade %d", kind->key, g);
    }
    for (int q = 0; q < rs->ninputs; q++) {
        const kp_input *in = &rs->inputs[q];
        KPF_CHECK("rules-shape", in->kind >= 0 && in->kind < rs->nkinds && in->key && in->unit,
                  "input %d: kind %d", q, in->kind);
    }
    for (int i = 0; i < rs->nindicators; i++) {
        const kp_indicator *ind = &rs->indicators[i];
        KPF_CHECK("rules-shape", ind->kind >= 0 && ind->kind < rs->nkinds,
                  "indicator '%s': kind %d", ind->key, ind->kind);
        KPF_CHECK("rules-shape", ind->method >= 0 && ind->method < KP_M_COUNT && ind->method_name,
                  "indicator '%s': method %d", ind->key, (int)ind->method);
        KPF_CHECK("rules-shape", ind->sign == 1 || ind->sign == -1, "indicator '%s': sign %d",
                  ind->key, ind->sign);
        for (int q = 0; q < ind->ninputs; q++)
            KPF_CHECK("rules-shape", ind->inputs[q] >= 0 && ind->inputs[q] < rs->ninputs,
                      "indicator '%s': input %d", ind->key, ind->inputs[q]);
        if (ind->method == KP_M_REF) {
            KPF_CHECK("rules-shape", ind->ref_kind >= 0 && ind->ref_kind < rs->nkinds,
                      "indicator '%s': ref kind %d", ind->key, ind->ref_kind);
            /* kp_score.c scores kinds in file order "checked when the rule set is loaded". */
            KPF_CHECK("rules-ref-order", ind->ref_kind < ind->kind,
                      "indicator '%s' of kind '%s' refers to kind '%s', which is scored later",
                      ind->key, rs->kinds[ind->kind].key, rs->kinds[ind->ref_kind].key);
        }
        /* Places in results.csv: negative or hundreds of places print nonsense or NaN. */
        KPF_CHECK("rules-decimals", ind->decimals >= 0 && ind->decimals <= 15,
                  "indicator '%s': decimals %d", ind->key, ind->decimals);
    }
    KPF_CHECK("rules-decimals", rs->decimals >= 0 && rs->decimals <= 15, "decimals %d",
              rs->decimals);
    for (int s = 0; s < rs->nsettings; s++)
        KPF_CHECK("rules-shape",
                  rs->settings[s].key && rs->settings[s].value && rs->settings[s].origin,
                  "setting %d incomplete", s);
}

static void check_run(const kp_run *run)
{
    KPF_CHECK("run-shape",
              run->ruleset_path && run->encoding && run->authority && run->authority_short &&
                  run->docnumber && run->date && run->title && run->addressee && run->cc &&
                  run->printer && run->note,
              "a loaded run has a NULL string");
    KPF_CHECK("run-shape",
              !strcmp(run->encoding, "utf-8") || !strcmp(run->encoding, "gb18030") ||
                  !strcmp(run->encoding, "gbk"),
              "encoding '%s'", run->encoding);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kpf_write(ini_path, data, size);
    kp_arena arena;
    kp_arena_init(&arena);
    kp_diag d;
    kp_diag_init(&d);

    kp_ruleset *rs = malloc(sizeof *rs); /* ~90 KB: on the heap, where ASan watches it */
    if (!rs)
        return 0;
    kpf_capture_begin();
    kp_err err = kp_ruleset_load(rs, ini_path, &arena, &d);
    long printed = kpf_capture_end();
    KPF_CHECK("ini-error-reported", (err == KP_OK) == (printed == 0),
              "kp_ruleset_load returned %d after printing %ld errors", (int)err, printed);
    if (err == KP_OK) {
        check_ruleset(rs);
        kp_ruleset_print(rs); /* stdout is closed while fuzzing */
    }
    kp_ruleset_free(rs);
    kp_ruleset_free(rs);
    free(rs);

    kp_run run;
    kp_diag_init(&d);
    kpf_capture_begin();
    err = kp_run_load(&run, ini_path, &arena, &d);
    printed = kpf_capture_end();
    KPF_CHECK("ini-error-reported", (err == KP_OK) == (printed == 0),
              "kp_run_load returned %d after printing %ld errors", (int)err, printed);
    if (err == KP_OK)
        check_run(&run);
    kp_arena_free(&arena);
    return 0;
}
