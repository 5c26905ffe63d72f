/* kp_verify.c - `kaoping verify`: the folder, manifest.sha256 and manifest.json agree, or each
 * difference is named. */
#include "kp_archive.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../base/kp_map.h"
#include "../base/kp_sha256.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One file a manifest names: its sha256 line and its manifest.json entry. */
typedef struct {
    char *name;        /* malloc'd */
    char hex[65];      /* manifest.sha256's digest */
    char json_hex[65]; /* manifest.json's, "" when it does not list the file */
    long long json_size;
} listed;

typedef struct {
    const char *dir;
    listed *files;
    int n, cap;
    kp_map by_name;  /* name -> index in files */
    int bad;         /* differences printed so far */
    kp_diag *errors; /* NULL: differences go to stdout (verify); else each is an error */
} verifier;

/* One difference: what is wrong, then the file's name. */
static void differ(verifier *v, const char *what, const char *name)
{
    if (v->errors)
        kp_diag_report(v->errors, KP_ERR_VALUE, v->dir, 0, "%s%s", _(what), name);
    else
        printf("%s%s\n", _(what), name);
    v->bad++;
}

/* A name that stays in the folder: a plain file name, no '/', not "." or "..", no control
 * characters (outputs are never in subfolders). */
static int safe_name(const char *s)
{
    if (!*s || !strcmp(s, ".") || !strcmp(s, ".."))
        return 0;
    for (; *s; s++)
        if (*s == '/' || (unsigned char)*s < 0x20)
            return 0;
    return 1;
}

static int is_hex64(const char *s)
{
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

static char *path_of(const verifier *v, const char *name)
{
    char *p = kp_xmalloc(strlen(v->dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", v->dir, name);
    return p;
}

/* Adds a sha256 line's file. */
static void add_listed(verifier *v, const char *name, const char *hex)
{
    if (v->n == v->cap) {
        int cap = v->cap ? 2 * v->cap : 256;
        listed *grown = kp_xrealloc(v->files, sizeof *grown * (size_t)cap);
        v->files = grown;
        v->cap = cap;
    }
    listed *f = &v->files[v->n];
    memset(f, 0, sizeof *f);
    f->name = kp_xstrdup(name);
    memcpy(f->hex, hex, 64);
    kp_map_put(&v->by_name, f->name, (size_t)v->n, NULL);
    v->n++;
}

/* One line of manifest.sha256: "<64 hex>  <name>". */
static void read_sums_line(verifier *v, char *line, long lineno)
{
    size_t at;
    line[strcspn(line, "\n")] = '\0';
    if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ' || !is_hex64(line)) {
        printf(_("manifest.sha256 line %ld: expected '<sha256>  <file>'\n"), lineno);
        v->bad++;
    } else if (!safe_name(line + 66)) {
        differ(v, N_("a path that leaves the folder in manifest.sha256: "), line + 66);
    } else if (kp_map_get(&v->by_name, line + 66, &at)) {
        differ(v, N_("listed twice in manifest.sha256: "), line + 66);
    } else {
        add_listed(v, line + 66, line);
    }
}

static kp_err read_sums(verifier *v, kp_diag *d)
{
    char *path = path_of(v, "manifest.sha256");
    FILE *fp = fopen(path, "r");
    if (!fp) {
        kp_err e = kp_diag_report(d, KP_ERR_MISSING, path, 0, "cannot open: %s", strerror(errno));
        free(path);
        return e;
    }
    char *line = NULL;
    size_t size = 0;
    errno = 0;
    for (long lineno = 1; getline(&line, &size, fp) >= 0; lineno++)
        read_sums_line(v, line, lineno);
    if (errno == ENOMEM) /* getline stops the same way at the end and out of memory */
        kp_oom();
    int bad = ferror(fp);
    free(line);
    fclose(fp);
    kp_err e =
        bad ? kp_diag_report(d, KP_ERR_IO, path, 0, "cannot read: %s", strerror(EIO)) : KP_OK;
    free(path);
    return e;
}

/* A small reader for the subset of JSON kaoping writes: strings, integers, objects,
 * arrays. Each function advances *p past what it read; -1 when the text is not that. */
static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
        (*p)++;
}

static int json_string(const char **p, char *out, size_t size)
{
    size_t n = 0;
    skip_ws(p);
    if (**p != '"')
        return -1;
    for ((*p)++; **p != '"'; (*p)++) {
        char c = **p;
        if (!c)
            return -1;
        if (c == '\\') {
            c = *++*p;
            if (c == 'u') { /* kaoping escapes only control characters this way */
                unsigned u;
                if (sscanf(*p + 1, "%4x", &u) != 1 || u >= 0x80)
                    return -1;
                c = (char)u, *p += 4;
            } else if (c == 'n' || c == 't' || c == 'r') {
                c = c == 'n' ? '\n' : c == 't' ? '\t' : '\r';
            } else if (c != '"' && c != '\\' && c != '/') {
                return -1;
            }
        }
        if (n + 1 >= size)
            return -1;
        out[n++] = c;
    }
    (*p)++;
    out[n] = '\0';
    return 0;
}

static int json_expect(const char **p, char c)
{
    skip_ws(p);
    return **p == c ? ((*p)++, 0) : -1;
}

/* One {"name": ..., "size": ..., "sha256": ...} of "outputs"; other keys must be strings.
 * name and value hold size bytes, room for any string of the text. */
static int json_output(verifier *v, const char **p, char *name, char *value, size_t room)
{
    char key[32], hex[65] = "";
    long long size = -1;
    name[0] = '\0';
    if (json_expect(p, '{'))
        return -1;
    do {
        if (json_string(p, key, sizeof key) || json_expect(p, ':'))
            return -1;
        skip_ws(p);
        if (!strcmp(key, "size")) {
            char *end;
            size = strtoll(*p, &end, 10);
            if (end == *p)
                return -1;
            *p = end;
        } else if (json_string(p, value, room)) {
            return -1;
        } else if (!strcmp(key, "name")) {
            memcpy(name, value, strlen(value) + 1);
        } else if (!strcmp(key, "sha256")) {
            memcpy(hex, value, strlen(value) < 65 ? strlen(value) + 1 : 0);
        }
        skip_ws(p);
    } while (**p == ',' && (*p)++);
    if (json_expect(p, '}'))
        return -1;
    size_t at;
    if (!kp_map_get(&v->by_name, name, &at))
        differ(v, N_("in manifest.json, not in manifest.sha256: "), name);
    else if (strlen(hex) != 64 || strcmp(hex, v->files[at].hex))
        differ(v, N_("manifest.json and manifest.sha256 give other digests for "), name);
    else
        memcpy(v->files[at].json_hex, hex, 65), v->files[at].json_size = size;
    return 0;
}

/* The "outputs" array of manifest.json's text; 0, or -1 when it cannot be read. */
static int json_outputs(verifier *v, const char *text)
{
    const char *p = strstr(text, "\"outputs\"");
    if (!p)
        return -1;
    p += 9;
    if (json_expect(&p, ':') || json_expect(&p, '['))
        return -1;
    skip_ws(&p);
    if (*p == ']')
        return 0;
    size_t room = strlen(p) + 1;
    char *name = kp_xmalloc(room), *value = kp_xmalloc(room);
    int rc = name && value ? 0 : -1;
    while (!rc) {
        rc = json_output(v, &p, name, value, room);
        skip_ws(&p);
        if (*p != ',')
            break;
        p++;
    }
    free(name);
    free(value);
    return rc ? rc : json_expect(&p, ']');
}

/* manifest.json's outputs against manifest.sha256. */
static void read_json(verifier *v)
{
    char *path = path_of(v, "manifest.json");
    FILE *fp = fopen(path, "r");
    char *text = NULL;
    size_t size = 0;
    if (fp) {
        FILE *mem = open_memstream(&text, &size);
        char buf[65536];
        for (size_t n; mem && (n = fread(buf, 1, sizeof buf, fp)) > 0;)
            fwrite(buf, 1, n, mem);
        if (mem)
            fclose(mem);
        fclose(fp);
    }
    if (!text)
        differ(v, N_("missing: "), "manifest.json");
    else if (json_outputs(v, text) != 0)
        differ(v, N_("its list of outputs cannot be read: "), "manifest.json");
    free(text);
    free(path);
}

/* Each listed file against the folder: there, a regular file, the digest and size. */
static void check_files(verifier *v)
{
    size_t at;
    for (int i = 0; i < v->n; i++) {
        listed *f = &v->files[i];
        char *path = path_of(v, f->name);
        struct stat st;
        kp_file_sum sum;
        if (lstat(path, &st) != 0)
            differ(v, N_("missing: "), f->name);
        else if (!S_ISREG(st.st_mode))
            differ(v, N_("not a regular file (a link or a folder): "), f->name);
        else if (kp_sha256_file(path, &sum) != 0)
            differ(v, N_("cannot be read: "), f->name);
        else if (strcmp(sum.hex, f->hex))
            differ(v, N_("changed: "), f->name);
        else if (f->json_hex[0] && f->json_size != sum.size)
            differ(v, N_("manifest.json gives another size for "), f->name);
        else if (!f->json_hex[0] && strcmp(f->name, "manifest.json"))
            differ(v, N_("in manifest.sha256, not in manifest.json: "), f->name);
        free(path);
    }
    if (!kp_map_get(&v->by_name, "manifest.json", &at))
        differ(v, N_("not in manifest.sha256: "), "manifest.json");
}

/* Every entry of the folder, dot-files and folders included, must be listed. */
static void check_unlisted(verifier *v)
{
    DIR *dp = opendir(v->dir);
    for (struct dirent *e; dp && (e = readdir(dp));) {
        size_t at;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, "manifest.sha256") || kp_map_get(&v->by_name, e->d_name, &at))
            continue;
        differ(v, N_("not in the manifest: "), e->d_name);
    }
    if (dp)
        closedir(dp);
}

/* Checks dir against its manifests; errors (NULL: stdout) gets each difference. */
static int verify(verifier *v, kp_diag *d)
{
    kp_map_init(&v->by_name);
    kp_err err = read_sums(v, d);
    if (!err) {
        read_json(v);
        check_files(v);
        check_unlisted(v);
    }
    kp_map_free(&v->by_name);
    for (int i = 0; i < v->n; i++)
        free(v->files[i].name);
    free(v->files);
    return err;
}

kp_err kp_archive_verify(const char *dir, kp_diag *d)
{
    verifier v = {.dir = dir};
    kp_err err = verify(&v, d);
    if (!err && !v.bad)
        printf(_("ok: %s: %d files, as manifest.json and manifest.sha256 list them\n"), dir,
               v.n + 1);
    else if (!err)
        err = kp_diag_report(d, KP_ERR_VALUE, dir, 0,
                             ngettext("%d difference from the manifest",
                                      "%d differences from the manifest", (unsigned long)v.bad),
                             v.bad);
    return err;
}

int kp_archive_check(const char *dir, kp_diag *d)
{
    verifier v = {.dir = dir, .errors = d};
    kp_err err = verify(&v, d);
    return err ? -1 : v.bad;
}
