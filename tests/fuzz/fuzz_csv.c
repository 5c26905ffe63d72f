/* fuzz_csv.c - libFuzzer target: the CSV reader (kp_csv_parse in memory, kp_csv_read from a
 * file with the BOM, UTF-8 and GB18030 paths), with the reader's contract as properties. */
#include "base/kp_arena.h"
#include "ingest/kp_csv.h"
#include "results/kp_results_csv.h"

#include "fuzz_common.h"

static char csv_path[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kpf_quiet(argc, argv);
    kpf_path(csv_path, sizeof csv_path, kpf_scratch(), "data.csv");
    return 0;
}

/* Properties of a CSV that parsed without error. */
static void check_records(const kp_csv *csv, const char *text, size_t len)
{
    long lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    KPF_CHECK("csv-header", csv->n >= 1, "parsed without error but has no header");
    int cols = csv->records[0].n;
    long prev = 0;
    for (size_t i = 0; i < csv->n; i++) {
        const kp_csv_record *r = &csv->records[i];
        KPF_CHECK("csv-fields", r->n == cols && r->n >= 1 && r->n <= KP_CSV_MAX_FIELDS,
                  "record %zu has %d fields, header %d", i, r->n, cols);
        KPF_CHECK("csv-lines", r->line > prev && r->line <= lines,
                  "record %zu starts on line %ld (previous %ld, file has %ld)", i, r->line, prev,
                  lines);
        prev = r->line;
        for (int f = 0; f < r->n; f++)
            KPF_CHECK("csv-fields", r->fields[f] != NULL, "record %zu field %d is NULL", i, f);
    }
    /* Accepting a NUL byte means a field is silently cut at it: "12\0" + "3" reads as 12. */
    KPF_CHECK("csv-nul", memchr(text, '\0', len) == NULL,
              "a NUL byte was accepted; the field holding it is silently truncated");
}

/* Writing the records with the results.csv writer and parsing them again gives them back. */
static void check_round_trip(const kp_csv *csv)
{
    char *buf = NULL;
    size_t blen = 0;
    FILE *fp = open_memstream(&buf, &blen);
    if (!fp)
        return;
    for (size_t i = 0; i < csv->n; i++) {
        for (int f = 0; f < csv->records[i].n; f++) {
            if (f)
                fputc(',', fp);
            kp_csv_put(fp, csv->records[i].fields[f]);
        }
        fputc('\n', fp);
    }
    fclose(fp);
    kp_arena arena;
    kp_arena_init(&arena);
    kp_diag d;
    kp_diag_init(&d);
    kp_csv again = {.path = "round-trip.csv", .name = "round-trip.csv"};
    kp_err err = kp_csv_parse(&again, buf, blen, &arena, &d);
    KPF_CHECK("csv-round-trip", err == KP_OK, "written records do not parse again: %s", d.msg);
    /* A record of one empty field is a blank line to the reader: it cannot come back. */
    size_t j = 0;
    for (size_t i = 0; i < csv->n; i++) {
        const kp_csv_record *a = &csv->records[i];
        if (a->n == 1 && !a->fields[0][0] && i > 0)
            continue;
        KPF_CHECK("csv-round-trip", j < again.n, "record %zu lost when written and read again", i);
        const kp_csv_record *b = &again.records[j++];
        KPF_CHECK("csv-round-trip", a->n == b->n, "record %zu: %d fields, %d after a round trip", i,
                  a->n, b->n);
        for (int f = 0; f < a->n; f++)
            KPF_CHECK("csv-round-trip", !strcmp(a->fields[f], b->fields[f]),
                      "record %zu field %d changed in a round trip", i, f);
    }
    KPF_CHECK("csv-round-trip", j == again.n, "round trip added records");
    kp_csv_free(&again);
    kp_arena_free(&arena);
    free(buf);
}

static void parse_in_memory(const uint8_t *data, size_t size)
{
    /* An exact-size copy: reading one byte past the end is an ASan report. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return;
    memcpy(text, data, size);
    kp_arena arena;
    kp_arena_init(&arena);
    kp_diag d;
    kp_diag_init(&d);
    kp_csv csv = {.path = "fuzz.csv", .name = "fuzz.csv"};
    kpf_capture_begin();
    kp_err err = kp_csv_parse(&csv, text, size, &arena, &d);
    long printed = kpf_capture_end();
    KPF_CHECK("csv-error-reported", (err == KP_OK) == (printed == 0),
              "returned %d after printing %ld errors", (int)err, printed);
    if (err == KP_OK) {
        check_records(&csv, text, size);
        check_round_trip(&csv);
    }
    kp_csv_free(&csv);
    kp_csv_free(&csv); /* twice: free leaves it reusable */
    kp_arena_free(&arena);
    free(text);
}

static void read_file(const uint8_t *data, size_t size, const char *encoding)
{
    kp_arena arena;
    kp_arena_init(&arena);
    kp_diag d;
    kp_diag_init(&d);
    kp_csv csv;
    kpf_capture_begin();
    kp_err err = kp_csv_read(&csv, csv_path, "data.csv", encoding, &arena, &d);
    long printed = kpf_capture_end();
    KPF_CHECK("csv-error-reported", (err == KP_OK) == (printed == 0),
              "kp_csv_read returned %d after printing %ld errors", (int)err, printed);
    if (err == KP_OK && !strcmp(encoding, "utf-8")) {
        size_t skip = size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
        size_t valid = kpf_utf8_valid(data + skip, size - skip);
        KPF_CHECK("csv-utf8", valid == size - skip,
                  "accepted as UTF-8 but byte %zu (0x%02X) starts an invalid sequence "
                  "(overlong, surrogate or above U+10FFFF)",
                  valid + skip, data[valid + skip]);
    }
    if (err == KP_OK)
        kp_csv_column(&csv, "value");
    kp_csv_free(&csv);
    kp_arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse_in_memory(data, size);
    kpf_write(csv_path, data, size);
    read_file(data, size, "utf-8");
    if (size && (data[0] & 1)) /* half the inputs also as a GBK export */
        read_file(data, size, "gb18030");
    return 0;
}
