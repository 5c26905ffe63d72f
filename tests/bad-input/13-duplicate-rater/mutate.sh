grep -m1 '^2023,A,party_eval,' observations.csv > dup && cat dup >> observations.csv && rm dup
