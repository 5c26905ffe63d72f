sed -i '0,/^kind = area/s//kind = areas/' ../rules.ini
