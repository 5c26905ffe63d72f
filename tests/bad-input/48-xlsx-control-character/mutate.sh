# ESC written the way Excel writes it (_x001B_): it made results.xlsx invalid (raw bytes in a chart).
"$PY" "$(dirname "$0")/../xlsx_of.py" --cell 336 1 "<c r=\"B336\" t=\"inlineStr\"><is><t>B_x001B_</t></is></c>"
