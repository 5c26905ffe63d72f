# A document kind misspelt in 'documents': refused by check at its line, as run refuses it.
echo 'documents = ranking, warnings' >>"$RUNINI"
