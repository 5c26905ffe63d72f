/* regress_prep.c - a subset whose libharu rewrite ends on a 4096-byte block boundary once failed
 * to save (an empty trailing 'prep' table; libharu 2.3.0's memory-stream seek to the end). */
#include "pdf/kp_pdf.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    kp_diag d;
    kp_diag_init(&d);
    kp_face *f = kp_face_load("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, &d);
    if (!f || argc < 2)
        return 2;
    kp_chain ch = {{f}, 1};
    kp_doc doc;
    kp_doc_init(&doc);
    strcpy(doc.date, "2024-01-01");
    kp_page *p = kp_doc_add_page(&doc, 595.276, 841.89);
    kp_page_text(p, &ch, 50, 700, 12, 0, "-.0123456789、一三与二优值分别励历参可号合名四奖字小年序度"
                                           "得总排推数明期核次目确秀等签类细考荐计认评间项");
    kp_err e = kp_pdf_write(&doc, argv[1], &d);
    kp_doc_free(&doc);
    kp_face_free(f);
    return e == KP_OK ? 0 : 1;
}
