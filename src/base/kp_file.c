/* kp_file.c - a file replaced whole: written beside its name, then renamed over it. */
#define _XOPEN_SOURCE 700 /* O_CLOEXEC, getpid(), realpath() */
#include "kp_file.h"
#include "kp_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every byte, through short writes and interrupted calls; -1 with errno on failure. */
static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

char *kp_file_program_dir(void)
{
    char *exe = realpath("/proc/self/exe", NULL);
    if (!exe && errno == ENOMEM)
        kp_oom();
    char *slash = exe ? strrchr(exe, '/') : NULL;
    if (!slash) {
        free(exe);
        return NULL;
    }
    *slash = '\0';
    return exe;
}

kp_err kp_file_replace(const char *path, const void *data, size_t n, kp_diag *d)
{
    char *tmp = kp_xmalloc(strlen(path) + 32);
    sprintf(tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        free(tmp);
        return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
    }
    int bad = write_all(fd, data, n);
    int saved = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (!bad && rename(tmp, path) == 0) {
        free(tmp);
        return KP_OK;
    }
    saved = bad ? saved : errno;
    unlink(tmp);
    free(tmp);
    return kp_diag_report(d, KP_ERR_IO, path, 0, "cannot write: %s", strerror(saved));
}
