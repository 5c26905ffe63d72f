sed -i '0,/^method = mean/s//method = mediam/' ../rules.ini
