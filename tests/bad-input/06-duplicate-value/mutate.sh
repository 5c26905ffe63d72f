grep '^2023,A,visits,' observations.csv > dup && cat dup >> observations.csv && rm dup
