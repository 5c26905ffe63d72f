sed -i '/^ruleset = /d' $RUNINI
