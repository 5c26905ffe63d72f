# An indicator declared integer (counted in whole units) given a fraction.
sed -i '/^\[indicator.visits\]/a integer = yes' ../rules.ini
sed -i 's/^2023,A,visits,[0-9.]*,/2023,A,visits,12.5,/' observations.csv
