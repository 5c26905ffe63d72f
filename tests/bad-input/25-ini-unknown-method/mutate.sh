sed -i '0,/^method = mean/s//method = median/' ../rules.ini
