sed -i 's/^W,/W,/' people.csv && printf 'X1,某人,ZZ,社工\n' >> people.csv
