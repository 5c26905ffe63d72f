# A date as a clerk may type it: refused at its INI line by check, not at run in a staging path.
sed -i 's|^date = .*|date = 2024/1/15|' "$RUNINI"
