sed -i 's/^2023,A,visits,/2022,A,visits,/' observations.csv
