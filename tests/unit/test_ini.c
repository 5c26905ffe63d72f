/* test_ini.c - did-you-mean suggestions for unknown keys. */
#include "test.h"

#include "config/kp_ini.h"

#include <string.h>

void test_ini(void)
{
    static const char *const known[] = {"ruleset", "period", "data", "out", NULL};
    static const struct {
        const char *word, *want;
    } cases[] = {{"perod", "period"}, {"rulset", "ruleset"}, {"ouput", "out"},
                 {"dta", "data"},     {"colour", NULL},      {"x", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = kp_ini_suggest(cases[i].word, known);
        CHECK((got == NULL && cases[i].want == NULL) ||
                  (got && cases[i].want && !strcmp(got, cases[i].want)),
              "suggest '%s': got %s", cases[i].word, got ? got : "(none)");
    }
    CHECK(kp_ini_distance("kitten", "sitting") == 3, "levenshtein");
    /* A swap of neighbours is one edit (by hand: nmae -> name swaps m and a). */
    CHECK(kp_ini_distance("nmae", "name") == 1, "adjacent swap");
    CHECK(kp_ini_distance("nmae", "note") == 2, "two substitutions");
    CHECK(kp_ini_distance("ca", "abc") == 3, "no swap and insert at once (OSA)");
}
