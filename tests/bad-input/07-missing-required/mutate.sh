sed -i '/^2023,C,deeds,/d' observations.csv
