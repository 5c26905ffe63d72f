# BEL in a subject id of a CSV file.
sed -i "336s/^2023,B,/2023,B\a,/" observations.csv
