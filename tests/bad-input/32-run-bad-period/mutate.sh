sed -i 's/^period = 2023/period = 2023-13/' $RUNINI
