echo '2023,SA,leader_eval,80,,' >> observations.csv
