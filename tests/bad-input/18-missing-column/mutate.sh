sed -i '1s/indicator/indikator/' observations.csv
