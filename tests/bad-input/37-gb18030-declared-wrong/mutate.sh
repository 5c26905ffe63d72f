iconv -f UTF-8 -t GB18030 observations.csv > o && mv o observations.csv
