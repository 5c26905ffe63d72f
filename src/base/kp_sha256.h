/* kp_sha256.h - SHA-256 digests (nettle) of bytes in memory and of files, as hex. */
#ifndef KP_SHA256_H
#define KP_SHA256_H

#include <nettle/sha2.h>
#include <stddef.h>

/* A file's digest and size: what a manifest lists. hex[0] is '\0' while unknown. */
typedef struct {
    char hex[65];
    long long size;
} kp_file_sum;

/* Ends the digest of c (nettle's) as 64 lowercase hex digits and a terminator. */
void kp_sha256_hex_of(struct sha256_ctx *c, char hex[65]);

/* The SHA-256 of data[0..n) as 64 lowercase hex digits and a terminator. */
void kp_sha256_hex(const void *data, size_t n, char hex[65]);

/* The SHA-256 and size of the file at path. Returns 0, or -1 when it cannot be read. */
int kp_sha256_file(const char *path, kp_file_sum *sum);

#endif
