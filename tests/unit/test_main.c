/* test_main.c - runs every unit test group and prints the totals. */
#include "test.h"

#include "base/kp_error.h"

int kp_test_passed, kp_test_failed;

int main(void)
{
    kp_quiet = 1;
    test_num();
    test_csv();
    test_rank();
    test_ini();
    test_text();
    test_obs();
    test_exact();
    printf("unit: %d passed, %d failed\n", kp_test_passed, kp_test_failed);
    return kp_test_failed != 0;
}
