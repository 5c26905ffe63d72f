sed -i '0,/^points = 15/s//points = 16/' ../rules.ini && sed -i '0,/^max = 15/s//max = 16/' ../rules.ini
