# An input's 'missing = error' was read and ignored (a missing month was flagged anyway).
sed -i '0,/^missing = flag/s//missing = error/' ../rules.ini
