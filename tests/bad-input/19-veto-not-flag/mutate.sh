echo '2023,B1,veto,2,,' >> observations.csv
