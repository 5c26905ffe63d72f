sed -i 's/^2023,A,bonus,3,/2023,A,bonus,-3,/' observations.csv
