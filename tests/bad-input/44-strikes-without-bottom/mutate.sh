sed -i '/^bottom = 3/d' ../rules.ini
