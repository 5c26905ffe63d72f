sed -i '0,/^points = 15/s//points = fifteen/' ../rules.ini
