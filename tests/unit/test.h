/* test.h - a minimal table-driven unit test harness: CHECK records, main() counts. */
#ifndef KP_TEST_H
#define KP_TEST_H

#include <stdio.h>

extern int kp_test_passed, kp_test_failed;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            kp_test_passed++;                                                                      \
        } else {                                                                                   \
            kp_test_failed++;                                                                      \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

void test_num(void);
void test_csv(void);
void test_rank(void);
void test_ini(void);
void test_text(void);
void test_obs(void);
void test_exact(void);

#endif
