/* fuzz_common.h - what every libFuzzer target of kaoping shares: quiet diagnostics, a scratch
 * folder, the source tree, counted error reports and named property checks.
 *
 * Included once by each tests/fuzz/fuzz_<name>.c (it defines functions, not only declares).
 * Environment:
 *   KP_FUZZ_VERBOSE=1   show kaoping's diagnostics on stderr (default: silenced while fuzzing)
 *   KP_ROOT=DIR         the source tree (default: where the target was built)
 *   KP_FUZZ_IGNORE=a,b  property checks (by id) to skip, for known and reported bugs */
#ifndef KP_FUZZ_COMMON_H
#define KP_FUZZ_COMMON_H

#include "base/kp_error.h"

#include <fcntl.h>
#include <dirent.h>
#include <sanitizer/common_interface_defs.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KPF_UNUSED __attribute__((unused))

#ifndef KP_FUZZ_ROOT
#define KP_FUZZ_ROOT "."
#endif

/* The source tree: config/, layouts/, fonts/, tests/data/. */
static KPF_UNUSED const char *kpf_root(void)
{
    const char *r = getenv("KP_ROOT");
    return r && *r ? r : KP_FUZZ_ROOT;
}

/* kaoping prints errors on stderr (kp_diag_report) and, with check_only == 0, output file names
 * on stdout; at fuzzing speed that is noise and syscalls. libFuzzer's -close_fd_mask=3 closes
 * both for the target while its own output and sanitizer reports keep a duplicate of stderr,
 * so it is added to the command line unless KP_FUZZ_VERBOSE is set or a mask was given. */
static KPF_UNUSED void kpf_quiet(int *argc, char ***argv)
{
    static char *args[512];
    if (getenv("KP_FUZZ_VERBOSE")) {
        /* fd 2 is moved around each call (kpf_capture_begin); reports go to stderr itself. */
        __sanitizer_set_report_fd((void *)(intptr_t)dup(2));
        return;
    }
    if (*argc >= (int)(sizeof args / sizeof args[0]) - 2)
        return;
    for (int i = 1; i < *argc; i++)
        if (!strncmp((*argv)[i], "-close_fd_mask=", 15))
            return;
    for (int i = 0; i < *argc; i++)
        args[i] = (*argv)[i];
    args[*argc] = "-close_fd_mask=3";
    args[*argc + 1] = NULL;
    *argc += 1;
    *argv = args;
}

/* What kaoping printed on stderr while it ran (kp_diag_report, kp_warn): fd 2 goes to a scratch
 * file around each call, so a test can count the "kaoping: error:" lines - the contract is that
 * a call fails exactly when it printed an error. Sanitizer reports keep the real stderr; with
 * KP_FUZZ_VERBOSE the captured text is copied there after each call. */
static const char *kpf_scratch(void);
static char *kpf_path(char *buf, size_t size, const char *dir, const char *name);
static int kpf_capture_fd = -1, kpf_stderr_fd = -1;

static KPF_UNUSED void kpf_capture_begin(void)
{
    fflush(stderr);
    if (kpf_capture_fd < 0) {
        char path[600];
        kpf_path(path, sizeof path, kpf_scratch(), "stderr.txt");
        kpf_capture_fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
        kpf_stderr_fd = dup(2);
        if (kpf_capture_fd < 0 || kpf_stderr_fd < 0)
            abort();
    }
    if (ftruncate(kpf_capture_fd, 0) != 0 || lseek(kpf_capture_fd, 0, SEEK_SET) != 0 ||
        dup2(kpf_capture_fd, 2) < 0)
        abort();
}

/* Ends a capture; returns how many errors were printed. */
static KPF_UNUSED long kpf_capture_end(void)
{
    fflush(stderr);
    dup2(kpf_stderr_fd, 2);
    off_t len = lseek(kpf_capture_fd, 0, SEEK_END);
    if (len <= 0)
        return 0;
    char *buf = malloc((size_t)len + 1);
    if (!buf || pread(kpf_capture_fd, buf, (size_t)len, 0) != len)
        abort();
    buf[len] = '\0';
    long errors = 0;
    for (const char *p = buf; (p = strstr(p, "kaoping: error:")); p++)
        errors++;
    if (getenv("KP_FUZZ_VERBOSE") && write(kpf_stderr_fd, buf, (size_t)len) < 0)
        errors += 0;
    free(buf);
    return errors;
}

static int kpf_ignored(const char *id);

/* A property of kaoping's contract failed: name it in the crash report and stop. A check whose
 * id is listed in KP_FUZZ_IGNORE (a known, reported bug) is skipped so fuzzing can go on. */
static KPF_UNUSED int kpf_ignored(const char *id)
{
    const char *list = getenv("KP_FUZZ_IGNORE");
    size_t n = strlen(id);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, id, n))
            return 1;
        p = end ? end + 1 : p + len;
    }
    return 0;
}

static void kpf_violation(const char *id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void kpf_violation(const char *id, const char *fmt, ...)
{
    if (kpf_ignored(id))
        return;
    char msg[600], summary[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(summary, sizeof summary, "kaoping property '%s' violated: %s", id, msg);
    __sanitizer_report_error_summary(summary);
    abort();
}

#define KPF_CHECK(id, cond, ...)                                                                   \
    do {                                                                                           \
        if (!(cond))                                                                               \
            kpf_violation(id, __VA_ARGS__);                                                        \
    } while (0)

/* A scratch folder for this process, removed at exit (kept after a crash, for a look). */
static char kpf_dir[512];

/* rm -rf for the scratch folder (no symbolic links are followed). */
static KPF_UNUSED void kpf_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *dp = opendir(path);
        struct dirent *e;
        while (dp && (e = readdir(dp))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[1024];
            if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
                kpf_rm_rf(sub);
        }
        if (dp)
            closedir(dp);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static KPF_UNUSED void kpf_cleanup(void)
{
    if (kpf_dir[0])
        kpf_rm_rf(kpf_dir);
}

static KPF_UNUSED const char *kpf_scratch(void)
{
    if (kpf_dir[0])
        return kpf_dir;
    const char *tmp = getenv("TMPDIR");
    snprintf(kpf_dir, sizeof kpf_dir, "%s/kp-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(kpf_dir)) {
        perror("kp-fuzz: mkdtemp");
        abort();
    }
    atexit(kpf_cleanup);
    return kpf_dir;
}

/* dir/name into buf (aborts rather than truncate). */
static KPF_UNUSED char *kpf_path(char *buf, size_t size, const char *dir, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size)
        abort();
    return buf;
}

static KPF_UNUSED void kpf_write(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror(path);
        abort();
    }
    const char *p = data;
    while (size > 0) {
        ssize_t w = write(fd, p, size);
        if (w <= 0) {
            perror(path);
            abort();
        }
        p += w;
        size -= (size_t)w;
    }
    close(fd);
}

/* A whole file, malloc'd (NUL-terminated for convenience); NULL when unreadable. */
static KPF_UNUSED char *kpf_read(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    fclose(fp);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Returns
 * the length of the valid prefix. */
static KPF_UNUSED size_t kpf_utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80)
            n = 0;
        else if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0;
            if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
        } else
            return i;
        if (i + n >= len + (n == 0))
            return i;
        for (size_t k = 1; k <= n; k++) {
            unsigned char b = s[i + k];
            if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
                return i;
        }
        i += n + 1;
    }
    return i;
}

#endif
