"""xlsx_of.py - turns the case's observations.csv into observations.xlsx, written by hand (not
by a library) so a case can break the XML the way a damaged or hostile workbook would.

    xlsx_of.py [--shared] [--sub OLD NEW]... [--sub-strings OLD NEW]... [--before-root TEXT]
               [--cell ROW COL XML]...

Run in the data folder. Text cells are inline strings (<is><t>), or shared strings with
--shared. --sub replaces OLD by NEW in the sheet XML (first occurrence), --before-root puts
TEXT between the XML declaration and <worksheet>, --sub-strings replaces in
sharedStrings.xml, --cell replaces the whole <c> element of the
1-based ROW, 0-based COL by XML. observations.csv is removed.
"""
import csv
import os
import sys
import zipfile
from xml.sax.saxutils import escape

args = sys.argv[1:]
shared, subs, ssubs, before_root, cells = False, [], [], "", {}
while args:
    a = args.pop(0)
    if a == "--shared":
        shared = True
    elif a == "--sub":
        subs.append((args.pop(0), args.pop(0)))
    elif a == "--sub-strings":
        ssubs.append((args.pop(0), args.pop(0)))
    elif a == "--before-root":
        before_root = args.pop(0)
    elif a == "--cell":
        row, col, xml = int(args.pop(0)), int(args.pop(0)), args.pop(0)
        cells[(row, col)] = xml
    else:
        sys.exit("xlsx_of.py: unknown argument " + a)

with open("observations.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))


def col_name(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


strings = []
sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', before_root,
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
for r, row in enumerate(rows, 1):
    sheet.append(f'<row r="{r}">')
    for c, v in enumerate(row):
        ref = f"{col_name(c)}{r}"
        if (r, c) in cells:
            sheet.append(cells[(r, c)])
        elif v == "":
            continue
        elif r > 1 and c == 3 and v.replace(".", "", 1).isdigit():
            sheet.append(f'<c r="{ref}"><v>{v}</v></c>')
        elif shared:
            strings.append(v)
            sheet.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        else:
            sheet.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
    sheet.append("</row>")
sheet.append("</sheetData></worksheet>")
xml = "".join(sheet)
for old, new in subs:
    if old not in xml:
        sys.exit("xlsx_of.py: not in the sheet: " + old)
    xml = xml.replace(old, new, 1)

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
parts = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/></Types>',
    "_rels/.rels":
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship '
        f'Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
        '<sheet name="观测" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship '
        f'Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": xml,
}
if shared:
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
           + "</sst>")
    for old, new in ssubs:
        if old not in sst:
            sys.exit("xlsx_of.py: not in the shared strings: " + old)
        sst = sst.replace(old, new, 1)
    parts["xl/sharedStrings.xml"] = sst
with zipfile.ZipFile("observations.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, text)

os.remove("observations.csv")
