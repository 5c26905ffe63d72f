sed -i '0,/^2023,B,party_eval,85,R01,/s//2023,B,party_eval,85,,/' observations.csv
