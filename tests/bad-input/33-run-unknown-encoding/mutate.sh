sed -i 's/^\[run\]/[run]\nencoding = latin1/' $RUNINI
