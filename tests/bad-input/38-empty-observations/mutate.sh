: > observations.csv
