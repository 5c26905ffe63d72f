printf '[indicator.x]\nrule = %0300d\n' 0 >> ../rules.ini
