sed -i 's/^min_raters = 40/min_raterz = 40/' ../rules.ini
