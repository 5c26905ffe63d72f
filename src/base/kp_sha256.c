/* kp_sha256.c - SHA-256 digests (nettle) of bytes in memory and of files, as hex. */
#include "kp_sha256.h"

#include <stdio.h>

void kp_sha256_hex_of(struct sha256_ctx *c, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(c, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

void kp_sha256_hex(const void *data, size_t n, char hex[65])
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, n, data);
    kp_sha256_hex_of(&c, hex);
}

int kp_sha256_file(const char *path, kp_file_sum *sum)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    struct sha256_ctx c;
    sha256_init(&c);
    unsigned char buf[65536];
    size_t n;
    long long total = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        sha256_update(&c, n, buf);
        total += (long long)n;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return -1;
    kp_sha256_hex_of(&c, sum->hex);
    sum->size = total;
    return 0;
}
