/* test_rank.c - competition ranks and rank quotas at their boundaries. */
#include "test.h"

#include "rules/kp_score.h"

void test_rank(void)
{
    static const struct {
        long long units[8];
        int n;
        int want[8];
    } cases[] = {
        {{100, 90, 90, 80}, 4, {1, 2, 2, 4}},
        {{50, 50, 50}, 3, {1, 1, 1}},
        {{9, 8, 7, 7, 7, 3}, 6, {1, 2, 3, 3, 3, 6}},
        {{1}, 1, {1}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int ranks[8];
        kp_score_competition_ranks(cases[c].units, cases[c].n, ranks);
        for (int i = 0; i < cases[c].n; i++)
            CHECK(ranks[i] == cases[c].want[i], "case %zu item %d: rank %d, want %d", c, i,
                  ranks[i], cases[c].want[i]);
    }
    static const struct {
        double percent;
        int n, k;
    } quotas[] = {
        {20, 22, 4},   {15, 12, 1}, {20, 5, 1},
        {20, 4, 0},    {15, 20, 3}, {20, 15, 3}, /* 0.2 x 15 = 3.0000000000000004 */
        {29, 100, 29}, /* 0.29 x 100 = 28.999999999999996: the epsilon keeps it 29 */
        {70, 10, 7},   {100, 7, 7}, {0, 9, 0},
    };
    for (size_t i = 0; i < sizeof quotas / sizeof quotas[0]; i++)
        CHECK(kp_score_quota(quotas[i].percent, quotas[i].n) == quotas[i].k,
              "quota %g%% of %d = %d, want %d", quotas[i].percent, quotas[i].n,
              kp_score_quota(quotas[i].percent, quotas[i].n), quotas[i].k);
}
