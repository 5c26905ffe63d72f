/* fuzz_rules.c - libFuzzer target: a rule set (the input) scored over the hand-checked mini data
 * (tests/data/zs-mini): kp_run_load, kp_ruleset_load, kp_model_load, kp_score_run, the notice
 * texts and results.csv, as `kaoping run` does before rendering. Whatever the rule set says,
 * a run that succeeds must publish finite numbers and ranks, and a `ref` indicator must be the
 * total of the unit in the kind it names. Checked on results.csv read back: the in-memory
 * tables change as the scoring stages grow, the file's columns do not. */
#include "base/kp_arena.h"
#include "config/kp_config.h"
#include "ingest/kp_csv.h"
#include "model/kp_model.h"
#include "results/kp_results_csv.h"
#include "rules/kp_score.h"

#include "fuzz_common.h"

#include <math.h>

static char rules_path[600], run_ini[600], csv_path[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kpf_quiet(argc, argv);
    const char *dir = kpf_scratch();
    char data[600];
    kpf_path(data, sizeof data, kpf_root(), "tests/data/zs-mini");
    kpf_path(rules_path, sizeof rules_path, dir, "rules.ini");
    kpf_path(run_ini, sizeof run_ini, dir, "run.ini");
    kpf_path(csv_path, sizeof csv_path, dir, "results.csv");
    char ini[2048];
    int n = snprintf(ini, sizeof ini,
                     "[run]\nruleset = %s\nperiod = 2023\ndata = %s\n[document]\n"
                     "authority = 测试街道工作委员会\ndate = 2024-01-15\n",
                     rules_path, data);
    kpf_write(run_ini, ini, (size_t)n);
    return 0;
}

static int finite_number(const char *field, double *v)
{
    char *end;
    *v = strtod(field, &end);
    return *field && !*end && isfinite(*v);
}

/* Every number published is finite; ranks are 1..rows. */
static void check_numbers(const kp_csv *f)
{
    for (size_t i = 1; i < f->n; i++) {
        const kp_csv_record *r = &f->records[i];
        double v;
        KPF_CHECK("score-finite", finite_number(r->fields[4], &v),
                  "results.csv line %ld (%s %s): total '%s'", r->line, r->fields[0], r->fields[1],
                  r->fields[4]);
        for (int c = 7; c < r->n; c++)
            KPF_CHECK("score-finite", !r->fields[c][0] || finite_number(r->fields[c], &v),
                      "results.csv line %ld (%s %s): %s is '%s'", r->line, r->fields[0],
                      r->fields[1], f->records[0].fields[c], r->fields[c]);
        if (r->fields[5][0]) {
            char *end;
            long rank = strtol(r->fields[5], &end, 10);
            KPF_CHECK("score-rank", !*end && rank >= 1 && (size_t)rank < f->n,
                      "results.csv line %ld: rank '%s'", r->line, r->fields[5]);
        }
    }
}

/* A `ref` indicator is the published total of the subject's unit in the kind named by `of`
 * (same period), scaled, capped and floored as the indicator says. */
static void check_refs(const kp_csv *f, const kp_model *m)
{
    const kp_ruleset *rs = m->rs;
    for (int j = 0; j < rs->nindicators; j++) {
        const kp_indicator *ind = &rs->indicators[j];
        if (ind->method != KP_M_REF || ind->ref_kind < 0)
            continue;
        int col = kp_csv_column(f, ind->key);
        if (col < 0)
            continue;
        const char *kind = rs->kinds[ind->kind].key, *of = rs->kinds[ind->ref_kind].key;
        for (size_t i = 1; i < f->n; i++) {
            const kp_csv_record *r = &f->records[i];
            if (strcmp(r->fields[0], kind) || !r->fields[col][0])
                continue;
            const char *unit = NULL;
            for (int e = 0; e < m->nentities && !unit; e++)
                if (m->entities[e].is_person && !strcmp(m->entities[e].id, r->fields[1]))
                    unit = m->entities[e].unit;
            const kp_csv_record *u = NULL;
            for (size_t k = 1; unit && k < f->n && !u; k++)
                if (!strcmp(f->records[k].fields[0], of) &&
                    !strcmp(f->records[k].fields[1], unit) &&
                    !strcmp(f->records[k].fields[3], r->fields[3]))
                    u = &f->records[k];
            if (!u)
                continue;
            double want = strtod(u->fields[4], NULL) * ind->scale;
            if (!isnan(ind->cap) && want > ind->cap)
                want = ind->cap;
            if (!isnan(ind->floor) && want < ind->floor)
                want = ind->floor;
            char buf[64];
            kp_num_format(want, ind->decimals, buf, sizeof buf);
            KPF_CHECK("score-ref", !strcmp(buf, r->fields[col]),
                      "'%s' of %s '%s' in %s is %s, but the total of its unit '%s' in kind "
                      "'%s' (%s) gives %s",
                      ind->key, kind, r->fields[1], r->fields[3], r->fields[col], unit, of,
                      u->fields[4], buf);
        }
    }
}

static void check_results(const kp_model *m)
{
    kp_arena arena;
    kp_arena_init(&arena);
    kp_diag d;
    kp_diag_init(&d);
    kp_csv f;
    kp_err err = kp_csv_read(&f, csv_path, "results.csv", "utf-8", &arena, &d);
    KPF_CHECK("results-csv", err == KP_OK, "results.csv does not read back: %s", d.msg);
    KPF_CHECK("results-csv", f.records[0].n >= 7, "results.csv header has %d columns",
              f.records[0].n);
    check_numbers(&f);
    check_refs(&f, m);
    kp_csv_free(&f);
    kp_arena_free(&arena);
}

/* Rule sets that load although they hit a known, reported bug (fuzz_ini's property of the
 * same id) are not scored while that id is in KP_FUZZ_IGNORE. */
static int known_bug(const kp_ruleset *rs)
{
    if (kpf_ignored("rules-decimals")) {
        if (rs->decimals < 0 || rs->decimals > 15)
            return 1;
        for (int i = 0; i < rs->nindicators; i++)
            if (rs->indicators[i].decimals < 0 || rs->indicators[i].decimals > 15)
                return 1;
    }
    /* rules-4: a unit in two unit kinds; `ref` reads the table of `of` at the index of the
     * unit's subject in the first of them (heap overflow in kp_score.c method_score). */
    if (kpf_ignored("ref-unit-kind")) {
        int unit_kinds = 0, refs = 0;
        for (int k = 0; k < rs->nkinds; k++)
            unit_kinds += !rs->kinds[k].from_people;
        for (int i = 0; i < rs->nindicators; i++)
            refs += rs->indicators[i].method == KP_M_REF;
        if (unit_kinds > 1 && refs)
            return 1;
    }
    /* rules-5: method strikes without `bottom` (0) reads sorted[-1] in count_strikes. */
    if (kpf_ignored("strikes-bottom"))
        for (int i = 0; i < rs->nindicators; i++)
            if (rs->indicators[i].method == KP_M_STRIKES && rs->indicators[i].bottom < 1)
                return 1;
    if (kpf_ignored("rules-ref-order"))
        for (int i = 0; i < rs->nindicators; i++)
            if (rs->indicators[i].method == KP_M_REF &&
                rs->indicators[i].ref_kind >= rs->indicators[i].kind)
                return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kpf_write(rules_path, data, size);
    kp_arena arena;
    kp_arena_init(&arena);
    kp_diag d;
    kp_diag_init(&d);
    kp_run run;
    kp_ruleset *rs = calloc(1, sizeof *rs); /* large: on the heap, where ASan watches it */
    kp_model m;
    kp_results res;
    memset(&m, 0, sizeof m);
    memset(&res, 0, sizeof res);
    if (!rs)
        return 0;
    kp_quiet = 1;
    kpf_capture_begin();
    kp_err err = kp_run_load(&run, run_ini, &arena, &d);
    if (err)
        abort(); /* the harness's own run INI */
    err = kp_ruleset_load(rs, run.ruleset_path, &arena, &d);
    if (!err && known_bug(rs)) {
        kpf_capture_end();
        goto done;
    }
    if (!err)
        err = kp_model_load(&m, rs, &run, run.data_dir, &arena, &d);
    if (!err)
        err = kp_score_run(&res, &m, &d);
    long printed = kpf_capture_end();
    KPF_CHECK("run-error-reported", (err == KP_OK) == (printed == 0),
              "stages returned %d after printing %ld errors", (int)err, printed);
    if (!err) {
        char text[512];
        for (size_t i = 0; i < res.nnotices; i++)
            kp_notice_text(&res, &res.notices[i], text, sizeof text);
        err = kp_results_csv_write(&res, csv_path, &d);
        KPF_CHECK("results-written", err == KP_OK, "results.csv not written: %s", d.msg);
        check_results(&m);
    }
done:
    kp_results_free(&res);
    kp_model_free(&m);
    kp_ruleset_free(rs);
    free(rs);
    kp_arena_free(&arena);
    return 0;
}
