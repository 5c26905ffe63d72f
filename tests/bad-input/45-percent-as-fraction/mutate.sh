sed -i '0,/^2023-03,C,hotline_ontime,[0-9.]*%,/s//2023-03,C,hotline_ontime,0.935,/' observations.csv
