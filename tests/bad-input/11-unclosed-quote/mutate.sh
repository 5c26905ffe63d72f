sed -i '4s/,97%,/,"97%,/' observations.csv
