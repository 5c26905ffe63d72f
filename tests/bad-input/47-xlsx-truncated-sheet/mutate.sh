# A sheet cut short (its last rows and end tags lost, as in a copy that stopped).
"$PY" "$(dirname "$0")/../xlsx_of.py" --sub "<row r=\"1000\">" "</sheetData><!-- cut"
"$PY" - <<PY
import zipfile
src = zipfile.ZipFile("observations.xlsx"); parts = {n: src.read(n) for n in src.namelist()}
s = parts["xl/worksheets/sheet1.xml"]; parts["xl/worksheets/sheet1.xml"] = s[:s.index(b"</sheetData>")]
with zipfile.ZipFile("observations.xlsx", "w") as z:
    [z.writestr(n, t) for n, t in parts.items()]
PY
