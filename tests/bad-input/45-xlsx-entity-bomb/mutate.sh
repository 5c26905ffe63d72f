# Billion laughs: nine levels of ten entities (10^9 characters) in an attribute. Read with
# XML_PARSE_HUGE this ran 6 minutes at 3.2 GB; a package part may not have a DTD at all.
E="<!ENTITY a \"aaaaaaaaaa\">"; p=a
for n in b c d e f g h i; do E="$E<!ENTITY $n \"&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;&$p;\">"; p=$n; done
"$PY" "$(dirname "$0")/../xlsx_of.py" --before-root "<!DOCTYPE worksheet [$E]>" \
    --sub "<row r=\"2\">" "<row r=\"2\" x=\"&i;\">"
