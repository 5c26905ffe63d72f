/* kp_utf8.h - UTF-8 decoding and UTF-8/UTF-16BE encoding for the PDF module. */
#ifndef KP_UTF8_H
#define KP_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define KP_UTF8_BAD 0xFFFDu /* what a malformed sequence decodes to */

/* Decodes the code point at s[*i] (s holds len bytes) and advances *i past
 * it. Malformed or overlong sequences, surrogates and values above
 * U+10FFFF decode as KP_UTF8_BAD and advance by one byte, so that a
 * stray byte costs one replacement character, not the rest of the text.
 * Call only with *i < len. */
uint32_t kp_utf8_next(const char *s, size_t len, size_t *i);

/* The largest n' <= n at which s (at least n bytes long) can be cut between two characters:
 * s[n'] is not a continuation byte. */
size_t kp_utf8_cut(const char *s, size_t n);

/* Writes cp (a valid scalar value) as UTF-8 to out (room for 4 bytes);
 * returns the number of bytes written. */
size_t kp_utf8_encode(uint32_t cp, char *out);

/* Writes cp as UTF-16BE to out (room for 4 bytes), as a surrogate pair
 * above U+FFFF; returns the number of bytes written (2 or 4). */
size_t kp_utf16_encode(uint32_t cp, unsigned char *out);

#endif
