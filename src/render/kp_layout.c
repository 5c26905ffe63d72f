/* kp_layout.c - libxml2 parse, RELAX NG validation and conversion of a layout. */
#include "kp_layout.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
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
    char msg[400];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    if (c->errors++ < 20)
        kp_diag_report(c->d, KP_ERR_SYNTAX, e->file ? e->file : c->path, e->line, "%s", msg);
}

static const char *attr(kp_arena *a, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = kp_arena_strdup(a, (const char *)v);
    xmlFree(v);
    return s;
}

static double num(kp_arena *a, xmlNodePtr n, const char *name, double def)
{
    const char *v = attr(a, n, name);
    return v ? strtod(v, NULL) : def;
}

static const char *const block_names[] = {"letterhead", "docnumber", "title", "para",
                                          "rule", "table", "signature", "pagebreak"};
static const char *const field_names[] = {"rank", "id", "name", "unit", "indicators",
                                          "total", "grade", "group"};

static void read_text_attrs(kp_arena *a, xmlNodePtr n, kp_block *b)
{
    b->role = attr(a, n, "role");
    if (!b->role)
        b->role = "body";
    b->size = num(a, n, "size", 16);
    b->space_before = KP_MM(num(a, n, "space-before", 0));
    b->leading = KP_MM(num(a, n, "leading", 0));
    const char *color = attr(a, n, "color");
    if (color) {
        b->color = (uint32_t)strtoul(color + 1, NULL, 16);
        b->has_color = 1;
    }
}

static void read_columns(kp_arena *a, xmlNodePtr n, kp_block *b)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || b->ncolumns == KP_LAYOUT_MAX_COLUMNS)
            continue;
        kp_column *col = &b->columns[b->ncolumns++];
        const char *f = attr(a, c, "field");
        for (int i = 0; i < 8; i++)
            if (f && !strcmp(f, field_names[i]))
                col->field = (kp_col_field)i;
        col->label = attr(a, c, "label");
        col->width = num(a, c, "width", 1);
        col->group_over = (int)num(a, c, "group-over", 0);
    }
}

static void read_block(kp_arena *a, xmlNodePtr n, kp_block *b)
{
    for (int i = 0; i < 8; i++)
        if (!strcmp((const char *)n->name, block_names[i]))
            b->type = (kp_block_type)i;
    b->line = xmlGetLineNo(n);
    read_text_attrs(a, n, b);
    b->head_role = attr(a, n, "head-role");
    b->cond = attr(a, n, "if");
    b->indent_chars = num(a, n, "indent", b->type == KP_B_PARA ? 2 : 0);
    b->indent_right_chars = num(a, n, "indent-right", 4);
    b->rule_width = KP_MM(num(a, n, "width", 0.35));
    const char *al = attr(a, n, "align");
    b->align = b->type == KP_B_PARA ? KP_AL_JUSTIFY : KP_AL_CENTER;
    if (al)
        b->align = !strcmp(al, "left")     ? KP_AL_LEFT
                   : !strcmp(al, "right")  ? KP_AL_RIGHT
                   : !strcmp(al, "center") ? KP_AL_CENTER
                                           : KP_AL_JUSTIFY;
    const char *orient = attr(a, n, "orientation");
    b->orientation = !orient                        ? KP_OR_PORTRAIT
                     : !strcmp(orient, "landscape") ? KP_OR_LANDSCAPE
                     : !strcmp(orient, "auto")      ? KP_OR_AUTO
                                                    : KP_OR_PORTRAIT;
    b->landscape_over = (int)num(a, n, "landscape-over", 10);
    xmlChar *text = xmlNodeGetContent(n);
    b->text = kp_arena_strdup(a, text ? (const char *)text : "");
    xmlFree(text);
    if (b->type == KP_B_TABLE) {
        b->text = "";
        read_columns(a, n, b);
    }
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

static void read_layout(kp_layout *l, xmlNodePtr root, kp_arena *a)
{
    l->name = attr(a, root, "name");
    const char *page = attr(a, root, "page"), *orient = attr(a, root, "orientation");
    double w = page && !strcmp(page, "A3") ? 297 : 210, h = page && !strcmp(page, "A3") ? 420 : 297;
    int landscape = orient && !strcmp(orient, "landscape");
    l->page_w = KP_MM(landscape ? h : w);
    l->page_h = KP_MM(landscape ? w : h);
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "margins")) {
            l->top = KP_MM(num(a, n, "top", 37));
            l->bottom = KP_MM(num(a, n, "bottom", 35));
            l->left = KP_MM(num(a, n, "left", 28));
            l->right = KP_MM(num(a, n, "right", 26));
        } else if (!strcmp((const char *)n->name, "pagenumber")) {
            l->has_pagenumber = 1;
            read_text_attrs(a, n, &l->pagenumber);
            l->pagenumber_below = KP_MM(num(a, n, "below", 7));
        } else if (l->nblocks < KP_LAYOUT_MAX_BLOCKS) {
            read_block(a, n, &l->blocks[l->nblocks++]);
        }
    }
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
    } else if (validate(doc, schema_path, &ec) != 0) {
        err = KP_ERR_SYNTAX;
    } else {
        read_layout(l, xmlDocGetRootElement(doc), arena);
    }
    xmlFreeDoc(doc);
    xmlSetStructuredErrorFunc(NULL, NULL);
    return err;
}
