/* kp_layout.c - libxml2 parse, RELAX NG validation and conversion of a layout. */
#include "kp_layout.h"
#include "../base/kp_i18n.h"
#include "../base/kp_mem.h"
#include "../config/kp_ini.h"
#include "kp_compose.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    kp_diag *d;
    const char *path;
    int errors;
} err_ctx;

/* libxml2 reports through this; each message names file and line. */
static void on_xml_error(void *user, xmlErrorPtr e)
{
    err_ctx *c = user;
    if (e->code == XML_ERR_NO_MEMORY) /* one policy, whoever ran out */
        kp_oom();
    char msg[400];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    /* RELAX NG follows a precise error with "Element layout has extra
     * content" at the layout's first block: a consequence, not news. */
    if (c->errors && strstr(msg, "has extra content"))
        return;
    if (e->level == XML_ERR_WARNING) { /* a warning is not a failure: say so, and go on */
        kp_warn(e->file ? e->file : c->path, e->line, "%s", msg);
        return;
    }
    if (c->errors++ < 20) /* libxml2's words, after ours */
        kp_diag_report(c->d, KP_ERR_SYNTAX, e->file ? e->file : c->path, e->line, "layout XML: %s",
                       msg);
}

/* The conversion's state: the arena its strings go to. */
typedef struct {
    kp_arena *a;
} reader;

static const char *attr(reader *r, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = kp_arena_strdup(r->a, (const char *)v);
    xmlFree(v);
    return s;
}

static double num(reader *r, xmlNodePtr n, const char *name, double def)
{
    const char *v = attr(r, n, name);
    return v ? strtod(v, NULL) : def;
}

static const char *text_of(reader *r, xmlNodePtr n)
{
    xmlChar *text = xmlNodeGetContent(n);
    char *s = kp_arena_strdup(r->a, text ? (const char *)text : "");
    xmlFree(text);
    return s;
}

static int is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const char *const block_names[KP_B_COUNT] = {
    "letterhead", "docnumber", "title",       "para",    "rule",     "table",
    "signature",  "pagebreak", "chart",       "notices", "awards",   "indicator-sheet",
    "history",    "colophon",  "attachments", "fields",  "signlines"};
static const char *const field_names[KP_COL_COUNT] = {
    "rank",  "id",     "name",     "unit",  "indicators", "total",  "grade",
    "group", "seq",    "category", "item",  "rule",       "points", "lead",
    "score", "period", "ranked",   "award", "kind",       "amount", "-"};

static kp_align parse_align(const char *al, kp_align def)
{
    if (!al)
        return def;
    return !strcmp(al, "left")     ? KP_AL_LEFT
           : !strcmp(al, "right")  ? KP_AL_RIGHT
           : !strcmp(al, "center") ? KP_AL_CENTER
                                   : KP_AL_JUSTIFY;
}

static void read_text_attrs(reader *r, xmlNodePtr n, kp_block *b)
{
    b->role = attr(r, n, "role");
    if (!b->role)
        b->role = "body";
    b->size = num(r, n, "size", 16);
    b->space_before = KP_MM(num(r, n, "space-before", 0));
    b->leading = KP_MM(num(r, n, "leading", 0));
    b->keep = KP_MM(num(r, n, "keep", 0));
    const char *color = attr(r, n, "color");
    if (color) {
        b->color = (uint32_t)strtoul(color + 1, NULL, 16);
        b->has_color = 1;
    }
}

static void read_children(reader *r, xmlNodePtr n, kp_block *b)
{
    int count = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        count += c->type == XML_ELEMENT_NODE;
    if (!count)
        return;
    int is_columns = b->type == KP_B_TABLE || b->type == KP_B_AWARDS ||
                     b->type == KP_B_INDICATORS || b->type == KP_B_HISTORY;
    if (!is_columns)
        b->items = kp_arena_alloc(r->a, sizeof *b->items * (size_t)count);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_columns) {
            if (b->ncolumns == KP_LAYOUT_MAX_COLUMNS)
                continue;
            kp_column *col = &b->columns[b->ncolumns++];
            const char *f = attr(r, c, "field");
            for (int i = 0; i < KP_COL_COUNT; i++)
                if (f && !strcmp(f, field_names[i]))
                    col->field = (kp_col_field)i;
            col->label = attr(r, c, "label");
            col->width = num(r, c, "width", 1);
            col->group_over = (int)fmin(fmax(num(r, c, "group-over", 0), 0), 1000);
            const char *al = attr(r, c, "align");
            col->has_align = al != NULL;
            col->align = parse_align(al, KP_AL_CENTER);
            continue;
        }
        kp_item *it = &b->items[b->nitems++];
        it->key = attr(r, c, "type");
        it->label = attr(r, c, is(c, "group") ? "title" : "label");
        it->cond = attr(r, c, "if");
        it->uncond = attr(r, c, "unless");
        it->text = text_of(r, c);
    }
}

static void read_palette(reader *r, xmlNodePtr n, kp_block *b)
{
    const char *p = attr(r, n, "palette");
    while (p && *p && b->npalette < KP_LAYOUT_MAX_PALETTE) {
        if (*p == '#') {
            b->palette[b->npalette++] = (uint32_t)strtoul(p + 1, NULL, 16);
            p += 7;
        } else {
            p++;
        }
    }
}

static void read_block(reader *r, xmlNodePtr n, kp_block *b)
{
    for (int i = 0; i < KP_B_COUNT; i++)
        if (!strcmp((const char *)n->name, block_names[i]))
            b->type = (kp_block_type)i;
    b->line = xmlGetLineNo(n);
    read_text_attrs(r, n, b);
    b->head_role = attr(r, n, "head-role");
    b->cond = attr(r, n, "if");
    b->uncond = attr(r, n, "unless");
    b->bookmark = attr(r, n, "bookmark");
    b->name = attr(r, n, "name");
    b->indent_chars = num(r, n, "indent", b->type == KP_B_PARA ? 2 : 0);
    b->indent_right_chars = num(r, n, "indent-right", 4);
    b->rule_width = KP_MM(num(r, n, "width", 0.35));
    b->align =
        parse_align(attr(r, n, "align"), b->type == KP_B_PARA ? KP_AL_JUSTIFY : KP_AL_CENTER);
    const char *orient = attr(r, n, "orientation");
    b->orientation = !orient                        ? KP_OR_PORTRAIT
                     : !strcmp(orient, "landscape") ? KP_OR_LANDSCAPE
                     : !strcmp(orient, "auto")      ? KP_OR_AUTO
                                                    : KP_OR_PORTRAIT;
    b->landscape_over = (int)fmin(fmax(num(r, n, "landscape-over", 10), 0), 1000);
    const char *type = attr(r, n, "type");
    b->chart = type && !strcmp(type, "trend") ? KP_CHART_TREND : KP_CHART_BAR;
    b->height = KP_MM(num(r, n, b->type == KP_B_FIELDS ? "width" : "height", 110));
    b->bar_height = KP_MM(num(r, n, "bar-height", 4.5));
    b->label_width = KP_MM(num(r, n, "label-width", 32));
    b->top = (int)fmin(fmax(num(r, n, "top", 8), 0), 100000);
    b->max_bars = (int)fmin(fmax(num(r, n, "max-bars", 0), 0), 1000000);
    read_palette(r, n, b);
    const char *view = attr(r, n, "view");
    b->sums = view && !strcmp(view, "sums");
    b->label = attr(r, n,
                    b->type == KP_B_AWARDS || b->type == KP_B_INDICATORS ? "subtotal"
                    : b->type == KP_B_NOTICES                            ? "other"
                    : b->type == KP_B_SIGNLINES                          ? "date"
                                                                         : "label");
    b->total = attr(r, n, "total");
    b->cc = attr(r, n, "cc");
    b->printer = attr(r, n, "printer");
    b->printed = attr(r, n, "printed");
    b->text = "";
    if (b->type <= KP_B_PARA)
        b->text = text_of(r, n);
    read_children(r, n, b);
}

/* Unknown element names, with their own line: RELAX NG reports them at the
 * first block of the layout instead ("extra content"). */
static int known_elements(xmlDocPtr doc, err_ctx *ec)
{
    static const char *const children[] = {"column", "group", "item", "field", "sign"};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int bad = 0;
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int ok = is(n, "margins") || is(n, "pagenumber");
        for (int i = 0; i < KP_B_COUNT && !ok; i++)
            ok = is(n, block_names[i]);
        if (!ok && ec->errors++ < 20) {
            kp_diag_report(ec->d, KP_ERR_SYNTAX, ec->path, xmlGetLineNo(n),
                           "unknown block <%s> (blocks: letterhead, docnumber, title, para, rule, "
                           "table, signature, pagebreak, chart, notices, awards, indicator-sheet, "
                           "history, colophon, attachments, fields, signlines)",
                           (const char *)n->name);
            bad = 1;
            continue;
        }
        for (xmlNodePtr c = n->children; c; c = c->next) {
            int known = c->type != XML_ELEMENT_NODE;
            for (size_t i = 0; i < sizeof children / sizeof children[0] && !known; i++)
                known = is(c, children[i]);
            if (!known && ec->errors++ < 20) {
                kp_diag_report(ec->d, KP_ERR_SYNTAX, ec->path, xmlGetLineNo(c),
                               "unknown element <%s> in <%s>", (const char *)c->name,
                               (const char *)n->name);
                bad = 1;
            }
        }
    }
    return bad ? -1 : 0;
}

/* Whether name is a placeholder (noted in *uses); {n} (a count) only in a
 * notices group's title. */
static int known_placeholder(const char *name, xmlNodePtr owner, uint64_t *uses)
{
    if (!strcmp(name, "n"))
        return is(owner, "group") || is(owner, "notices");
    int i = kp_compose_placeholder_index(name);
    if (i >= 0 && i < 64)
        *uses |= UINT64_C(1) << i;
    return i >= 0;
}

static void unknown_placeholder(err_ctx *ec, xmlNodePtr owner, const char *name)
{
    const char *s = kp_ini_suggest(name, kp_compose_placeholders());
    if (ec->errors++ < 20)
        kp_diag_report(ec->d, KP_ERR_CONFIG, ec->path, xmlGetLineNo(owner),
                       "unknown placeholder {%s} in <%s>%s%s%s", name, (const char *)owner->name,
                       s ? _("; did you mean {") : "", s ? s : "", s ? _("}?") : "");
}

/* Every {name} of text, as the filler reads it. */
static int check_braces(err_ctx *ec, xmlNodePtr owner, const char *text, uint64_t *uses)
{
    int bad = 0;
    char name[KP_PLACEHOLDER_MAX];
    for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
        if (!kp_compose_placeholder_at(p, name))
            continue;
        if (!known_placeholder(name, owner, uses)) {
            unknown_placeholder(ec, owner, name);
            bad = 1;
        }
    }
    return bad;
}

/* Placeholders in text and attributes, and the bare names of if= and unless=:
 * a typo would print nothing, so it is an error at load, with its line. */
static int check_placeholders(xmlNodePtr n, err_ctx *ec, uint64_t *uses)
{
    int bad = 0;
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content && n->parent)
            bad |= check_braces(ec, n->parent, (const char *)n->content, uses);
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            const char *value = v ? (const char *)v : "";
            int cond =
                !strcmp((const char *)a->name, "if") || !strcmp((const char *)a->name, "unless");
            if (cond && !known_placeholder(value, n, uses)) {
                unknown_placeholder(ec, n, value);
                bad = 1;
            } else if (!cond) {
                bad |= check_braces(ec, n, value, uses);
            }
            xmlFree(v);
        }
        bad |= check_placeholders(n->children, ec, uses);
    }
    return bad;
}

static int validate(xmlDocPtr doc, const char *schema_path, err_ctx *ec)
{
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(schema_path);
    xmlRelaxNGSetParserStructuredErrors(pc, on_xml_error, ec);
    xmlRelaxNGPtr schema = pc ? xmlRelaxNGParse(pc) : NULL;
    xmlRelaxNGFreeParserCtxt(pc);
    if (!schema) {
        if (!ec->errors)
            kp_diag_report(ec->d, KP_ERR_CONFIG, schema_path, 0, "cannot load the layout schema");
        return -1;
    }
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, ec);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    xmlRelaxNGFree(schema);
    return rc == 0 ? 0 : -1;
}

static void read_layout(kp_layout *l, xmlNodePtr root, reader *r)
{
    l->name = attr(r, root, "name");
    const char *page = attr(r, root, "page"), *orient = attr(r, root, "orientation");
    double w = page && !strcmp(page, "A3") ? 297 : 210, h = page && !strcmp(page, "A3") ? 420 : 297;
    int landscape = orient && !strcmp(orient, "landscape");
    l->page_w = KP_MM(landscape ? h : w);
    l->page_h = KP_MM(landscape ? w : h);
    const char *scope = attr(r, root, "scope"), *req = attr(r, root, "require");
    l->scope = !scope                      ? KP_SCOPE_KIND
               : !strcmp(scope, "run")     ? KP_SCOPE_RUN
               : !strcmp(scope, "subject") ? KP_SCOPE_SUBJECT
                                           : KP_SCOPE_KIND;
    l->require = !req                    ? KP_REQ_MAIN
                 : !strcmp(req, "all")   ? KP_REQ_ALL
                 : !strcmp(req, "award") ? KP_REQ_AWARD
                                         : KP_REQ_MAIN;
    l->file = attr(r, root, "file");
    l->award = attr(r, root, "award");
    l->title = attr(r, root, "title");
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "margins")) {
            l->top = KP_MM(num(r, n, "top", 37));
            l->bottom = KP_MM(num(r, n, "bottom", 35));
            l->left = KP_MM(num(r, n, "left", 28));
            l->right = KP_MM(num(r, n, "right", 26));
            l->margins_line = xmlGetLineNo(n);
        } else if (!strcmp((const char *)n->name, "pagenumber")) {
            l->has_pagenumber = 1;
            read_text_attrs(r, n, &l->pagenumber);
            l->pagenumber.text = "";
            l->pagenumber_below = KP_MM(num(r, n, "below", 7));
        } else if (l->nblocks < KP_LAYOUT_MAX_BLOCKS) {
            read_block(r, n, &l->blocks[l->nblocks++]);
        }
    }
}

/* What the schema cannot say: a text block left on the page. */
static kp_err check_layout(const kp_layout *l, kp_diag *d)
{
    double w = l->page_w, h = l->page_h;
    if (l->left + l->right + KP_MM(40) > w || l->top + l->bottom + KP_MM(60) > h ||
        l->left + l->right + KP_MM(40) > h || l->top + l->bottom + KP_MM(60) > w)
        return kp_diag_report(d, KP_ERR_CONFIG, l->path, l->margins_line,
                              "margins leave less than a 40 x 60 mm text block");
    if (l->nblocks == KP_LAYOUT_MAX_BLOCKS)
        return kp_diag_report(d, KP_ERR_CONFIG, l->path, 0, "more than %d blocks",
                              KP_LAYOUT_MAX_BLOCKS - 1);
    for (int i = 0; i < l->nblocks; i++)
        if (l->blocks[i].ncolumns == KP_LAYOUT_MAX_COLUMNS)
            return kp_diag_report(d, KP_ERR_CONFIG, l->path, l->blocks[i].line,
                                  "more than %d columns", KP_LAYOUT_MAX_COLUMNS - 1);
    return KP_OK;
}

kp_err kp_layout_load(kp_layout *l, const char *path, const char *schema_path, kp_arena *arena,
                      kp_diag *d)
{
    memset(l, 0, sizeof *l);
    l->path = path;
    err_ctx ec = {d, path, 0};
    xmlSetStructuredErrorFunc(&ec, on_xml_error);
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    kp_err err = KP_OK;
    if (!doc) {
        if (!ec.errors)
            kp_diag_report(d, KP_ERR_IO, path, 0, "cannot read the layout");
        err = KP_ERR_SYNTAX;
    } else if (ec.errors) { /* libxml2 recovered from an error it reported: still an error */
        err = KP_ERR_SYNTAX;
    } else if (known_elements(doc, &ec) != 0 || validate(doc, schema_path, &ec) != 0 ||
               check_placeholders(xmlDocGetRootElement(doc), &ec, &l->uses) != 0) {
        if (!ec.errors)
            kp_diag_report(d, KP_ERR_SYNTAX, path, 0, "does not match the layout schema");
        err = KP_ERR_SYNTAX;
    } else {
        reader r = {arena};
        read_layout(l, xmlDocGetRootElement(doc), &r);
        err = check_layout(l, d);
    }
    xmlFreeDoc(doc);
    xmlSetStructuredErrorFunc(NULL, NULL);
    return err;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

kp_err kp_layout_load_dir(kp_layout_set *set, const char *dir, const char *schema_path,
                          kp_arena *arena, kp_diag *d)
{
    memset(set, 0, sizeof *set);
    DIR *dp = opendir(dir);
    if (!dp)
        return kp_diag_report(d, KP_ERR_IO, dir, 0, "cannot open the layouts folder");
    char *names[256];
    int n = 0;
    kp_err err = KP_OK;
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
            continue;
        if (n == (int)(sizeof names / sizeof names[0])) {
            err = kp_diag_report(d, KP_ERR_CONFIG, dir, 0, "more than %d layouts", n);
            break;
        }
        char *p = kp_arena_alloc(arena, strlen(dir) + len + 2);
        sprintf(p, "%s/%s", dir, e->d_name);
        names[n++] = p;
    }
    closedir(dp);
    if (!err && !n)
        err = kp_diag_report(d, KP_ERR_MISSING, dir, 0, "no layout (*.xml) in the folder");
    if (err)
        return err;
    qsort(names, (size_t)n, sizeof names[0], by_name);
    set->items = kp_arena_alloc(arena, sizeof *set->items * (size_t)n);
    for (int i = 0; i < n; i++) { /* every layout, so one run names every broken one */
        kp_layout *l = kp_arena_alloc(arena, sizeof *l);
        kp_err e = kp_layout_load(l, names[i], schema_path, arena, d);
        if (e && !err)
            err = e;
        else if (!e)
            set->items[set->n++] = l;
    }
    for (int i = 0; i < set->n && !err; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(set->items[i]->name, set->items[j]->name))
                err = kp_diag_report(d, KP_ERR_CONFIG, set->items[i]->path, 0,
                                     "layout name '%s' is also the name of '%s'",
                                     set->items[i]->name, set->items[j]->path);
    return err;
}
