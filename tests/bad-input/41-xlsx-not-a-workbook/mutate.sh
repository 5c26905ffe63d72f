rm observations.csv && echo 'not a zip' > observations.xlsx
