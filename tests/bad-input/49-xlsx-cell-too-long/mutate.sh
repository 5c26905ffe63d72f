# A note of 32,768 characters: one more than an Excel cell holds.
"$PY" "$(dirname "$0")/../xlsx_of.py" --cell 336 5 "<c r=\"F336\" t=\"inlineStr\"><is><t>$(head -c 32768 /dev/zero | tr "\\0" n)</t></is></c>"
