sed -i '2s/,99%,/,abc,/' observations.csv
