sed -i '7s/^2023-01,F,/2023-01,Z9,/' observations.csv
