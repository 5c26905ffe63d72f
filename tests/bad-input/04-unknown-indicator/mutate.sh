sed -i 's/^2023,A,visits,/2023,A,visitz,/' observations.csv
