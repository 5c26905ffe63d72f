#!/usr/bin/python3
"""ofd_text.py - the text of each OFD page (its TextCode in document order) against the PDF
twin's text as pdftotext -raw extracts it (content-stream order), whitespace aside (pdftotext
adds spaces and line breaks by geometry; the OFD has none of its own between objects).
Reads the OFD with zipfile and xml.etree only, independently of kaoping.
Usage: ofd_text.py DOC.ofd DOC.pdf   (exit 0 when every page agrees)"""
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"ofd": "http://www.ofdspec.org/2016"}


def ofd_pages(path):
    """The text of each page, in the order Document.xml lists the pages."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("OFD.xml"))
        doc_loc = root.find("ofd:DocBody/ofd:DocRoot", NS).text
        doc_dir = doc_loc.rsplit("/", 1)[0]
        doc = ET.fromstring(z.read(doc_loc))
        pages = []
        for p in doc.findall("ofd:Pages/ofd:Page", NS):
            page = ET.fromstring(z.read(doc_dir + "/" + p.get("BaseLoc")))
            pages.append("".join(t.text or "" for t in page.iter("{%s}TextCode" % NS["ofd"])))
        return pages


def pdf_pages(path, n):
    out = []
    for i in range(1, n + 1):
        r = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(i), "-l", str(i),
                            path, "-"], capture_output=True, check=True)
        out.append(r.stdout.decode("utf-8"))
    return out


def squeeze(s):
    return re.sub(r"\s+", "", s)


def main():
    ofd, pdf = sys.argv[1], sys.argv[2]
    pages = ofd_pages(ofd)
    want = pdf_pages(pdf, len(pages))
    npdf = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    bad = 0
    if npdf != len(pages):
        print(f"{ofd}: {len(pages)} pages, the PDF has {npdf}")
        bad += 1
    for i, (a, b) in enumerate(zip(pages, want)):
        if squeeze(a) != squeeze(b):
            bad += 1
            a, b = squeeze(a), squeeze(b)
            k = next((j for j in range(min(len(a), len(b))) if a[j] != b[j]), min(len(a), len(b)))
            print(f"{ofd} page {i + 1}: differs at {k}: OFD {a[k:k + 20]!r} PDF {b[k:k + 20]!r}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
