/* kp_progress.c - progress for long runs: subjects scored, documents written, elapsed, rate. */
#include "kp_progress.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static struct {
    int on;
    size_t scored, total, done;
    double start, last;
} p;
/* Documents are written on several threads at once (kaoping run -j): one
 * lock keeps the counts and the line whole. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* elapsed time only: never written to any output */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show(int force)
{
    double t = now();
    if (!p.on || (!force && t - p.last < 0.2))
        return;
    p.last = t;
    double el = t - p.start;
    fprintf(stderr, "\r\033[Kkaoping: %zu subjects scored, %zu/%zu documents, %.1f s, %.0f docs/s",
            p.scored, p.done, p.total, el, el > 0 ? (double)p.done / el : 0.0);
    fflush(stderr);
}

void kp_progress_begin(int quiet)
{
    p.on = !quiet && isatty(STDERR_FILENO);
    p.scored = p.total = p.done = 0;
    p.start = p.last = p.on ? now() : 0;
}

void kp_progress_scored(size_t subjects)
{
    p.scored = subjects;
    show(0);
}

void kp_progress_documents(size_t total)
{
    pthread_mutex_lock(&lock);
    p.total = total;
    show(0);
    pthread_mutex_unlock(&lock);
}

void kp_progress_document_done(void)
{
    pthread_mutex_lock(&lock);
    p.done++;
    show(0);
    pthread_mutex_unlock(&lock);
}

void kp_progress_end(void)
{
    if (p.on) {
        show(1);
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p.on = 0;
}
