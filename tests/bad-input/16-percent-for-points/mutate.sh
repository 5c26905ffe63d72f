sed -i 's/^2023,B,visits,13.5/2023,B,visits,13.5%/' observations.csv
