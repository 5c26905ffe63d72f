sed -i 's/^2023-01,A,hotline_contact/2023-1,A,hotline_contact/' observations.csv
