# A sheet damaged mid-way: it was read up to the damage, exit 0, with the rows after it lost.
"$PY" "$(dirname "$0")/../xlsx_of.py" --sub "<row r=\"900\">" "<row r=\"900\"><c r=\"A900\" <<<garbage"
