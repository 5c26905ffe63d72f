sed -i 's/^A1,A一,A,/A1,A一,Q,/' people.csv
