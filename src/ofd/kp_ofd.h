/* kp_ofd.h - the display list written as an OFD (GB/T 33190-2016) beside its PDF. */
#ifndef KP_OFD_H
#define KP_OFD_H

#include "../base/kp_error.h"
#include "../base/kp_sha256.h"
#include "../pdf/kp_pdf.h"

/* Writes doc to path as an OFD package: OFD.xml (DocInfo: an ID derived
 * from the document, its title, author, subject, creation date and, as
 * custom data "DocNumber", doc->keywords, the document number),
 * Doc_0/Document.xml (page area, pages, outlines = doc->marks),
 * Doc_0/PublicRes.xml with each face used embedded as a subset TrueType
 * file (cmap kept), and one Content.xml per page: text objects placed where
 * the PDF places them (run starts to 1/1000 pt, DeltaX from the same
 * advances), path objects for lines and rectangles, colours unchanged.
 * Coordinates are in millimetres, origin top-left, as OFD has them.
 * Zipped in a fixed order with fixed timestamps: the bytes depend only on
 * doc and the fonts. The date is doc->date or, when empty,
 * SOURCE_DATE_EPOCH, as for the PDF. Thread-safe like kp_pdf_write().
 * *sum (when not NULL) gets the SHA-256 and size of the bytes written.
 * Returns KP_OK or an error with d filled; writes nothing at path on failure. */
kp_err kp_ofd_write_sum(const kp_doc *doc, const char *path, kp_file_sum *sum, kp_diag *d);

/* The OFD twin's file name of a PDF's: "x.pdf" -> "x.ofd", else name + ".ofd". */
void kp_ofd_name(const char *pdf_name, char *buf, size_t size);

#endif
