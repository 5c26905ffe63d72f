#!/usr/bin/python3
"""check_pdfa.py - checks the PDF/A-1b markers of kp_pdf_write's files, through qpdf's JSON.

usage: check_pdfa.py FILE.pdf...   (standard library + the qpdf command only)
Prints a PASS/FAIL line per file and check; exit status 0 only when none failed.
What it checks (ISO 19005-1 clause in brackets): %PDF-1.4 header with a binary comment,
trailer /ID of two equal 16-byte strings and no /Encrypt [6.1.3]; an uncompressed XMP
/Metadata stream naming pdfaid part 1, conformance B [6.7.2, 6.7.11]; Info entries equal
to their XMP counterparts, dates included [6.7.3]; one /GTS_PDFA1 OutputIntent with an ICC
v2 RGB profile, /N 3 [6.2.2]; every font a CIDFontType2 with its program embedded, a
CIDToGIDMap (/Identity, or a stream whose glyph ids are all in the program), and a CIDSet
listing exactly the CIDs that reach a glyph of the program (under /Identity: 0 up to its
maxp glyph count), among which are all the CIDs the pages show, CID 0 never [6.3.4,
6.3.5]; no LZW, transparency,
JavaScript or embedded files [6.1.10, 6.4, 6.6.1, 6.1.7].
"""
import base64
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
# Info key -> (XMP property, shape) as PDF/A-1 6.7.3 pairs them.
PAIRS = {
    "/Title": ("dc:title", "alt"),
    "/Author": ("dc:creator", "seq"),
    "/Subject": ("dc:description", "alt"),
    "/Keywords": ("pdf:Keywords", "simple"),
    "/Creator": ("xmp:CreatorTool", "simple"),
    "/Producer": ("pdf:Producer", "simple"),
    "/CreationDate": ("xmp:CreateDate", "simple"),
    "/ModDate": ("xmp:ModifyDate", "simple"),
}
FORBIDDEN_NAMES = {"/LZWDecode", "/LZW", "/Encrypt", "/JavaScript", "/JS", "/EmbeddedFile",
                   "/EmbeddedFiles", "/Transparency", "/SMask"}

failed = 0


def report(ok, name, what, why=""):
    global failed
    failed += not ok
    print(("PASS" if ok else "FAIL") + " %s: %s%s" % (name, what, "" if ok else " (%s)" % (why,)))


class Pdf:
    """The objects of one file, streams decoded, as qpdf --json=2 gives them."""

    def __init__(self, path):
        out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline",
                              "--decode-level=generalized", path],
                             check=True, capture_output=True).stdout
        objs = json.loads(out)["qpdf"][1]
        self.trailer = objs.pop("trailer")["value"]
        self.objs = {k[4:]: v for k, v in objs.items()}
        with open(path, "rb") as f:
            self.raw = f.read()

    def get(self, v):
        """Follows a reference."""
        if isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = self.objs[v]
            return o["stream"] if "stream" in o else o["value"]
        return v

    def data(self, stream):
        return base64.b64decode(stream["data"])

    def all_values(self):
        for o in self.objs.values():
            yield o["stream"]["dict"] if "stream" in o else o["value"]
        yield self.trailer


def text(v):
    """A PDF string from qpdf's JSON as Python text."""
    if v is None:
        return None
    assert isinstance(v, str) and v[:2] in ("u:", "b:"), v
    return v[2:] if v[:2] == "u:" else bytes.fromhex(v[2:]).decode("latin-1")


def xmp_value(desc, prop, shape):
    prefix, local = prop.split(":")
    el = desc.find("%s:%s" % (prefix, local), NS)
    if el is None:
        return None
    if shape == "simple":
        return el.text or ""
    lis = el.findall("rdf:%s/rdf:li" % ("Alt" if shape == "alt" else "Seq"), NS)
    if shape == "alt":
        lis = [li for li in lis
               if li.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default"]
    return lis[0].text or "" if len(lis) == 1 else "<%d items>" % len(lis)


def info_date_as_xmp(d):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+00'00'", d or "")
    return m and "%s-%s-%sT%s:%s:%s+00:00" % m.groups()


def check_header_trailer(pdf, name):
    head = pdf.raw[:15]
    report(head.startswith(b"%PDF-1.4\n%") and all(b > 127 for b in head[10:14]),
           name, "header %PDF-1.4 with a binary comment", repr(head))
    ids = pdf.trailer.get("/ID")
    # qpdf shows a string as u:text when its bytes happen to read as text, so the
    # 16 bytes are checked in the file itself: /ID [<32 hex><the same>].
    raw_id = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]", pdf.raw)
    ok = (isinstance(ids, list) and len(ids) == 2 and ids[0] == ids[1] and raw_id is not None
          and raw_id.group(1).lower() == raw_id.group(2).lower())
    report(ok, name, "trailer /ID: two equal 16-byte strings", ids)
    report("/Encrypt" not in pdf.trailer, name, "not encrypted")


def check_xmp(pdf, name, root):
    meta = pdf.get(root.get("/Metadata"))
    if not isinstance(meta, dict) or "data" not in meta:
        report(False, name, "XMP metadata stream in the catalog", "none")
        return None
    d, xmp = meta["dict"], pdf.data(meta)
    report(d.get("/Type") == "/Metadata" and d.get("/Subtype") == "/XML", name,
           "metadata stream /Type /Metadata /Subtype /XML", d)
    report(xmp in pdf.raw, name, "XMP stored uncompressed", "not found verbatim in the file")
    report(xmp.startswith(b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>')
           and xmp.rstrip().endswith(b'<?xpacket end="w"?>'), name, "XMP packet wrapper")
    desc = ET.fromstring(xmp.decode("utf-8")).find("rdf:RDF/rdf:Description", NS)
    part = xmp_value(desc, "pdfaid:part", "simple")
    conf = xmp_value(desc, "pdfaid:conformance", "simple")
    report(part == "1" and conf == "B", name, "pdfaid:part 1, pdfaid:conformance B",
           (part, conf))
    return desc


def check_info(pdf, name, desc):
    info = pdf.get(pdf.trailer.get("/Info")) or {}
    for key, (prop, shape) in PAIRS.items():
        iv, xv = text(info.get(key)), xmp_value(desc, prop, shape)
        if key.endswith("Date"):
            iv = info_date_as_xmp(iv) or "malformed %r" % iv
        report(iv == xv, name, "Info %s equals XMP %s" % (key, prop), "%r != %r" % (iv, xv))
    for key in ("/Producer", "/CreationDate", "/ModDate"):
        report(key in info, name, "Info has %s" % key)


def check_intent(pdf, name, root):
    intents = [pdf.get(i) for i in pdf.get(root.get("/OutputIntents")) or []]
    pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
    report(len(pdfa) == 1, name, "one /GTS_PDFA1 OutputIntent", len(pdfa))
    if not pdfa:
        return
    prof = pdf.get(pdfa[0].get("/DestOutputProfile"))
    icc = pdf.data(prof) if isinstance(prof, dict) and "data" in prof else b""
    ok = (prof and prof["dict"].get("/N") == 3 and len(icc) >= 128
          and icc[36:40] == b"acsp" and icc[8] == 2 and icc[16:20] == b"RGB "
          and int.from_bytes(icc[:4], "big") == len(icc))
    report(bool(ok), name, "DestOutputProfile: ICC v2 RGB profile, /N 3",
           prof and prof["dict"])
    report(text(pdfa[0].get("/OutputConditionIdentifier")) is not None, name,
           "OutputConditionIdentifier present")


def used_cids(pdf):
    """font object reference -> CIDs its text shows on all pages."""
    used = {}
    for o in pdf.objs.values():
        page = o.get("value")
        if not (isinstance(page, dict) and page.get("/Type") == "/Page"):
            continue
        fonts = pdf.get(pdf.get(page.get("/Resources", {})).get("/Font", {}))
        contents = page.get("/Contents")
        parts = contents if isinstance(contents, list) else [contents]
        data = b"".join(pdf.data(pdf.get(c)) for c in parts)
        font = None
        for m in re.finditer(rb"/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj", data):
            if m.group(1):
                font = fonts["/" + m.group(1).decode()]
            else:
                hexs = m.group(2).decode()
                used.setdefault(font, set()).update(
                    int(hexs[i:i + 4], 16) for i in range(0, len(hexs), 4))
    return used


def glyph_count(prog):
    """numGlyphs of a TrueType font program, from its maxp table (0 if there is none)."""
    for i in range(int.from_bytes(prog[4:6], "big")):
        rec = prog[12 + 16 * i:28 + 16 * i]
        if rec[:4] == b"maxp":
            off = int.from_bytes(rec[8:12], "big")
            return int.from_bytes(prog[off + 4:off + 6], "big")
    return 0


def check_font(pdf, name, ref, font, shown):
    base = font.get("/BaseFont")
    desc_font = pdf.get(font["/DescendantFonts"][0])
    report(desc_font.get("/Subtype") == "/CIDFontType2", name, "%s is CIDFontType2" % base)
    fd = pdf.get(desc_font.get("/FontDescriptor")) or {}
    prog = pdf.get(fd.get("/FontFile2"))
    report(isinstance(prog, dict), name, "%s embedded (FontFile2)" % base)
    nglyphs = glyph_count(pdf.data(prog)) if isinstance(prog, dict) else 0
    gidmap = pdf.get(desc_font.get("/CIDToGIDMap"))
    cidset = pdf.get(fd.get("/CIDSet"))
    if not ((gidmap == "/Identity" or isinstance(gidmap, dict)) and isinstance(cidset, dict)
            and nglyphs > 0):
        report(False, name, "%s has a CIDToGIDMap, a CIDSet and a program with glyphs" % base,
               "CIDToGIDMap %s, CIDSet %s, %d glyphs"
               % (("stream" if isinstance(gidmap, dict) else gidmap),
                  ("stream" if isinstance(cidset, dict) else cidset), nglyphs))
        return
    if gidmap == "/Identity":
        reach = set(range(nglyphs))
    else:
        m = pdf.data(gidmap)
        gids = [(m[2 * c] << 8) | m[2 * c + 1] for c in range(len(m) // 2)]
        report(all(g < nglyphs for g in gids), name,
               "%s CIDToGIDMap names only glyphs of its program" % base,
               [g for g in gids if g >= nglyphs][:5])
        reach = {c for c, g in enumerate(gids) if g} | {0}
    bits = pdf.data(cidset)
    listed = {i * 8 + b for i, byte in enumerate(bits) for b in range(8) if byte & (0x80 >> b)}
    report(listed == reach, name, "%s CIDSet = the CIDs that reach a glyph" % base,
           "extra %s, missing %s" % (sorted(listed - reach)[:5], sorted(reach - listed)[:5]))
    used = shown.get(ref, set())
    report(used and used <= reach and 0 not in used, name,
           "%s CIDs shown all reach a glyph, none is .notdef" % base,
           "shown-only %s" % sorted(used - reach)[:5])


def check_fonts(pdf, name):
    shown = used_cids(pdf)
    fonts = [(k, o["value"]) for k, o in pdf.objs.items()
             if isinstance(o.get("value"), dict) and o["value"].get("/Type") == "/Font"
             and o["value"].get("/Subtype") != "/CIDFontType2"]
    report(bool(fonts) and all(f.get("/Subtype") == "/Type0" for _, f in fonts), name,
           "fonts present, all Type0", [f.get("/Subtype") for _, f in fonts])
    for ref, font in fonts:
        if font.get("/Subtype") == "/Type0":
            check_font(pdf, name, ref, font, shown)


def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            yield k, x
            yield from walk(x)
    elif isinstance(v, list):
        for x in v:
            yield None, x
            yield from walk(x)


def check_forbidden(pdf, name):
    bad = set()
    for val in pdf.all_values():
        for k, v in walk(val):
            if k in FORBIDDEN_NAMES or (isinstance(v, str) and v in FORBIDDEN_NAMES):
                bad.add(k if k in FORBIDDEN_NAMES else v)
            if k in ("/CA", "/ca") and v != 1:
                bad.add("%s %s" % (k, v))
            if k == "/BM" and v not in ("/Normal", "/Compatible"):
                bad.add("/BM %s" % v)
    report(not bad, name, "no LZW, encryption, transparency, JavaScript, embedded files",
           sorted(bad))


def check(path):
    name = path.rsplit("/", 1)[-1]
    try:
        pdf = Pdf(path)
    except (subprocess.CalledProcessError, ValueError) as e:
        report(False, name, "qpdf reads the file", e)
        return
    root = pdf.get(pdf.trailer["/Root"])
    check_header_trailer(pdf, name)
    desc = check_xmp(pdf, name, root)
    if desc is not None:
        check_info(pdf, name, desc)
    check_intent(pdf, name, root)
    check_fonts(pdf, name)
    check_forbidden(pdf, name)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: check_pdfa.py FILE.pdf...")
    for p in sys.argv[1:]:
        check(p)
    sys.exit(1 if failed else 0)
