sed -i '3s/$/,extra/' observations.csv
