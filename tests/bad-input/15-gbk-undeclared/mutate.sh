iconv -f UTF-8 -t GB18030 units.csv > u && mv u units.csv
