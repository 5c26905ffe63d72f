# A method name one letter off: the hint names it, and the list names every method.
sed -i '0,/^method = value/s//method = targt/' ../rules.ini
