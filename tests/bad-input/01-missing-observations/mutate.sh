rm observations.csv
