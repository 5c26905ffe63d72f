printf '\357\273\277' > x && cat units.csv >> x && sed 's/$/\r/' x > units.csv && rm x && sed -i '4s/^A2,/A2,A2,/' people.csv
