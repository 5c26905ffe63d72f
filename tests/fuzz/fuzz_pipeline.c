/* fuzz_pipeline.c - libFuzzer target: a whole run (kp_pipeline_run) on the hand-checked mini
 * data folder with one of its CSV files replaced by the input.
 *
 * The first byte chooses the file: 'u' units.csv, 'p' people.csv, 'o' observations.csv (any
 * other byte: its value mod 3); in fuzz_pipeline_out also 'l', the layout (layouts/ranking.xml,
 * used through the run INI's `layouts`). The rest of the input is the file. The data folder is
 * copied from tests/data/zs-mini once; after each input the replaced file is put back.
 *
 * Built twice: fuzz_pipeline runs `kaoping check` (check_only = 1); fuzz_pipeline_out
 * (KPF_WRITE = 1) first checks, then runs for real into an out folder and checks what it
 * wrote: results.csv readable, every number finite; on failure nothing written and no
 * staging folder left behind; `check` and `run` agree. */
#include "base/kp_arena.h"
#include "cli/kp_pipeline.h"
#include "ingest/kp_csv.h"

#include "fuzz_common.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <sys/stat.h>

#ifndef KPF_WRITE
#define KPF_WRITE 0
#endif

#define NFILES 4 /* the layout is used by fuzz_pipeline_out only */
static const char *const file_names[NFILES] = {"units.csv", "people.csv", "observations.csv",
                                               "ranking.xml"};
static const char *const file_sources[NFILES] = {
    "tests/data/zs-mini/units.csv", "tests/data/zs-mini/people.csv",
    "tests/data/zs-mini/observations.csv", "layouts/ranking.xml"};
static char *originals[NFILES];
static size_t original_len[NFILES];
static char data_paths[NFILES][600];
static char run_ini[600], out_dir[600];
static int dirty = -1; /* the file now holding an input, -1 none */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kpf_quiet(argc, argv);
    const char *dir = kpf_scratch();
    char data[600], layouts[600], src[600], rules[600];
    kpf_path(data, sizeof data, dir, "data");
    kpf_path(layouts, sizeof layouts, dir, "layouts");
    if ((mkdir(data, 0700) != 0 && errno != EEXIST) ||
        (mkdir(layouts, 0700) != 0 && errno != EEXIST))
        abort();
    for (int i = 0; i < NFILES; i++) {
        kpf_path(src, sizeof src, kpf_root(), file_sources[i]);
        originals[i] = kpf_read(src, &original_len[i]);
        if (!originals[i]) {
            perror(src);
            abort();
        }
        kpf_path(data_paths[i], sizeof data_paths[i], i < 3 ? data : layouts, file_names[i]);
        kpf_write(data_paths[i], originals[i], original_len[i]);
    }
    kpf_path(rules, sizeof rules, kpf_root(), "config/rules/zhongshan-2023.ini");
    kpf_path(out_dir, sizeof out_dir, dir, "out");
    kpf_path(run_ini, sizeof run_ini, dir, "run.ini");
    char ini[4096];
    int n = snprintf(ini, sizeof ini,
                     "[run]\nruleset = %s\nperiod = 2023\ndata = %s\nout = %s\nlayouts = %s\n"
                     "[document]\nauthority = 测试街道工作委员会\ndocnumber = 测委〔2024〕1号\n"
                     "date = 2024-01-15\ntitle = 关于2023年度考评结果的通报\n",
                     rules, data, out_dir, layouts);
    kpf_write(run_ini, ini, (size_t)n);
    /* Layouts and fonts are looked up next to the program, which sits in the build folder. */
    setenv("KAOPING_DATADIR", kpf_root(), 0);
    return 0;
}

#if KPF_WRITE
/* A field of results.csv that must be a finite number. */
static void check_number(const char *field, const char *what, long line)
{
    char *end;
    double v = strtod(field, &end);
    KPF_CHECK("results-number", *field && !*end && isfinite(v),
              "results.csv line %ld: %s is '%s', not a finite number", line, what, field);
}

static void check_results(void)
{
    char path[700];
    kpf_path(path, sizeof path, out_dir, "results.csv");
    size_t len;
    char *raw = kpf_read(path, &len);
    KPF_CHECK("results-written", raw != NULL, "the run succeeded without results.csv");
    KPF_CHECK("results-utf8", kpf_utf8_valid((const unsigned char *)raw, len) == len,
              "results.csv is not valid UTF-8 at byte %zu",
              kpf_utf8_valid((const unsigned char *)raw, len));
    free(raw);
    kp_arena arena;
    kp_arena_init(&arena);
    kp_diag d;
    kp_diag_init(&d);
    kp_csv csv;
    kp_err err = kp_csv_read(&csv, path, "results.csv", "utf-8", &arena, &d);
    KPF_CHECK("results-csv", err == KP_OK, "results.csv does not read back: %s", d.msg);
    KPF_CHECK("results-csv", csv.n >= 2, "results.csv has no rows");
    for (size_t i = 1; i < csv.n; i++) {
        const kp_csv_record *r = &csv.records[i];
        KPF_CHECK("results-csv", r->n >= 7, "results.csv line %ld: %d fields", r->line, r->n);
        check_number(r->fields[4], "the total", r->line);
        if (r->fields[5][0]) {
            char *end;
            long rank = strtol(r->fields[5], &end, 10);
            KPF_CHECK("results-rank", !*end && rank >= 1 && (size_t)rank < csv.n,
                      "results.csv line %ld: rank '%s'", r->line, r->fields[5]);
        }
        for (int f = 7; f < r->n; f++)
            if (r->fields[f][0])
                check_number(r->fields[f], csv.records[0].fields[f], r->line);
    }
    kp_csv_free(&csv);
    kp_arena_free(&arena);
}

/* A failed run leaves no staging folder (.out.kaoping-XXXXXX) beside the out folder. */
static void check_no_stage(void)
{
    DIR *dp = opendir(kpf_scratch());
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp)))
        KPF_CHECK("out-stage", strncmp(e->d_name, ".out.kaoping-", 13) != 0,
                  "staging folder '%s' left behind", e->d_name);
    closedir(dp);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int sel = data[0] == 'u' ? 0 : data[0] == 'p' ? 1 : data[0] == 'o' ? 2 : data[0] % 3;
    if (KPF_WRITE && data[0] == 'l')
        sel = 3;
    if (dirty >= 0 && dirty != sel)
        kpf_write(data_paths[dirty], originals[dirty], original_len[dirty]);
    kpf_write(data_paths[sel], data + 1, size - 1);
    dirty = sel;

    kp_options o = {.run_ini = run_ini, .check_only = 1, .quiet = 1};
    kpf_capture_begin();
    kp_err checked = kp_pipeline_run(&o);
    long printed = kpf_capture_end();
    KPF_CHECK("run-error-reported", (checked == KP_OK) == (printed == 0),
              "check returned %d after printing %ld errors", (int)checked, printed);
#if KPF_WRITE
    o.check_only = 0;
    kpf_capture_begin();
    kp_err err = kp_pipeline_run(&o);
    printed = kpf_capture_end();
    KPF_CHECK("run-error-reported", (err == KP_OK) == (printed == 0),
              "run returned %d after printing %ld errors", (int)err, printed);
    /* `kaoping check` reads no layout: a broken one is a separately named property. */
    KPF_CHECK(sel == 3 ? "check-agrees-layout" : "check-agrees",
              (err == KP_OK) == (checked == KP_OK),
              "'kaoping check' returned %d but 'kaoping run' %d", (int)checked, (int)err);
    struct stat st;
    if (err == KP_OK)
        check_results();
    else
        KPF_CHECK("out-untouched", stat(out_dir, &st) != 0,
                  "a failed run (%d) created the out folder", (int)err);
    check_no_stage();
    kpf_rm_rf(out_dir);
#endif
    return 0;
}
