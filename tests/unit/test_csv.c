/* test_csv.c - the CSV reader: quoting, blank lines, column counts, errors with lines. */
#include "test.h"

#include "ingest/kp_csv.h"

#include <string.h>

static int parse(const char *text, kp_csv *csv, kp_arena *a, kp_diag *d)
{
    memset(csv, 0, sizeof *csv);
    csv->name = "t.csv";
    kp_diag_init(d);
    return kp_csv_parse(csv, text, strlen(text), a, d);
}

void test_csv(void)
{
    kp_arena a;
    kp_arena_init(&a);
    kp_csv csv;
    kp_diag d;
    CHECK(parse("a,b\n1,2\r\n\n\"x,y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\n", &csv, &a,
                &d) == KP_OK,
          "good csv");
    CHECK(csv.n == 4, "4 records, got %zu", csv.n);
    if (csv.n == 4) {
        CHECK(!strcmp(csv.records[1].fields[1], "2"), "CRLF stripped");
        CHECK(!strcmp(csv.records[2].fields[0], "x,y"), "quoted comma");
        CHECK(!strcmp(csv.records[2].fields[1], "he said \"hi\""), "doubled quotes");
        CHECK(!strcmp(csv.records[3].fields[0], "multi\nline"), "quoted newline");
        CHECK(csv.records[3].line == 5, "record line %ld", csv.records[3].line);
        CHECK(kp_csv_column(&csv, "b") == 1 && kp_csv_column(&csv, "c") == -1, "columns");
    }
    kp_csv_free(&csv);
    static const struct {
        const char *text;
        long line;
    } bad[] = {
        {"a,b\n1,2,3\n", 2},    /* too many fields */
        {"a,b\n1\n", 2},        /* too few */
        {"a,b\n\"1,2\n", 2},    /* never closed */
        {"a,b\n\"1\"x,2\n", 2}, /* text after the closing quote */
        {"a,b\n1,2\n3,4\n5\"6,7\n", 4},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kp_err e = parse(bad[i].text, &csv, &a, &d);
        CHECK(e != KP_OK, "bad csv %zu accepted", i);
        CHECK(d.line == bad[i].line, "bad csv %zu: line %ld, want %ld", i, d.line, bad[i].line);
        kp_csv_free(&csv);
    }
    kp_arena_free(&a);
}
