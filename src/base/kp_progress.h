/* kp_progress.h - one self-rewriting progress line on stderr, only for a person at a terminal. */
#ifndef KP_PROGRESS_H
#define KP_PROGRESS_H

#include <stddef.h>

/* Starts a run's progress; nothing is ever printed unless stderr is a
 * terminal and quiet is zero. */
void kp_progress_begin(int quiet);
/* Subjects scored so far (one call with the total is enough). */
void kp_progress_scored(size_t subjects);
/* Documents to write in all, then one call per document written (from any thread). */
void kp_progress_documents(size_t total);
void kp_progress_document_done(void);
/* Clears the line. */
void kp_progress_end(void);

#endif
