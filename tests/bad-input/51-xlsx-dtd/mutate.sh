# A DTD with one harmless entity: still refused, as OPC forbids DTDs in package parts (and an
# entity could read a file or expand without bound).
"$PY" "$(dirname "$0")/../xlsx_of.py" --before-root '<!DOCTYPE worksheet [<!ENTITY b "B">]>' \
    --cell 336 1 '<c r="B336" t="inlineStr"><is><t>&b;</t></is></c>'
